#!/usr/bin/env python3
"""Two-way fixed-effects spatial panels by N x T (benchmarks/README.md, "Spatial panels").

For each design (a row-standardised rook lattice and k = 8 nearest neighbours of uniform points), each panel
size N x T and each model (SAR, SDM), simulates a seeded two-way panel with `hinterland simulate --model sar
--rho 0.5 --panel T --individual-effects --time-effects` (one data set per design and size, shared by both
models: the SDM's W X coefficients are then 0), and times the whole `hinterland fit --time time --effects
twoways` (reading the CSV and the weights included) under /usr/bin/time -f '%e %U %S %M': wall and CPU
seconds, peak RSS, the fit's own seconds, rho-hat and its SE, and the log-determinant the fit used. An
optional --unbalanced FRACTION adds the same fits on panels with that share of unit-periods missing (each
period with its own W_t). Writes benchmarks/results/panel_scale_<date>.json and .md. Python 3 standard
library only.

    python3 benchmarks/scale/run_panel_scale.py --hinterland build/release/cli/hinterland \\
        --sizes 2500x20,100000x10,1000000x10
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys

DESIGNS = {
    "rook": ["--design", "lattice", "--contiguity", "rook"],
    "knn8": ["--design", "points", "--k", "8"],
}
MODELS = ["sar", "sdm"]
FORMULA = "y ~ x1 + x2 + x3"


def parse_sizes(text):
    sizes = []
    for item in text.split(","):
        units, periods = item.lower().split("x")
        sizes.append((int(units), int(periods)))
    return sizes


def lattice_shape(units):
    """Rows and columns of a lattice of exactly `units` cells, as square as possible."""
    rows = int(units ** 0.5)
    while units % rows:
        rows -= 1
    return rows, units // rows


def simulate(hinterland, design, units, periods, unbalanced, folder, seed):
    if os.path.exists(os.path.join(folder, "data.csv")):
        return
    args = [hinterland, "simulate"] + DESIGNS[design] + ["--model", "sar", "--rho", "0.5", "--panel", str(periods),
                                                          "--individual-effects", "--time-effects",
                                                          "--seed", str(seed), "--output-dir", folder]
    if design == "rook":
        rows, columns = lattice_shape(units)
        args += ["--rows", str(rows), "--cols", str(columns)]
    else:
        args += ["--n", str(units)]
    if unbalanced:
        args += ["--unbalanced", str(unbalanced)]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


def fit(hinterland, model, folder, unbalanced):
    output = os.path.join(folder, f"fit_{model}.json")
    args = ["/usr/bin/time", "-f", "%e %U %S %M", hinterland, "fit", "--model", model, "--data",
            os.path.join(folder, "data.csv"), "--id", "id", "--time", "time", "--weights",
            os.path.join(folder, "weights.gal"), "--formula", FORMULA, "--effects", "twoways", "--format", "json",
            "--output", output]
    if unbalanced:
        args += ["--islands", "keep"]  # the simulated W_t keep their islands' zero rows
    run = subprocess.run(args, capture_output=True, text=True)
    wall, user, system, rss_kb = run.stderr.strip().splitlines()[-1].split()
    row = {"wall_s": float(wall), "cpu_s": float(user) + float(system), "peak_rss_mb": int(rss_kb) / 1024,
           "exit": run.returncode}
    if run.returncode != 0:
        row["error"] = run.stderr.strip().splitlines()[0]
        return row
    result = json.load(open(output))
    rho = next(c for c in result["coefficients"] if c["name"] == "rho")
    row.update({"fit_s": result["timings"].get("fit"), "rho": rho["estimate"], "rho_se": rho["std_error"],
                "observations": result["panel"]["observations"], "logdet": result["method"]["logdet_used"],
                "engine": result["engine"]})
    return row


def markdown(rows, date):
    lines = [f"# Two-way FE spatial panels by N x T ({date}, {platform.node()})", "",
             "| design | N × T | missing | model | observations | wall s | fit s | CPU s | peak RSS MB | ρ̂ (SE) "
             "| log-determinant |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        if row.get("exit"):
            lines.append(f"| {row['design']} | {row['units']} × {row['periods']} | {row['unbalanced']} | "
                         f"{row['model']} | | failed: {row.get('error', '')} | | | | | |")
            continue
        lines.append(f"| {row['design']} | {row['units']:,} × {row['periods']} | {row['unbalanced']} | {row['model']} "
                     f"| {row['observations']:,} | {row['wall_s']:.2f} | {row['fit_s']:.2f} | {row['cpu_s']:.1f} "
                     f"| {row['peak_rss_mb']:.0f} | {row['rho']:.5f} ({row['rho_se']:.5f}) | {row['logdet']} |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hinterland", default="build/release/cli/hinterland")
    parser.add_argument("--sizes", default="2500x20,100000x10,1000000x10", help="N x T, comma-separated")
    parser.add_argument("--designs", default="rook,knn8")
    parser.add_argument("--unbalanced", type=float, default=0.0, help="share of unit-periods missing (0: none)")
    parser.add_argument("--work-dir", default="/tmp/hinterland_panel_scale")
    parser.add_argument("--out", default="benchmarks/results")
    parser.add_argument("--seed", type=int, default=3)
    options = parser.parse_args()
    rows = []
    for design in options.designs.split(","):
        for units, periods in parse_sizes(options.sizes):
            folder = os.path.join(options.work_dir, f"{design}_{units}x{periods}_{options.unbalanced:g}")
            simulate(options.hinterland, design, units, periods, options.unbalanced, folder, options.seed)
            for model in MODELS:
                row = {"design": design, "units": units, "periods": periods, "unbalanced": options.unbalanced,
                       "model": model}
                row.update(fit(options.hinterland, model, folder, options.unbalanced))
                rows.append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
    date = datetime.date.today().isoformat()
    os.makedirs(options.out, exist_ok=True)
    stem = os.path.join(options.out, f"panel_scale_{date}" + (f"_unbalanced{options.unbalanced:g}"
                                                              if options.unbalanced else ""))
    with open(stem + ".json", "w") as out:
        json.dump({"date": date, "machine": platform.node(), "cpus": os.cpu_count(), "rows": rows}, out, indent=1)
    with open(stem + ".md", "w") as out:
        out.write(markdown(rows, date))
    print(markdown(rows, date))


if __name__ == "__main__":
    main()
