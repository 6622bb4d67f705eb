#!/usr/bin/env bash
# compare_fits.sh BINARY OUT_DIR [DATA_DIR] -- runs a fixed set of fits (every model x every log-determinant back-end on
# Columbus, with impacts where they apply, and the sparse back-ends on a simulated 100 x 100 rook lattice) and
# writes one JSON result per fit into OUT_DIR, with the timings (provenance stage_seconds) removed, so that
# two builds can be compared with `diff -r`: a refactoring that changes no behaviour leaves no difference.
set -euo pipefail
binary="$1"
out="$2"
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$out"
columbus=(--data "$root/datasets/columbus/columbus.csv" --id POLYID --formula "CRIME ~ INC + HOVAL"
          --weights "$root/datasets/columbus/columbus_queen.gal")
lattice_dir="${3:-$out/lattice}"  # give both runs the same DATA_DIR: file paths are part of the results
if [ ! -f "$lattice_dir/data.csv" ]; then
  "$binary" simulate --design lattice --n 10000 --model sar --rho 0.4 --seed 7 --output-dir "$lattice_dir" \
    > /dev/null
fi
lattice=(--data "$lattice_dir/data.csv" --id id --formula "y ~ x1 + x2 + x3" --weights "$lattice_dir/weights.gal")

strip_timings() {
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r.pop("timings",None); json.dump(r,open(sys.argv[1],"w"),indent=1,sort_keys=True)' "$1"
}

run() {  # run NAME ARGS...
  local name="$1"
  shift
  "$binary" fit "$@" --format json --output "$out/$name.json" 2> "$out/$name.stderr" || echo "exit $?" >> "$out/$name.stderr"
  [ -f "$out/$name.json" ] && strip_timings "$out/$name.json"
  return 0
}

for vcov in classical HC0 HC3; do run "columbus_ols_$vcov" "${columbus[@]}" --model ols --vcov "$vcov"; done
run columbus_ols_noweights --data "$root/datasets/columbus/columbus.csv" --id POLYID --formula "CRIME ~ INC + HOVAL"
run columbus_slx "${columbus[@]}" --model slx --impacts
run columbus_slx_durbin "${columbus[@]}" --model slx --durbin INC --vcov HC1
for model in sar sem sdm sdem sac; do
  for logdet in auto eigen cholesky lu chebyshev mc lanczos interpolated; do
    extra=()
    case "$model" in sar|sdm|sac) extra=(--impacts --draws 200 --seed 11) ;; sdem) extra=(--impacts) ;; esac
    run "columbus_${model}_${logdet}" "${columbus[@]}" --model "$model" --logdet "$logdet" "${extra[@]}"
  done
done
run columbus_sar_hessian "${columbus[@]}" --model sar --vcov hessian
run columbus_sem_sandwich "${columbus[@]}" --model sem --vcov sandwich
run columbus_sdm_durbin "${columbus[@]}" --model sdm --durbin HOVAL --impacts --impacts-method traces --draws 100
run columbus_sac_w2 "${columbus[@]}" --model sac --weights2 "$root/datasets/columbus/columbus_anselin1988.gal"
for model in sar sem; do
  for logdet in auto cholesky lu chebyshev mc lanczos; do
    run "lattice_${model}_${logdet}" "${lattice[@]}" --model "$model" --logdet "$logdet"
  done
done
run lattice_sar_impacts "${lattice[@]}" --model sar --impacts --draws 100
run lattice_ols "${lattice[@]}" --model ols
# Balanced spatial panels (Produc, 48 states x 17 years): every ML panel model and effect, Lee-Yu, clustered
# SEs, random effects, Mundlak, recovered effects and impacts.
produc=(--data "$root/datasets/produc/produc.csv" --id state --time year --weights "$root/datasets/produc/usaww.gal"
        --formula "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp")
for model in sar sem sdm sdem; do
  for effects in none individual time twoways; do
    extra=()
    case "$model" in sar|sdm) extra=(--impacts --draws 100 --seed 5) ;; esac
    run "produc_${model}_${effects}" "${produc[@]}" --model "$model" --effects "$effects" "${extra[@]}"
  done
done
for effects in individual time twoways; do
  run "produc_sar_${effects}_leeyu" "${produc[@]}" --model sar --effects "$effects" --lee-yu
done
run produc_sem_twoways_cluster "${produc[@]}" --model sem --effects twoways --vcov cluster
run produc_sar_individual_effects "${produc[@]}" --model sar --effects individual --fixed-effects "$out/produc_effects.csv"
run produc_sar_random "${produc[@]}" --model sar --random
run produc_sem_mundlak "${produc[@]}" --model sem --mundlak
run produc_ols_none "${produc[@]}" --model ols
run produc_ols_twoways "${produc[@]}" --model ols --effects twoways
run produc_slx_individual "${produc[@]}" --model slx --effects individual
run produc_sac_twoways "${produc[@]}" --model sac --effects twoways
run produc_sac_twoways_leeyu "${produc[@]}" --model sac --effects twoways --lee-yu
run produc_sac_individual_cluster "${produc[@]}" --model sac --effects individual --vcov cluster --fixed-effects "$out/produc_sac_effects.csv"
# An unbalanced panel: Produc without its last row (WYOMING 1986) and without ALABAMA 1970.
# (written outside $out, so that the results of two runs name the same data file and compare byte for byte)
unbalanced_data="${TMPDIR:-/tmp}/hinterland_compare_fits_produc_unbalanced.csv"
sed -e '$d' -e '2d' "$root/datasets/produc/produc.csv" > "$unbalanced_data"
unbalanced=(--data "$unbalanced_data" --id state --time year --weights "$root/datasets/produc/usaww.gal"
            --formula "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp")
run produc_unbalanced_sar_twoways "${unbalanced[@]}" --model sar --effects twoways --fixed-effects "$out/produc_unbalanced_effects.csv"
run produc_unbalanced_sdm_individual "${unbalanced[@]}" --model sdm --effects individual --vcov cluster
run produc_unbalanced_sac_twoways "${unbalanced[@]}" --model sac --effects twoways
run produc_unbalanced_sar_random "${unbalanced[@]}" --model sar --random
run produc_unbalanced_sem_mundlak "${unbalanced[@]}" --model sem --mundlak
run produc_unbalanced_ols_twoways "${unbalanced[@]}" --model ols --effects twoways
run produc_unbalanced_slx_none "${unbalanced[@]}" --model slx
echo "compare_fits: $(ls "$out"/*.json | wc -l) results in $out"
