#!/usr/bin/env python3
"""Checks the claim "the central+western share of migrant workers rose 6.5 points from 2009 to 2022".

Reads datasets/china_cities/migrant_workers_by_region.csv (NBS migrant-worker monitoring reports, real
figures; base and regional definition recorded per year) and prints, per year, the central+west share of
migrant workers by region of employment over the year's base and over the sum of the regions, with that
base and definition. It then computes the 2009-2022 change every way the figures allow and says what they
support. Python 3 standard library only. Writes results/china/migrant_claim.md (or --output).
Run: python3 paper/analyses/migrant_claim.py [--data FILE] [--output FILE]
"""
import argparse
import csv
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_DATA = os.path.join(ROOT, "datasets", "china_cities", "migrant_workers_by_region.csv")
DEFAULT_OUTPUT = os.path.join(ROOT, "results", "china", "migrant_claim.md")
CLAIMED_CHANGE = 6.5

BASES = {"outbound_migrant_workers": "outbound migrant workers only (外出农民工)",
         "all_migrant_workers": "all migrant workers (农民工总量)"}
DEFINITIONS = {"3belt_pre2011": "three belts: East incl. Liaoning; Central incl. Jilin, Heilongjiang",
               "nbs4_2011": "NBS four regions: East, Central, West, Northeast"}


def number(text):
    return float(text) if text not in ("", None) else None


def load(path):
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    years = {}
    for row in rows:
        central, west = number(row["central_10k"]), number(row["west_10k"])
        northeast = number(row["northeast_10k"])
        years[int(row["year"])] = {
            "base": row["base"], "regions": row["regions"], "status": row["status"],
            "base_total": number(row["base_total_10k"]), "regions_sum": number(row["regions_sum_10k"]),
            "central_west": central + west, "northeast": northeast,
            "reported_central_west": (number(row["central_share_pct_reported"]) or 0.0) +
                                     (number(row["west_share_pct_reported"]) or 0.0)
            if row["central_share_pct_reported"] else None,
        }
    return years


def share_table(years):
    lines = ["| Year | Base | Regions | C+W (10k) | Share of base (%) | Share of regions (%) | Status |",
             "|---|---|---|---:|---:|---:|---|"]
    for year, row in sorted(years.items()):
        lines.append(f"| {year} | {row['base']} | {row['regions']} | {row['central_west']:.0f} | "
                     f"{100 * row['central_west'] / row['base_total']:.1f} | "
                     f"{100 * row['central_west'] / row['regions_sum']:.1f} | {row['status']} |")
    return lines


def three_belt_bracket(row):
    """Central+west share of the regions on the three-belt definition, for an nbs4 year: it adds Jilin and
    Heilongjiang, which lie inside the Northeast total, so the share lies between the nbs4 C+W share (adding
    none of the Northeast) and C+W+Northeast (adding all of it, Liaoning included)."""
    low = 100 * row["central_west"] / row["regions_sum"]
    high = 100 * (row["central_west"] + row["northeast"]) / row["regions_sum"]
    return low, high


def changes(years):
    """(label, value or (low, high), comparable?) for the comparisons the figures allow."""
    def of_regions(year):
        return 100 * years[year]["central_west"] / years[year]["regions_sum"]

    def of_base(year):
        return 100 * years[year]["central_west"] / years[year]["base_total"]

    results = [
        ("2009-2022, share of base (naive)", of_base(2022) - of_base(2009), False),
        ("2009-2022, share of the regions' sum (naive)", of_regions(2022) - of_regions(2009), False),
        ("2009-2022, 2022 share of regions minus 2009 reported shares 17.0 + 20.2",
         of_regions(2022) - years[2009]["reported_central_west"], False),
    ]
    low, high = three_belt_bracket(years[2022])
    results.append(("2009-2022, 2022 put on the three-belt definition (bracket; base still differs)",
                    (low - of_regions(2009), high - of_regions(2009)), False))
    results.append(("2011-2022, all migrant workers, 2022 on the three-belt definition (bracket)",
                    (low - of_regions(2011), high - of_regions(2011)), False))
    results.append(("2010-2011, same base and definition (2010 derived)", of_regions(2011) - of_regions(2010), True))
    results.append(("2020-2022, same base and definition (2020 derived)", of_regions(2022) - of_regions(2020), True))
    results.append(("2021-2022, same base and definition", of_regions(2022) - of_regions(2021), True))
    return results


