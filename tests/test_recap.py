"""tests/harness/recap.py: a change or failure on either lane of site.yml counts."""

from __future__ import annotations

from tests.harness.recap import recap

TWO_LANES = """
PLAY RECAP *********************************************************************
localhost                  : ok=119  changed=0    unreachable=0    failed=0    skipped=30   rescued=0    ignored=0
side_lane                  : ok=146  changed=3    unreachable=0    failed=1    skipped=43   rescued=0    ignored=0
"""


def test_every_host_of_the_last_recap_counts() -> None:
    earlier = "PLAY RECAP ***\nlocalhost : ok=9 changed=9 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0\n"
    assert recap(earlier + "TASK [x] ***\n" + TWO_LANES) == {
        "ok": 265, "changed": 3, "unreachable": 0, "failed": 1, "skipped": 73, "hosts": 2,
    }  # fmt: skip


def test_no_recap() -> None:
    assert recap("ERROR! the playbook could not be found") is None
    assert recap("PLAY RECAP ****\n") is None
