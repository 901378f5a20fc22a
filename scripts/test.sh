#!/usr/bin/env bash
# Every test of the project: scripts/test.sh [lint|pytest|molecule]... (default: all three).
# tests/harness/testrun.py shares the jobs among two workers (TEST_WORKERS), each with an emulator and
# SaaS fakes of its own on ports from TEST_EMULATOR_PORT (5011) and TEST_SAAS_FAKES_PORT (5111),
# stopped on exit, so a developer's `make up` state on 5001 is never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-venv.sh
export PATH="$PWD/.venv/bin:$PATH"
export ANSIBLE_CONFIG="$PWD/ansible.cfg"

# No test can reach a real account (dummy keys, every endpoint the test emulator).
source scripts/lib/emulator-env.sh

exec python -m tests.harness.testrun "$@"
