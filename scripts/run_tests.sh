#!/usr/bin/env bash
# run_tests.sh [--sanitize] -- the README's test command: sets everything up on a fresh Debian machine
# (apt-get only what is missing), builds in Release with assertions and runs every test through ctest.
# --sanitize builds Debug + ASan/UBSan in build/asan instead and runs every test but the benchmark smoke runs
# and the n = 10^6 fits (label large: minutes under the sanitizers).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ "${1:-}" = "--sanitize" ]; then
  bash "$root/scripts/build.sh" asan
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  export OPENBLAS_NUM_THREADS=1
  ctest --test-dir "$root/build/asan" --output-on-failure -j "$(nproc)" -LE "bench_smoke|slow|large"
else
  bash "$root/scripts/build.sh" release
  ctest --test-dir "$root/build/release" --output-on-failure -j "$(nproc)"
fi
