#!/usr/bin/env bash
# Rebuilds every derived file of datasets/china_cities and datasets/us_counties from the pinned npm sources
# and the raw/ tables, then runs the checker. Needs node, npm and python3 (standard library only).
# Usage: bash datasets/china_cities/derive_all.sh [SCRATCH_DIR] [--reference SHARED_CHINA_DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
scratch="${TMPDIR:-/tmp}/hinterland-dataset-sources"
if [[ $# -gt 0 && "$1" != --* ]]; then
  scratch="$1"
  shift
fi
bash "$here/fetch_sources.sh" "$scratch" >/dev/null
node "$here/derive_units.js" --sources "$scratch" --out "$here"
node "$here/../us_counties/derive_us_adjacency.js" --sources "$scratch" --out "$here/../us_counties"
python3 "$here/derive_census.py"
python3 "$here/derive_analysis.py"
python3 "$here/simulate_panel.py"   # SIMULATED sim_* files (seed 20240601)
python3 "$here/check_derivation.py" "$@"
