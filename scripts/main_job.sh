#!/usr/bin/env bash
# main_job.sh -- the README's first command: sets everything up on a fresh Debian machine, builds the CLI in
# Release and runs the main job on the bundled data, writing text, JSON, LaTeX and Markdown to results/.
# Today's main job: the Columbus (Anselin 1988) OLS with spatial diagnostics; the China cities analysis
# replaces it when its estimators land.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/build.sh" release hinterland
hinterland="$root/build/release/cli/hinterland"
data="$root/datasets/columbus"
out="$root/results/columbus"
mkdir -p "$out"

"$hinterland" --version
echo
echo "== Weights: Columbus queen contiguity (GeoDa GAL, spData col.gal.nb) =="
"$hinterland" weights summary --weights "$data/columbus_queen.gal" --style W | tee "$out/weights_summary.txt"
echo
echo "== OLS of CRIME on INC and HOVAL with spatial diagnostics (row-standardised W) =="
fit=(fit --model ols --data "$data/columbus.csv" --id POLYID --weights "$data/columbus_queen.gal"
     --formula "CRIME ~ INC + HOVAL")
"$hinterland" "${fit[@]}" | tee "$out/ols.txt"
for format in json latex markdown csv; do
  "$hinterland" "${fit[@]}" --format "$format" --output "$out/ols.$format"
done
echo
echo "results written to $out: $(cd "$out" && ls | tr '\n' ' ')"
