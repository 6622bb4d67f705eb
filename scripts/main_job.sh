#!/usr/bin/env bash
# main_job.sh -- the README's first command: sets everything up on a fresh Debian machine, builds the CLI in
# Release and runs the main job on the bundled data, writing text, JSON, LaTeX and Markdown to results/.
# 1. Columbus (Anselin 1988) OLS with spatial diagnostics. 2. China cities 2010-2020 (real census data):
# W summary, OLS + Moran's I + LM tests, SAR and SDM with simulated impacts. 3. The same with SIMULATED
# variables (sim_*). 3b. A real spatial panel: Produc, two-way FE SAR and SEM (as splm). 3c. China's
# provinces 2001-2014 and 2016-2020 (real): two-way FE SDM of GDP growth on the change in industrial share,
# with impacts. 4. The migrant-worker claim check. A step that fails is reported and the job goes on to the
# others, then exits non-zero: a broken fit is a failure, never a skip. Warnings are printed once per fit
# (by its text run), not once per output format. Set HINTERLAND_SKIP_BUILD=1 and HINTERLAND=path to reuse a
# built binary.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [[ "${HINTERLAND_SKIP_BUILD:-0}" != 1 ]]; then
  bash "$root/scripts/build.sh" release hinterland
fi
hinterland="${HINTERLAND:-$root/build/release/cli/hinterland}"
draws=1000
seed=20240601
failures=0  # steps that failed; the job exits 1 at the end when any did

# Runs the CLI for one more output format of a fit already shown: its warnings were printed by the text run,
# so its stderr is shown only when it fails.
run_format() {
  local messages
  if ! messages="$("$hinterland" "$@" 2>&1 >/dev/null)"; then
    echo "$messages" >&2
    return 1
  fi
}

"$hinterland" --version
echo

# ---------------------------------------------------------------------------------------------------------
# 1. Columbus
data="$root/datasets/columbus"
out="$root/results/columbus"
mkdir -p "$out"
echo "== Columbus: OLS of CRIME on INC and HOVAL with spatial diagnostics (queen W, row-standardised) =="
fit=(fit --model ols --data "$data/columbus.csv" --id POLYID --weights "$data/columbus_queen.gal"
     --formula "CRIME ~ INC + HOVAL")
"$hinterland" "${fit[@]}" | tee "$out/ols.txt"
for format in json latex markdown csv; do
  run_format "${fit[@]}" --format "$format" --output "$out/ols.$format"
done
echo

# ---------------------------------------------------------------------------------------------------------
# 2. China cities (real data: census 2010/2020, Dong, Du & Liu 2022; W: 0.01 degree contiguity + ferry link)
china="$root/datasets/china_cities"
out="$root/results/china"
rm -rf "$out"  # no stale results of an earlier run
mkdir -p "$out"
python3 "$china/derive_analysis.py" --check
weights="$china/china_cities_weights.csv"
controls="is_provincial_capital + is_municipality + factor(region4_nbs) + log_pop_2010 + urban_share_2010"
controls+=" + age_0_14_pct_2010 + age_60plus_pct_2010"
formula="growth_2010_2020 ~ $controls"
common=(--data "$china/china_cities_analysis.csv" --id code --weights "$weights" --missing drop)

# Writes text to stdout and $out/NAME.txt, then JSON, LaTeX, Markdown and CSV next to it; fails when any
# run fails (after trying them all).
fit_all_formats() {
  local name="$1" status=0 format extension
  shift
  "$hinterland" fit "$@" | tee "$out/$name.txt" || status=1
  for format in json:json latex:tex markdown:md csv:csv; do
    extension="${format#*:}"
    run_format fit "$@" --format "${format%%:*}" --output "$out/$name.$extension" || status=1
  done
  return "$status"
}

# Marks every result file of the simulated section as SIMULATED in its own syntax.
label_simulated() {
  python3 - "$@" <<'PYTHON'
import csv, io, json, sys
banner, paths = sys.argv[1], sys.argv[2:]
for path in paths:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if banner in text:
        continue
    if path.endswith(".json"):
        result = json.loads(text)
        result["simulated_data_notice"] = banner
        text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    elif path.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(text)))
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([rows[0] + ["data"]] + [row + [banner] for row in rows[1:]])
        text = out.getvalue()
    elif path.endswith(".tex"):
        text = f"% {banner}\n\\noindent\\textbf{{{banner}}}\n\n" + text
    elif path.endswith(".md"):
        text = f"> **{banner}**\n\n" + text
    else:
        text = f"{banner}\n\n" + text
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
PYTHON
}

