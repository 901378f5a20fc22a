#!/usr/bin/env bash
# Every test of the project: scripts/test.sh [lint|pytest|molecule]... (default: all three).
# Starts its own emulator on a port of its own (TEST_EMULATOR_PORT, default 5011) and stops it
# on exit, so a developer's `make up` state on 5001 is never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-venv.sh
export PATH="$PWD/.venv/bin:$PATH"
export ANSIBLE_CONFIG="$PWD/ansible.cfg"

# No test can reach a real account (dummy keys, every endpoint the test emulator).
source scripts/lib/emulator-env.sh
export EMULATOR_PORT="${TEST_EMULATOR_PORT:-5011}"
export EMULATOR_RUN_DIR="$PWD/.run/test"
export SAAS_FAKES_PORT="${TEST_SAAS_FAKES_PORT:-5111}"

stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(lint pytest molecule)

emulator_started=""
start_emulator() {
  [ -n "$emulator_started" ] && return 0
  emulator_started=yes
  trap 'scripts/emulator stop; scripts/saas-fakes stop' EXIT
  scripts/emulator start
  scripts/saas-fakes start
}

for stage in "${stages[@]}"; do
  SECONDS=0
  case "$stage" in
    lint)
      echo "== lint: yamllint"
      yamllint --strict .
      echo "== lint: ansible-lint (production profile, offline)"
      ansible-lint
      ;;
    pytest)
      start_emulator
      echo "== pytest"
      pytest
      ;;
    molecule)
      start_emulator
      for scenario in molecule/*/molecule.yml; do
        name=$(basename "$(dirname "$scenario")")
        echo "== molecule: $name"
        molecule test -s "$name"
      done
      ;;
    *) echo "test.sh: unknown stage '$stage' (lint, pytest, molecule)" >&2; exit 2 ;;
  esac
  echo "== $stage: ${SECONDS}s"
done