def format_change(value):
    if isinstance(value, tuple):
        return f"{value[0]:+.1f} to {value[1]:+.1f} pp"
    return f"{value:+.1f} pp"


def contains_claim(value):
    if isinstance(value, tuple):
        return value[0] - 0.05 <= CLAIMED_CHANGE <= value[1] + 0.05
    return abs(value - CLAIMED_CHANGE) < 0.05


def report(years, data_path):
    lines = ["# Migrant-worker claim check", "",
             f"Data: `{os.path.relpath(data_path, ROOT)}` (NBS 农民工监测调查报告; real figures, third-party mirrors "
             "listed per row; check against the official releases before publishing).", "",
             "## Central + west share of migrant workers by region of employment", ""]
    lines += share_table(years)
    lines += ["", "Bases: " + "; ".join(f"`{k}` = {v}" for k, v in BASES.items()) + ".",
              "Regional definitions: " + "; ".join(f"`{k}` = {v}" for k, v in DEFINITIONS.items()) + ".",
              "", f"## The claim: +{CLAIMED_CHANGE} points, 2009-2022", "",
              "| Comparison | Change | Same base and definition | Equals +6.5? |", "|---|---:|---|---|"]
    results = changes(years)
    for label, value, comparable in results:
        lines.append(f"| {label} | {format_change(value)} | {'yes' if comparable else 'no'} | "
                     f"{'yes' if contains_claim(value) else 'no'} |")
    reproduced = any(contains_claim(value) for _, value, _ in results)
    naive = [value for label, value, _ in results if label.startswith("2009-2022") and not isinstance(value, tuple)]
    naive_low, naive_high = min(naive), max(naive)
    bracket = next(value for label, value, _ in results if label.startswith("2009-2022") and isinstance(value, tuple))
    lines += ["", "## What the figures support", "",
              f"* 2009 counts outbound migrant workers ({years[2009]['base_total']:.0f} ten-thousand) on the "
              f"three-belt definition; 2022 counts all migrant workers ({years[2022]['base_total']:.0f}) on the "
              "NBS four regions. No 2009-2022 difference of these figures compares like with like.",
              f"* The naive differences are {format_change(naive_low)[:-3]} to {format_change(naive_high)} "
              "(depending on the denominator); putting 2022 on the three-belt definition, bracketed by the "
              "unknown split of the Northeast, gives " + format_change(bracket) + ". "
              + ("The claimed +6.5 is reproduced by none of them." if not reproduced else
                 "The claimed +6.5 falls inside one of the computed values or brackets."),
              "* What is supported: the central+west share was higher in 2022 than in 2009 by several points. "
              "How many is not pinned down: the change of base (outbound only -> all migrant workers) has an "
              "effect of unknown sign and size that these figures cannot remove, and the change of regional "
              "definition moves the result by up to the Northeast's share. A claim of +6.5 points is of a "
              "plausible magnitude but is not what these figures give; it should cite its base and definition.",
              "* On one base and one definition only short spans can be measured here (2010-2011 and 2020-2022, "
              "each under one and a half points; 2010 and 2020 are derived). The 2012-2019 reports were not "
              "collected, so no consistent series spans 2009-2022 in this dataset."]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--output", default=DEFAULT_OUTPUT)
    arguments = parser.parse_args()
    text = report(load(arguments.data), arguments.data)
    os.makedirs(os.path.dirname(os.path.abspath(arguments.output)), exist_ok=True)
    with open(arguments.output, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(text, end="")
    print(f"written to {os.path.relpath(os.path.abspath(arguments.output), ROOT)}")


if __name__ == "__main__":
    main()