# Fits MODEL with impacts and says what the indirect effect of capital status says (from the JSON).
spatial_model() {
  local model="$1" name="$2" model_formula="$3"
  echo
  echo "== ${model^^} of the same specification, impacts with $draws simulated draws (seed $seed) =="
  if ! fit_all_formats "$name" --model "$model" "${common[@]}" --formula "$model_formula" \
      --impacts --draws "$draws" --seed "$seed"; then
    echo "-- FAILED: the $model fit did not succeed (message above); the job goes on and will exit 1"
    failures=$((failures + 1))
    return 0
  fi
  python3 "$root/paper/analyses/read_impacts.py" "$out/$name.json" | tee "$out/$name.capital_impacts.txt" ||
    echo "-- no impacts of is_provincial_capital found in $out/$name.json"
}

echo "== China cities (336 units, 2020 census boundaries): weights =="
echo "Island policy (default): Hainan is joined to the mainland by one labelled link, the Zhanjiang-Haikou ferry"
echo "(datasets/china_cities/island_links.csv). Alternative: china_cities_weights_no_ferry.csv, where Hainan is a"
echo "second component (see datasets/china_cities/SOURCE.md)."
"$hinterland" weights summary --weights "$weights" --style W | tee "$out/weights_summary.txt"
echo
echo "== Moran's I of 2010-2020 log population growth =="
"$hinterland" moran --data "$china/china_cities_analysis.csv" --variable growth_2010_2020 --id code \
  --weights "$weights" --seed "$seed" | tee "$out/moran_growth.txt"
echo
echo "== OLS of 2010-2020 log population growth with Moran's I and LM tests (Danzhou lacks 2010 urban share) =="
fit_all_formats ols --model ols "${common[@]}" --formula "$formula" || failures=$((failures + 1))
spatial_model sar sar "$formula"
spatial_model sdm sdm "$formula"

