#!/usr/bin/env python3
"""Whole ML fits by log-determinant back-end and n (benchmarks/README.md, "Whole fits by back-end and n").

For each design (a row-standardised rook lattice and k = 8 nearest neighbours of uniform points, both from
`hinterland simulate`, seeded) and each n, fits SAR with every --logdet back-end under
/usr/bin/time -f '%e %U %S %M' and records wall and CPU seconds, peak RSS, rho-hat and its standard error,
the log-determinant and covariance descriptions and the engine/BLAS of the JSON result. Combinations known
to be infeasible are skipped with the reason; back-ends that do not exist in this build (lanczos,
interpolated) or refuse W (cholesky on kNN) are detected by trying and recorded as skipped with the
engine's message. Writes benchmarks/results/scale_<date>.json and .md. Python 3 standard library only.

    python3 benchmarks/scale/run_scale.py --hinterland build/release/cli/hinterland \\
        --sizes 1000,10000,100000 --large-auto
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time

METHODS = ["eigen", "cholesky", "lu", "chebyshev", "mc", "lanczos", "interpolated", "auto"]
DESIGNS = {
    "rook": ["--design", "lattice", "--contiguity", "rook"],
    "knn8": ["--design", "points", "--k", "8"],
}
FORMULA = "y ~ x1 + x2 + x3"


def lattice_n(n):
    """The square lattice nearest n from below (simulate needs a square number)."""
    side = int(round(n ** 0.5))
    while side * side > n:
        side -= 1
    return side * side


def skip_reason(design, n, method, args):
    """Known-infeasible combinations (measured once, see the README), so a run does not spend hours."""
    if method == "eigen" and n > 10000:
        return ("eigen is dense O(n^3): 113 s (rook) and 356 s (kNN, complex) of CPU and 1.6 GB at n = 10^4; "
                "refused above n = 20,000 (kEigenMaxN)")
    if n >= 1000000 and method != "auto" and not args.all_large:
        return "n = 10^6 runs only auto by default (--all-large for every back-end: exact ones take minutes)"
    if method == "lu" and design == "rook" and n > 100000 and not args.all_large:
        return "lu on a lattice above 10^5: cholesky is the exact route for W similar to symmetric"
    return None


def simulate(hinterland, design, n, work, seed):
    folder = os.path.join(work, f"{design}_{n}")
    if os.path.exists(os.path.join(folder, "data.csv")):
        return folder
    command = ["nice", "-n", "10", hinterland, "simulate", *DESIGNS[design], "--n", str(n), "--model", "sar",
               "--rho", "0.5", "--seed", str(seed), "--output-dir", folder, "--force"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return folder


def method_details(result):
    # The JSON contract moved the method strings from "method_details" to "method"; read either.
    details = result.get("method")
    if not isinstance(details, dict):
        details = result.get("method_details") or {}
    return details


def fit(hinterland, folder, method, timeout, nice):
    out = os.path.join(folder, f"fit_{method}.json")
    timing = os.path.join(folder, f"time_{method}.txt")
    command = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", timing, "nice", "-n", str(nice), hinterland, "fit",
               "--model", "sar", "--data", os.path.join(folder, "data.csv"), "--formula", FORMULA, "--id",
               "id", "--weights", os.path.join(folder, "weights.gal"), "--logdet", method, "--format", "json",
               "--output", out]
    record = {"method": method, "command": " ".join(command[8:])}
    if os.path.exists(out):
        os.remove(out)
    started = time.time()
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        record.update(status="timeout", reason=f"killed after {timeout} s")
        return record
    record["exit_code"] = completed.returncode
    stderr = completed.stderr.strip().splitlines()
    if completed.returncode == 2 or not os.path.exists(out):
        # Refused by the engine (option not applicable, back-end not built): the message is the reason.
        message = next((line for line in stderr if "hinterland:" in line and "warning" not in line),
                       stderr[-1] if stderr else "")
        record.update(status="skipped" if completed.returncode == 2 else "failed", reason=message.strip())
        return record
    wall, user, system, peak_kib = open(timing).read().split()[-4:]
    result = json.load(open(out))
    rho = next((c for c in result["coefficients"] if c["name"] == "rho"), {})
    details = method_details(result)
    record.update(
        status="ok" if result.get("usable") else result.get("status", "unusable"),
        wall_s=float(wall), user_s=float(user), sys_s=float(system),
        cpu_s=round(float(user) + float(system), 2), peak_rss_mib=round(int(peak_kib) / 1024.0, 1),
        fit_s=result.get("timings", {}).get("fit"), rho=rho.get("estimate"), rho_se=rho.get("std_error"),
        logdet_used=details.get("logdet_used"), logdet=details.get("logdet"), vcov=details.get("vcov"),
        engine_version=result.get("engine", {}).get("version"), blas=result.get("engine", {}).get("blas"),
        blas_library=result.get("engine", {}).get("blas_library"),
        threads=result.get("engine", {}).get("threads"),
        sparse_threads=result.get("engine", {}).get("sparse_threads"), elapsed_s=round(time.time() - started, 2))
    return record


def short_reason(reason):
    """The engine's message up to its first semicolon or its "(W = ..." aside, without the program prefix."""
    reason = reason.replace("hinterland: error: ", "")
    cut = min([i for i in (reason.find(" (W = "), reason.find(";")) if i > 0] or [len(reason)])
    return reason[:cut]


