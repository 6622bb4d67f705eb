#!/usr/bin/env bash
# setup_debian.sh -- the one list of Debian packages Hinterland needs; installs only what is missing.
# Used by the README's two commands, by .ci/run and by benchmarks/. Safe to run repeatedly.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config clang-format python3
  libopenblas-dev libopenblas0-pthread liblapack-dev libarmadillo-dev
  libsuitesparse-dev libceres-dev libeigen3-dev libspectra-dev libarpack2-dev
  libboost-dev libboost-math-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev libfmt-dev nlohmann-json3-dev
  libgdal-dev libreadstat-dev libnanoflann-dev
)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup_debian: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "setup_debian: installing ${#missing[@]} missing packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
