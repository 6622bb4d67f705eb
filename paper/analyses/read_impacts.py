#!/usr/bin/env python3
"""Reads a `hinterland fit --impacts --format json` result and says what the indirect effect of one regressor
(default is_provincial_capital) says: spill-over (neighbours grow faster), drain (neighbours grow slower) or
neither distinguishable from zero, judged by the simulated 95% interval (LeSage & Pace 2009, sec. 2.7).
It searches the JSON for the impact entry by name, so it does not depend on where the report puts the list.
Python 3 standard library only. Run: python3 paper/analyses/read_impacts.py FIT.json [--variable NAME]
"""
import argparse
import json
import sys


def find_impact(node, variable):
    """The first object named `variable` that carries an `indirect` entry, searching depth first."""
    if isinstance(node, dict):
        if node.get("name") == variable and "indirect" in node:
            return node
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        found = find_impact(child, variable)
        if found is not None:
            return found
    return None


def first_number(entry, *keys):
    for key in keys:
        value = entry.get(key)
        if isinstance(value, (int, float)):
            return float(value)
    return None


def verdict(lower, upper):
    if lower is None or upper is None:
        return "no simulated interval in the result: no verdict"
    if lower > 0:
        return "SPILL-OVER: the 95% interval is above zero (neighbours of a capital grow faster)"
    if upper < 0:
        return "DRAIN: the 95% interval is below zero (neighbours of a capital grow slower)"
    return "NEITHER: the 95% interval contains zero (no spill-over or drain distinguishable from zero)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("result")
    parser.add_argument("--variable", default="is_provincial_capital")
    arguments = parser.parse_args()
    with open(arguments.result, encoding="utf-8") as handle:
        result = json.load(handle)
    impact = find_impact(result, arguments.variable)
    if impact is None:
        print(f"{arguments.result}: no impacts entry for {arguments.variable}")
        return 1
    model = result.get("model", "?")
    print(f"Impacts of {arguments.variable} ({model}, n = {result.get('n', '?')}):")
    for kind in ("direct", "indirect", "total"):
        entry = impact.get(kind) or {}
        estimate = first_number(entry, "estimate", "value")
        std_error = first_number(entry, "std_error", "se")
        lower, upper = first_number(entry, "lower", "ci_lower"), first_number(entry, "upper", "ci_upper")
        interval = f"[{lower:.4f}, {upper:.4f}]" if lower is not None and upper is not None else "[-]"
        standard = f"{std_error:.4f}" if std_error is not None else "-"
        shown = f"{estimate:.4f}" if estimate is not None else "-"
        print(f"  {kind:9s} {shown:>9s}  SE {standard:>7s}  95% {interval}")
    indirect = impact.get("indirect") or {}
    print("  Indirect effect of capital status: " +
          verdict(first_number(indirect, "lower", "ci_lower"), first_number(indirect, "upper", "ci_upper")))
    if model == "sar":
        print("  (In a SAR model the indirect effect is the direct one scaled by the multiplier: its sign follows"
              " beta and rho, so SAR cannot show a drain with rho > 0; the SDM's W-lagged capital term can.)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
