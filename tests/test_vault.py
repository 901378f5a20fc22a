"""Secrets in a real ansible-vault file: read with the password file from the environment, refused without it.

The vault is built from the committed vault.yml.example (placeholders replaced), so the example
is proved to list every secret preflight requires. Preflight makes no AWS call; the emulator's
request log proves that a run without the password stops before any.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def vaulted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """inventories/local with its secrets moved into an encrypted vault.yml."""
    root = tmp_path_factory.mktemp("vault")
    inventory = root / "inventory"
    shutil.copytree(ROOT / "inventories" / "local", inventory)
    env = inventory / "group_vars" / "all" / "env.yml"
    env.write_text("".join(line for line in env.read_text().splitlines(True) if not line.startswith("vault_")))
    example = (ROOT / "inventories" / "prod" / "group_vars" / "all" / "vault.yml.example").read_text()
    vault = inventory / "group_vars" / "all" / "vault.yml"
    vault.write_text(re.sub(r"^(vault_\w+): <[^>]+>$", r"\1: secret-\1-0000000000", example, flags=re.M))
    (root / "password").write_text(PASSWORD + "\n")
    subprocess.run([BIN / "ansible-vault", "encrypt", "--vault-password-file", root / "password", vault], check=True)
    return root


def run(root: Path, *args: str, password_file: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("ANSIBLE_VAULT")}
    environment["ANSIBLE_NOCOLOR"] = "1"
    if password_file is not None:
        environment["ANSIBLE_VAULT_PASSWORD_FILE"] = str(password_file)
    return subprocess.run(
        [BIN / "ansible-playbook", "-i", root / "inventory", *args],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_the_vault_file_holds_no_readable_secret(vaulted: Path) -> None:
    text = (vaulted / "inventory" / "group_vars" / "all" / "vault.yml").read_text()
    assert text.startswith("$ANSIBLE_VAULT;1.1;AES256")
    assert "secret-" not in text


def test_preflight_reads_the_vault_with_the_password_file_from_the_environment(vaulted: Path) -> None:
    done = run(vaulted, "playbooks/preflight.yml", password_file=vaulted / "password")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    check = vaulted / "check.yml"
    check.write_text(
        "- hosts: localhost\n  gather_facts: false\n  tasks:\n"
        "    - ansible.builtin.assert:\n"
        "        that: datadog_api_key == 'secret-vault_datadog_api_key-0000000000'\n"
        "        quiet: true\n"
    )
    done = run(vaulted, str(check), password_file=vaulted / "password")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    assert "secret-" not in done.stdout + done.stderr


@pytest.mark.emulator
def test_without_the_password_the_run_stops_before_any_call(vaulted: Path) -> None:
    from tests.helpers import recorded

    with recorded() as sent:
        done = run(vaulted, "site.yml")
    assert done.returncode != 0
    assert "Attempting to decrypt but no vault secrets found" in done.stdout + done.stderr, (done.stdout + done.stderr)[-2000:]
    assert sent["requests"] == 0, sent


def test_a_wrong_password_is_refused(vaulted: Path) -> None:
    wrong = vaulted / "wrong"
    wrong.write_text("not the password\n")
    done = run(vaulted, "playbooks/preflight.yml", password_file=wrong)
    assert done.returncode != 0
    assert "Decryption failed" in done.stdout + done.stderr
