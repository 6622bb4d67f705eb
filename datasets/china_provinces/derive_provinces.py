#!/usr/bin/env python3
"""Derives the analysis panel and the contiguity W of the 31 mainland provinces (see SOURCE.md).

Inputs (real data, copied unchanged): source/cn_province_panel_2000_2020.csv (DOSE v2.11 / NBS, built by the
project's shared build_panel.py) and ../china_cities/province_adjacency.csv + ../china_cities/island_links.csv.
Outputs (growth years within one data vintage, one file per vintage; 2015 is left out, see panel_rows):
  china_provinces_2001_2014.csv  31 provinces x 14 growth years, vintage A (originally published yearbooks)
  china_provinces_2016_2020.csv  31 provinces x 5 growth years, vintage B (NBS current series)
  china_provinces_weights.csv  W edge list from,to, both directions: contiguity + the Qiongzhou ferry link
With --check, derives into memory and compares with the files on disk (exit 1 on any difference).
Standard library only.
"""
import csv
import io
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CITIES = os.path.join(HERE, "..", "china_cities")


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def panel_rows(source):
    """One row per province and growth year t, from year t-1 to t within the same vintage.

    The 2014 -> 2015 change crosses the vintage break (GDP and population re-based, differently per province;
    SOURCE.md break 1) and is never a growth year. GDP growth is unaffected by the 2005 hukou -> resident
    population switch (break 2), which is why the panel uses GDP, not GDP per person.
    """
    by_key = {(row["province_code"], int(row["year"])): row for row in source}
    rows = []
    for (code, year), row in sorted(by_key.items(), key=lambda item: (item[0][1], item[0][0])):
        previous = by_key.get((code, year - 1))
        if previous is None or previous["vintage"] != row["vintage"]:
            continue
        gdp, gdp_before = float(row["gdp_100m_yuan"]), float(previous["gdp_100m_yuan"])
        real, real_before = (float(row["gdp_real_2015prices_100m_yuan"]),
                             float(previous["gdp_real_2015prices_100m_yuan"]))
        share, share_before = (float(row["share_of_31prov_secondary_va_pct"]),
                               float(previous["share_of_31prov_secondary_va_pct"]))
        rows.append({
            "province_code": code,
            "name_en": row["name_en"],
            "region4_nbs": row["region4_nbs"],
            "inland": 1 if row["region4_nbs"] in ("Central", "West") else 0,
            "year": year,
            "vintage": row["vintage"],
            "gdp_growth_pct": f"{100.0 * math.log(gdp / gdp_before):.6f}",
            "real_gdp_growth_pct": f"{100.0 * math.log(real / real_before):.6f}",
            "secondary_share_pct": f"{share:.4f}",
            "d_secondary_share_pp": f"{share - share_before:.4f}",
            "secondary_share_of_gdp_pct": row["secondary_share_of_gdp_pct"],
        })
    return rows


def weights_rows():
    links = set()
    for row in read_csv(os.path.join(CITIES, "province_adjacency.csv")):
        links.add((row["from"], row["to"]))
        links.add((row["to"], row["from"]))
    for row in read_csv(os.path.join(CITIES, "island_links.csv")):
        if row["layer"] == "province":
            links.add((row["from"], row["to"]))
            links.add((row["to"], row["from"]))
    return [{"from": a, "to": b} for a, b in sorted(links)]


def to_text(rows, columns):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main():
    source = read_csv(os.path.join(HERE, "source", "cn_province_panel_2000_2020.csv"))
    panel = panel_rows(source)
    weights = weights_rows()
    columns = list(panel[0].keys())
    outputs = {
        "china_provinces_2001_2014.csv": to_text([r for r in panel if r["vintage"] == "A_2000_2014"], columns),
        "china_provinces_2016_2020.csv": to_text([r for r in panel if r["vintage"] == "B_2015_2020"], columns),
        "china_provinces_weights.csv": to_text(weights, ["from", "to"]),
    }
    codes = sorted({row["province_code"] for row in panel})
    years = sorted({row["year"] for row in panel})
    problems = []
    if len(codes) != 31 or len(panel) != 31 * len(years):
        problems.append(f"panel not balanced: {len(codes)} provinces, {len(panel)} rows, {len(years)} years")
    if {w["from"] for w in weights} != set(codes):
        problems.append("weights: the provinces with links differ from the panel's")
    if "--check" in sys.argv:
        for name, text in outputs.items():
            with open(os.path.join(HERE, name), encoding="utf-8") as handle:
                if handle.read() != text:
                    problems.append(f"{name} differs from its derivation (rerun derive_provinces.py)")
    else:
        for name, text in outputs.items():
            with open(os.path.join(HERE, name), "w", encoding="utf-8") as handle:
                handle.write(text)
    for problem in problems:
        print("derive_provinces.py:", problem, file=sys.stderr)
    print(f"derive_provinces.py: {len(codes)} provinces, growth years {years[0]}-{years[-1]} "
          f"({len(years)}; 2015 left out: vintage break), {len(panel)} rows, {len(weights)} directed links")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
