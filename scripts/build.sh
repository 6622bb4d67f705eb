#!/usr/bin/env bash
# build.sh [release|asan] -- installs missing Debian packages, configures and builds one build tree.
#   release: Release with assertions (-O2, no NDEBUG, _GLIBCXX_ASSERTIONS) in build/release
#   asan:    Debug with AddressSanitizer + UndefinedBehaviorSanitizer in build/asan (no benchmarks)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
flavour="${1:-release}"
shift || true
bash "$root/scripts/setup_debian.sh"
jobs="$(nproc)"
case "$flavour" in
  release)
    cmake -S "$root" -B "$root/build/release" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" ;;
  asan)
    cmake -S "$root" -B "$root/build/asan" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
      -DHINTERLAND_SANITIZERS="address;undefined" -DHINTERLAND_BUILD_BENCHMARKS=OFF "$@" ;;
  *)
    echo "usage: build.sh [release|asan] [cmake options]" >&2; exit 2 ;;
esac
cmake --build "$root/build/$flavour" -j "$jobs"