# ---------------------------------------------------------------------------------------------------------
# 3. SIMULATED variables
banner="SIMULATED DATA — not findings about China"
echo
echo "#################################################################################################"
echo "## $banner"
echo "## sim_relocation_2011_2020 and sim_migrant_share_change come from the spatial DGP of"
echo "## datasets/china_cities/simulate_panel.py (seed 20240601; SOURCE.md, \"Simulated panel\")."
echo "#################################################################################################"
common=(--data "$china/china_cities_analysis_with_sim.csv" --id code --weights "$weights" --missing drop)
sim_formula="$formula + sim_relocation_2011_2020 + sim_migrant_share_change"
echo "== [$banner] OLS with the simulated variables =="
fit_all_formats sim_ols --model ols "${common[@]}" --formula "$sim_formula" || failures=$((failures + 1))
spatial_model sar sim_sar "$sim_formula"
spatial_model sdm sim_sdm "$sim_formula"
echo
echo "== [$banner] Mundlak correlated random effects SAR on the simulated city panel 2003-2023: the simulated"
echo "   migrant share on the simulated relocation index, with capital status (real, time-invariant) and year dummies =="
python3 - "$china/sim_panel_2003_2023.csv" "$china/china_cities_analysis.csv" "$out/sim_panel_with_capital.csv" <<'PYTHON'
import csv, sys
panel_path, analysis_path, out_path = sys.argv[1:]
capital = {row["code"]: row["is_provincial_capital"] for row in csv.DictReader(open(analysis_path, encoding="utf-8"))}
with open(panel_path, encoding="utf-8") as source, open(out_path, "w", encoding="utf-8", newline="") as target:
    rows = csv.DictReader(source)
    writer = csv.DictWriter(target, fieldnames=rows.fieldnames + ["is_provincial_capital"], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        row["is_provincial_capital"] = capital[row["code"]]
        writer.writerow(row)
PYTHON
fit_all_formats sim_panel_mundlak_sar --model sar --mundlak --data "$out/sim_panel_with_capital.csv" --id code \
    --time year --weights "$weights" --formula "sim_migrant_share ~ sim_relocation_index + is_provincial_capital + factor(year)" ||
  failures=$((failures + 1))
label_simulated "$banner" "$out"/sim_*
echo "## end of $banner"

# ---------------------------------------------------------------------------------------------------------
# 3b. A spatial panel on real data: Munnell's Produc (48 US states, 1970-1986) with splm's usaww weights,
# two-way fixed effects SAR and SEM as splm's spml(model = "within", effect = "twoways") fits them (the
# reference test tests/reference/panels checks these against splm 1.6-5).
produc_out="$root/results/produc"
mkdir -p "$produc_out"
produc=(--data "$root/datasets/produc/produc.csv" --id state --time year --weights "$root/datasets/produc/usaww.gal"
        --formula "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp" --effects twoways)
for model in sar sem; do
  echo
  echo "== Produc (Munnell 1990, real data): two-way fixed effects ${model^^}, 48 states x 17 years =="
  if ! "$hinterland" fit --model "$model" "${produc[@]}" | tee "$produc_out/${model}_fe_twoways.txt" ||
      ! run_format fit --model "$model" "${produc[@]}" --format json --output "$produc_out/${model}_fe_twoways.json"; then
    echo "-- FAILED: the Produc $model panel fit did not succeed (message above); the job goes on and will exit 1"
    failures=$((failures + 1))
  fi
done

# ---------------------------------------------------------------------------------------------------------
# 3c. The provinces of China, a real yearly panel (NBS via DOSE v2.11; datasets/china_provinces/SOURCE.md):
# two-way fixed-effects SDM of GDP growth on the change in the province's share of national secondary value
# added (the relocation measure), with direct and spill-over impacts, on each data vintage separately (the
# 2014/2015 re-basing is never read as growth).
provinces="$root/datasets/china_provinces"
provinces_out="$root/results/china_provinces"
mkdir -p "$provinces_out"
china_out="$out"
out="$provinces_out"  # where fit_all_formats writes
for vintage in 2001_2014 2016_2020; do
  echo
  echo "== China's 31 provinces, growth years ${vintage/_/-} (real data): two-way FE SDM of GDP growth on the"
  echo "   change in industrial share, impacts with $draws simulated draws (seed $seed) =="
  if ! fit_all_formats "provinces_sdm_$vintage" --model sdm --data "$provinces/china_provinces_$vintage.csv" \
      --id province_code --time year --weights "$provinces/china_provinces_weights.csv" --effects twoways \
      --formula "real_gdp_growth_pct ~ d_secondary_share_pp" --impacts --draws "$draws" --seed "$seed"; then
    echo "-- FAILED: the provinces $vintage fit did not succeed (message above); the job goes on and will exit 1"
    failures=$((failures + 1))
    continue
  fi
  python3 - "$out/provinces_sdm_$vintage.json" <<'PYTHON' | tee "$provinces_out/provinces_sdm_$vintage.reading.txt"
import json, sys
result = json.load(open(sys.argv[1]))
impact = next(i for i in result["impacts"] if i["name"] == "d_secondary_share_pp")
def line(kind):
    part = impact[kind]
    return (f"{kind} {part['estimate']:.3f} (SE {part['std_error']:.3f}, "
            f"95% interval {part['lower']:.3f} to {part['upper']:.3f})")
print("Reading (an association in a two-way FE panel, not a causal effect; the direct part is partly")
print("mechanical, since industry is part of GDP):", line("direct") + ";", line("indirect") + ".")
lower, upper = impact["indirect"]["lower"], impact["indirect"]["upper"]
if lower > 0:
    print("Neighbours' growth moves WITH a province's gain in industrial share (spill-over).")
elif upper < 0:
    print("Neighbours' growth moves AGAINST a province's gain in industrial share (drain).")
else:
    print("The indirect effect's interval includes 0: no evidence of spill-over or of drain at this size.")
for test in result["diagnostics"]:
    if test["name"].startswith("LR test (SDM vs"):
        print(f"{test['name']}: LR = {test['statistic']:.2f} on {test['df']:g} df, p = {test['p_value']:.3g}"
              " (a small p keeps the SDM against the simpler model)")
PYTHON
done
out="$china_out"

# ---------------------------------------------------------------------------------------------------------
# 4. Migrant-worker claim check (real NBS figures)
echo
echo "== Migrant-worker claim check: central+west share, 2009-2022 =="
python3 "$root/paper/analyses/migrant_claim.py" --output "$out/migrant_claim.md"
echo
echo "results written to $root/results/columbus, $out, $root/results/produc and $provinces_out"
if [ "$failures" -gt 0 ]; then
  echo "main job: $failures step(s) FAILED (see above)" >&2
  exit 1
fi
