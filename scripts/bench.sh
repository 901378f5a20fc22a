#!/usr/bin/env bash
# make bench [BASELINE=<commit>]: tests/harness/bench.py on an emulator and SaaS fakes of its own (ports
# BENCH_EMULATOR_PORT, default 5021, and BENCH_SAAS_FAKES_PORT, default 5121), stopped on exit;
# with --baseline <commit>, tests/harness/bench.py starts and stops the older commit's own as well.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-venv.sh
export PATH="$PWD/.venv/bin:$PATH"
# The older commit's worktree and toolchain are set up first, while the package index is reachable
# (emulator-env.sh points every proxy at a closed port).
if [ "${1:-}" = --baseline ]; then
  python -m tests.harness.bench --prepare-baseline "${2:?--baseline needs a commit}"
fi
export ANSIBLE_CONFIG="$PWD/ansible.cfg"
source scripts/lib/emulator-env.sh
export EMULATOR_PORT="${BENCH_EMULATOR_PORT:-5021}"
export EMULATOR_RUN_DIR="$PWD/.run/bench"
export SAAS_FAKES_PORT="${BENCH_SAAS_FAKES_PORT:-5121}"
trap 'scripts/emulator stop; scripts/saas-fakes stop' EXIT
scripts/emulator start
scripts/saas-fakes start
python -m tests.harness.bench "$@"
