#!/usr/bin/env python3
"""Whole-fit wall time of two builds of the CLI side by side (benchmarks/README.md, "Two builds side by side").

For refactorings that must not slow fits down: each case (a data folder written by `hinterland simulate`, a
model and options) is fitted by build A and build B in turn (A B A B ...), `--repeats` times, and the median
wall time of each and their ratio B / A are printed, with the estimate of rho / lambda from each build (a
ratio counts only when they agree). Python 3 standard library only.

    python3 benchmarks/scale/compare_builds.py --before /tmp/old/hinterland --after build/release/cli/hinterland \\
        --case rook10k:/tmp/rook10k:sar --case rook10k:/tmp/rook10k:sem --repeats 9
"""
import argparse
import json
import statistics
import subprocess
import time

FORMULA = "y ~ x1 + x2 + x3"


def fit(binary, folder, model, extra):
    """Wall seconds and the spatial parameter of one fit."""
    arguments = [binary, "fit", "--data", f"{folder}/data.csv", "--id", "id", "--formula", FORMULA,
                 "--weights", f"{folder}/weights.gal", "--model", model, "--format", "json"] + extra
    start = time.perf_counter()
    run = subprocess.run(arguments, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    result = json.loads(run.stdout)
    spatial = [c["estimate"] for c in result["coefficients"] if c["role"] in ("rho", "lambda")]
    return seconds, spatial[0] if spatial else None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True, help="build A's hinterland binary")
    parser.add_argument("--after", required=True, help="build B's hinterland binary")
    parser.add_argument("--case", action="append", required=True,
                        help="name:folder:model[:extra options, space-separated]")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"{'case':32s} {'A (s)':>8s} {'B (s)':>8s} {'B / A':>6s}  estimates agree")
    for case in args.case:
        name, folder, model, *rest = case.split(":")
        extra = rest[0].split() if rest else []
        seconds = {args.before: [], args.after: []}
        estimates = {}
        for _ in range(args.repeats):
            for binary in (args.before, args.after):
                wall, estimate = fit(binary, folder, model, extra)
                seconds[binary].append(wall)
                estimates[binary] = estimate
        before = statistics.median(seconds[args.before])
        after = statistics.median(seconds[args.after])
        agree = estimates[args.before] == estimates[args.after]
        print(f"{name:32s} {before:8.2f} {after:8.2f} {after / before:6.2f}  {agree}")


if __name__ == "__main__":
    main()
