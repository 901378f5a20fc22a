"""tests/harness/checkov_lint.py: a finding passes only with an inline skip for its own ID and a reason, on its own lines."""

from __future__ import annotations

from pathlib import Path

from tests.harness import checkov_lint

BLOCK = """- name: Main lane
  # checkov:skip=CKV2_ANSIBLE_3: a grouping block; a failure must stop the run
  when: true
  block:
    - name: A task
      ansible.builtin.debug:
- name: Side lane
  # checkov:skip=CKV2_ANSIBLE_3:
  block: []
"""


def finding(first: int, last: int, check: str = "CKV2_ANSIBLE_3") -> dict:
    return {"check_id": check, "check_name": "Ensure block is handling task errors properly", "resource": "block.x",
            "file_path": "/site.yml", "file_line_range": [first, last]}  # fmt: skip


def test_only_a_reasoned_skip_of_the_same_check_on_the_findings_lines_counts(tmp_path: Path) -> None:
    (tmp_path / "site.yml").write_text(BLOCK)
    reports = [{"results": {"failed_checks": [finding(1, 6), finding(1, 6, "CKV2_ANSIBLE_1"), finding(7, 9), finding(3, 6)]}}]
    assert checkov_lint.unjustified(reports, tmp_path) == [
        "CKV2_ANSIBLE_1 Ensure block is handling task errors properly: block.x (site.yml:1-6)",  # another check's skip
        "CKV2_ANSIBLE_3 Ensure block is handling task errors properly: block.x (site.yml:7-9)",  # no reason given
        "CKV2_ANSIBLE_3 Ensure block is handling task errors properly: block.x (site.yml:3-6)",  # not on its lines
    ]
