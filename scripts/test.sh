#!/usr/bin/env bash
# Every test of the project: scripts/test.sh [lint|pytest|molecule]... (default: all three).
# Starts its own emulator on a port of its own (TEST_EMULATOR_PORT, default 5011) and stops it
# on exit, so a developer's `make up` state on 5001 is never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-venv.sh
export PATH="$PWD/.venv/bin:$PATH"
export ANSIBLE_CONFIG="$PWD/ansible.cfg"

# No test can reach a real account: dummy keys, no profile, no config file, and every AWS
# endpoint is the test emulator.
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_ENDPOINT_URL AWS_URL EC2_URL
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=ap-northeast-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
# Anything not on loopback goes to a closed port: a request that escapes fails at once, locally.
export HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1,localhost
export http_proxy="$HTTP_PROXY" https_proxy="$HTTPS_PROXY" no_proxy="$NO_PROXY"
export EMULATOR_PORT="${TEST_EMULATOR_PORT:-5011}"
export EMULATOR_RUN_DIR="$PWD/.run/test"
export SAAS_FAKES_PORT="${TEST_SAAS_FAKES_PORT:-5111}"
export ANSIBLE_NOCOLOR=1 PY_COLORS=0

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