def markdown(records, meta):
    lines = [f"Whole SAR fits, {meta['date']}, {meta['machine']}; engine {meta.get('engine_version')}, "
             f"BLAS {meta.get('blas')}. {meta['note']}", "",
             "| design | n | --logdet | used | wall s | CPU s | peak RSS MiB | rho-hat | SE(rho) | note |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in records:
        if r["status"] in ("ok",) or "wall_s" in r:
            note = "" if r["status"] == "ok" else r["status"]
            lines.append(f"| {r['design']} | {r['n']:,} | {r['method']} | {r.get('logdet_used') or ''} | "
                         f"{r['wall_s']:.1f} | {r['cpu_s']:.1f} | {r['peak_rss_mib']:.0f} | "
                         f"{r['rho']:.7f} | {r['rho_se']:.2g} | {note} |")
        else:
            lines.append(f"| {r['design']} | {r['n']:,} | {r['method']} | | | | | | | "
                         f"{r['status']}: {short_reason(r.get('reason', ''))} |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hinterland", default="build/release/cli/hinterland")
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="comma-separated n (lattices: the square below); empty with --large-auto: 10^6 only")
    parser.add_argument("--designs", default="rook,knn8")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--large-auto", action="store_true", help="also n = 10^6 with --logdet auto")
    parser.add_argument("--all-large", action="store_true", help="every back-end at n >= 10^6")
    parser.add_argument("--work-dir", default="/tmp/hinterland-scale")
    parser.add_argument("--results-dir", default=os.path.join(os.path.dirname(__file__), "..", "results"))
    parser.add_argument("--timeout", type=int, default=900, help="seconds per fit before it is killed")
    parser.add_argument("--nice", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--note", default="", help="e.g. 'machine shared with other builds'")
    args = parser.parse_args()

    hinterland = os.path.abspath(args.hinterland)
    os.makedirs(args.work_dir, exist_ok=True)
    plan = []
    for design in args.designs.split(","):
        for n in [int(float(v)) for v in args.sizes.split(",") if v]:
            plan.append((design, n, args.methods.split(",")))
        if args.large_auto:
            plan.append((design, 1000000, ["auto"]))
    records = []
    for design, requested, methods in plan:
        n = lattice_n(requested) if design == "rook" else requested
        folder = simulate(hinterland, design, n, args.work_dir, args.seed)
        for method in methods:
            reason = skip_reason(design, n, method, args) if not (n >= 1000000 and method == "auto") else None
            record = {"design": design, "n": n}
            if reason:
                record.update(method=method, status="skipped", reason=reason)
            else:
                record.update(fit(hinterland, folder, method, args.timeout, args.nice))
            records.append(record)
            print(json.dumps(record), flush=True)

    engines = [r for r in records if r.get("engine_version")]
    date = datetime.date.today().isoformat()
    meta = {"date": date, "machine": f"{platform.node()}, {os.cpu_count()} cores, {platform.platform()}",
            "engine_version": engines[0]["engine_version"] if engines else None,
            "blas": engines[0]["blas"] if engines else None, "note": args.note,
            "timing": "/usr/bin/time -f '%e %U %S %M' around `hinterland fit` (reading the files included)",
            "data": f"hinterland simulate --model sar --rho 0.5 --seed {args.seed}; formula {FORMULA}"}
    os.makedirs(args.results_dir, exist_ok=True)
    base = os.path.join(args.results_dir, f"scale_{date}")
    with open(base + ".json", "w") as handle:
        json.dump({"meta": meta, "records": records}, handle, indent=1)
    with open(base + ".md", "w") as handle:
        handle.write(markdown(records, meta))
    print(f"wrote {base}.json and {base}.md", file=sys.stderr)


if __name__ == "__main__":
    main()
