"""The repository stands alone: a clone of it, anywhere, runs its commands with nothing beside it.

The vendors' API contracts are kept in contracts/ (their README gives each one's source, version
and sha256); no code, test, script or command in the docs reads the folders beside the repository
or an absolute path of one machine; and a copy of the repository in an empty directory loads the contracts and runs
`make help`.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = ROOT / "contracts"
# A path of this machine, or the folders beside the repository.
SIBLINGS = "../" + "shared"  # written apart, so that this file does not name it
OUTSIDE = re.compile(re.escape(SIBLINGS) + r"\b|(?<![\w.])/(work|root|home/\w+)/")
FENCE = re.compile(r"^```.*?^```", re.M | re.S)


def tracked() -> list[Path]:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    return [ROOT / name.decode() for name in files if name and (ROOT / name.decode()).is_file()]


def readme_rows() -> dict[str, str]:
    """{file: sha256} from the table of contracts/README.md."""
    rows = re.findall(r"^\| `([\w.-]+\.yaml)` \|[^\n]*\| `([0-9a-f]{64})` \|$", (CONTRACTS / "README.md").read_text(), re.M)
    return dict(rows)


def test_every_contract_is_in_the_repository_with_its_sha256() -> None:
    files = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in CONTRACTS.glob("*.yaml")}
    assert files, "contracts/ holds no contract"
    assert readme_rows() == files, "contracts/README.md: a file without its row, or a row whose sha256 is not the file's"


def outside_reads(path: Path, text: str) -> list[str]:
    """Lines that read outside the repository: anywhere in code, in a document's commands only."""
    if path.suffix == ".md":
        text = "\n".join(FENCE.findall(text)) + "\n" + "\n".join(re.findall(r"`([^`\n]+)`", FENCE.sub("", text)))
        text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return [line.strip() for line in text.splitlines() if OUTSIDE.search(line)]


def test_outside_reads_are_found() -> None:
    contracts, machine = f"{SIBLINGS}/contracts", "/" + "work/x/contracts"
    assert outside_reads(Path("x.py"), f'path = ROOT / "x"\nCONTRACTS = "{contracts}"\n') == [f'CONTRACTS = "{contracts}"']
    assert outside_reads(Path("x.py"), f'fallback = "{machine}"') == [f'fallback = "{machine}"']
    assert outside_reads(Path("x.md"), f"The design document ({SIBLINGS}/seed/) says so.\n") == []
    assert outside_reads(Path("x.md"), f"```sh\ncat {SIBLINGS}/seed/doc.txt\n```\n") == [f"cat {SIBLINGS}/seed/doc.txt"]


def test_nothing_reads_outside_the_repository() -> None:
    found = [
        f"{path.relative_to(ROOT)}: {line}"
        for path in tracked()
        if path.suffix not in (".json",) and path.parent.name != "bench"
        for line in outside_reads(path, path.read_text(errors="replace"))
    ]
    assert not found, "reads outside the repository:\n" + "\n".join(found)


@pytest.fixture(scope="module")
def lone_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's tracked files, as they are now, in an otherwise empty directory."""
    clone = tmp_path_factory.mktemp("alone") / "repository"
    for path in tracked():
        target = clone / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            target.symlink_to(path.readlink())
        else:
            shutil.copy2(path, target)
    assert sorted(p.name for p in clone.parent.iterdir()) == ["repository"]
    return clone


def test_a_lone_clone_loads_the_contracts(lone_clone: Path) -> None:
    code = (
        "from tests.harness.fakes import atlas, datadog, sentry\n"
        "from tests.harness.fakes.contract import Contract, contracts_dir\n"
        "for fake in (atlas.AtlasFake, datadog.DatadogFake, sentry.SentryFake):\n"
        "    contract = Contract(fake.contract_file)\n"
        "    print(contract.path, len(contract.operations))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=lone_clone, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    loaded = [line.split() for line in done.stdout.splitlines()]
    assert [Path(path).parent for path, _ in loaded] == [lone_clone / "contracts"] * 3
    assert [int(count) for _, count in loaded] == [20, 8, 6]


def test_a_lone_clone_runs_make_help(lone_clone: Path) -> None:
    done = subprocess.run(["make", "help"], cwd=lone_clone, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert "make up" in done.stdout and "make test" in done.stdout
