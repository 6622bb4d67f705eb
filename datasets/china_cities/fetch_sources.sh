#!/usr/bin/env bash
# Fetches the raw map sources of datasets/china_cities and datasets/us_counties from the npm registry
# into a scratch folder OUTSIDE the repository (node_modules is never committed), and prints that folder.
# Usage: bash datasets/china_cities/fetch_sources.sh [SCRATCH_DIR]
#   default SCRATCH_DIR: ${TMPDIR:-/tmp}/hinterland-dataset-sources
# Pinned versions: echarts@4.9.0 (Apache-2.0), pinyin-pro@3.29.4 (MIT), us-atlas@3.0.1 (ISC).
set -euo pipefail

scratch="${1:-${TMPDIR:-/tmp}/hinterland-dataset-sources}"
mkdir -p "$scratch"
# A package.json of its own keeps npm from walking up into an unrelated project.
if [[ ! -f "$scratch/package.json" ]]; then
  printf '{ "name": "hinterland-dataset-sources", "private": true }\n' >"$scratch/package.json"
fi

npm install --no-save --no-audit --no-fund --ignore-scripts --prefix "$scratch" \
  echarts@4.9.0 pinyin-pro@3.29.4 us-atlas@3.0.1 >&2

# Fail loudly if a pinned file is missing (a different version would silently change the data).
# NOTICE files of the derived data, written from the licence files shipped in the pinned packages: the
# Apache-2.0 terms (section 4 asks for the licence text and the NOTICE with any redistribution) and the ISC
# notice of us-atlas; the MIT notice of the Dong, Du & Liu census table, which is not an npm package, is
# written from the text of its repository's LICENSE (copyright line and licence are fixed).
write_notices() {
  local modules="$1/node_modules"
  local here
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  {
    echo "Third-party notices for datasets/china_cities (written by fetch_sources.sh)."
    echo
    echo "1. Map geometry: npm package echarts@4.9.0, file map/json/china-cities.json (and china.json and"
    echo "   province/*.json for names and label points), decoded and measured by derive_units.js; the GeoJSON"
    echo "   here is a simplified, decoded derivative. Licensed under the Apache License 2.0."
    echo "   NOTICE file of the package, verbatim:"
    echo
    sed 's/^/   /; s/ *$//' "$modules/echarts/NOTICE"
    echo
    echo "   Apache License 2.0 text, as shipped in the package's LICENSE (the subcomponent list that follows it"
    echo "   there concerns d3.js code, not the map data, and is omitted):"
    echo
    sed -n '1,/END OF TERMS AND CONDITIONS/p' "$modules/echarts/LICENSE"
    echo
    echo "2. Romanisation: npm package pinyin-pro@3.29.4 (MIT), used as a tool to write name_pinyin."
    echo
    sed 's/^/   /; s/ *$//' "$modules/pinyin-pro/LICENSE"
    echo
    echo "3. Census table raw/census_city_2010_2020_dong_du_liu_2022.csv and the aggregates derived from it:"
    echo "   github.com/leiii/census, data/census/census_city_2010-2020_v1.csv; cite L. Dong, R. Du and Y. Liu"
    echo "   (2022), Mapping Evolving Population Geography in China, SSRN 4049338. Licence:"
    echo
    cat <<'MIT'
   MIT License

   Copyright (c) 2022 Lei Dong

   Permission is hereby granted, free of charge, to any person obtaining a copy
   of this software and associated documentation files (the "Software"), to deal
   in the Software without restriction, including without limitation the rights
   to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
   copies of the Software, and to permit persons to whom the Software is
   furnished to do so, subject to the following conditions:

   The above copyright notice and this permission notice shall be included in all
   copies or substantial portions of the Software.

   THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
   IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
   FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
   AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
   LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
   OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
   SOFTWARE.
MIT
  } >"$here/NOTICE"
  {
    echo "Third-party notice for datasets/us_counties (written by datasets/china_cities/fetch_sources.sh)."
    echo
    echo "County topology: npm package us-atlas@3.0.1, counties-10m.json, derived from the US Census Bureau's"
    echo "2017 cartographic boundary files (public domain). Package licence (ISC), verbatim:"
    echo
    sed 's/^/   /; s/ *$//' "$modules/us-atlas/LICENSE"
  } >"$here/../us_counties/NOTICE"
}

for required in \
  node_modules/echarts/map/json/china-cities.json \
  node_modules/echarts/LICENSE \
  node_modules/pinyin-pro/package.json \
  node_modules/us-atlas/counties-10m.json; do
  if [[ ! -f "$scratch/$required" ]]; then
    echo "fetch_sources.sh: missing $scratch/$required" >&2
    exit 1
  fi
done
for package_version in echarts:4.9.0 pinyin-pro:3.29.4 us-atlas:3.0.1; do
  name="${package_version%%:*}"
  want="${package_version##*:}"
  got="$(node -p "require('$scratch/node_modules/$name/package.json').version")"
  if [[ "$got" != "$want" ]]; then
    echo "fetch_sources.sh: $name is $got, expected $want" >&2
    exit 1
  fi
done
write_notices "$scratch"
echo "$scratch"
