#!/usr/bin/env bash
# build.sh [release|asan] [target ...] -- installs missing Debian packages, configures and builds one tree.
#   release: Release with assertions (-O2, no NDEBUG, _GLIBCXX_ASSERTIONS) in build/release
#   asan:    Debug with AddressSanitizer + UndefinedBehaviorSanitizer in build/asan (no benchmarks)
# With targets, builds only those (e.g. `build.sh release hinterland`); otherwise everything.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
flavour="${1:-release}"
shift || true
bash "$root/scripts/setup_debian.sh"
case "$flavour" in
  release)
    cmake -S "$root" -B "$root/build/release" -G Ninja -DCMAKE_BUILD_TYPE=Release ;;
  asan)
    cmake -S "$root" -B "$root/build/asan" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
      -DHINTERLAND_SANITIZERS="address;undefined" -DHINTERLAND_BUILD_BENCHMARKS=OFF ;;
  *)
    echo "usage: build.sh [release|asan] [target ...]" >&2; exit 2 ;;
esac
targets=()
for target in "$@"; do targets+=(--target "$target"); done
cmake --build "$root/build/$flavour" -j "$(nproc)" "${targets[@]}"
