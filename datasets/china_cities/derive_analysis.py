#!/usr/bin/env python3
"""Writes the analysis-ready China city files (real data, 336 units on 2020 census boundaries).

Inputs (this folder): units.csv, census_2010_2020.csv, province_units.csv, prefecture_adjacency_336.csv,
island_links.csv. Outputs (this folder):

  china_cities_analysis.csv            one row per unit, keyed by GB/T 2260 `code` (columns: SCHEMA.md)
  china_cities_weights.csv             W edge list from,to, both directions, with the Qiongzhou ferry link
  china_cities_weights_no_ferry.csv    the same without the ferry link (Hainan is a separate component)

Laiwu (371200) is merged into Jinan (370100): the census source reports Jinan on 2020 boundaries in both
years. Everything here is a copy or a deterministic computation of the real inputs; nothing is simulated.
Python 3 standard library only. Run: python3 datasets/china_cities/derive_analysis.py [--check]
"""
import argparse
import csv
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LAIWU, JINAN = "371200", "370100"

# (output column, census_2010_2020.csv column) copied as they are.
CENSUS_COLUMNS = [
    ("pop_2010", "pop_2010"),
    ("pop_2020", "pop_2020"),
    ("urban_share_2010", "urban_share_2010"),
    ("urban_share_2020", "urban_share_2020"),
    ("age_0_14_pct_2010", "age_0_14_pct_2010"),
    ("age_15_59_pct_2010", "age_15_59_pct_2010"),
    ("age_60plus_pct_2010", "age_60plus_pct_2010"),
    ("age_65plus_pct_2010", "age_65plus_pct_2010"),
    ("household_size_2010", "household_size_2010"),
    ("sex_ratio_2010", "sex_ratio_2010"),
]

ANALYSIS_HEADER = [
    "code", "name_pinyin", "name_zh", "province_code", "province_en", "region4_nbs",
    "is_provincial_capital", "is_municipality", "is_sub_provincial",
    "seat_lon", "seat_lat", "centroid_lon", "centroid_lat", "area_km2",
    "pop_2010", "pop_2020", "growth_2010_2020", "log_pop_2010", "log_density_2010",
] + [name for name, _ in CENSUS_COLUMNS[2:]] + ["merged_units"]


def read_csv(name):
    with open(os.path.join(HERE, name), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(name, header, rows):
    """Writes with LF line ends so that a rerun is byte-identical."""
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def merged_geometry(jinan, laiwu):
    """Area adds; the centroid is the area-weighted mean of the two (as SOURCE.md step 4 merges units)."""
    area_j, area_l = float(jinan["area_km2"]), float(laiwu["area_km2"])
    total = area_j + area_l
    lon = (float(jinan["centroid_lon"]) * area_j + float(laiwu["centroid_lon"]) * area_l) / total
    lat = (float(jinan["centroid_lat"]) * area_j + float(laiwu["centroid_lat"]) * area_l) / total
    return total, lon, lat


def analysis_rows():
    units = {row["code"]: row for row in read_csv("units.csv")}
    census = {row["code"]: row for row in read_csv("census_2010_2020.csv")}
    provinces = {row["code"]: row for row in read_csv("province_units.csv")}
    rows = []
    for code, unit in units.items():
        if code == LAIWU:
            continue
        record = census[code]
        area, lon, lat = float(unit["area_km2"]), unit["centroid_lon"], unit["centroid_lat"]
        merged = unit["merged_county_level_units"]
        if code == JINAN:
            area, lon_value, lat_value = merged_geometry(unit, units[LAIWU])
            lon, lat = f"{lon_value:.5f}", f"{lat_value:.5f}"
            merged = ";".join(part for part in (merged, LAIWU) if part)
        pop_2010, pop_2020 = float(record["pop_2010"]), float(record["pop_2020"])
        growth = math.log(pop_2020 / pop_2010)
        values = [
            code, unit["name_pinyin"], unit["name_zh"], unit["province_code"],
            provinces[unit["province_code"]]["name_en"], unit["region4_nbs"],
            unit["is_provincial_capital"], unit["is_municipality"], unit["is_sub_provincial"],
            unit["seat_lon"], unit["seat_lat"], lon, lat, f"{area:.1f}",
            record["pop_2010"], record["pop_2020"], f"{growth:.6f}", f"{math.log(pop_2010):.6f}",
            f"{math.log(pop_2010 / area):.6f}",
        ]
        values += [record[source] for _, source in CENSUS_COLUMNS[2:]]
        values.append(merged)
        rows.append(values)
    rows.sort(key=lambda values: values[0])
    return rows


def weights_rows(with_ferry):
    """Both directions of every undirected edge (the CLI reads edge lists as given, without symmetrising)."""
    edges = [(row["from"], row["to"]) for row in read_csv("prefecture_adjacency_336.csv")]
    if with_ferry:
        edges += [(row["from"], row["to"]) for row in read_csv("island_links.csv") if row["layer"] == "prefecture"]
    directed = sorted({pair for a, b in edges for pair in ((a, b), (b, a))})
    return [list(pair) for pair in directed]


def components(codes, links):
    parent = {code: code for code in codes}

    def find(code):
        while parent[code] != code:
            parent[code] = parent[parent[code]]
            code = parent[code]
        return code

    for a, b in links:
        parent[find(a)] = find(b)
    return len({find(code) for code in codes})


def check(analysis, weights, weights_no_ferry):
    """Stops with a message on any inconsistency; prints a one-line summary otherwise."""
    codes = [row[0] for row in analysis]
    problems = []
    if len(codes) != 336 or len(set(codes)) != 336:
        problems.append(f"expected 336 distinct codes, got {len(codes)} ({len(set(codes))} distinct)")
    for name, links in (("with ferry", weights), ("without ferry", weights_no_ferry)):
        ids = {code for pair in links for code in pair}
        if ids != set(codes):
            problems.append(f"weights {name}: ids differ from the analysis codes: "
                            f"{sorted(ids ^ set(codes))[:10]}")
        if any((b, a) not in {tuple(p) for p in links} for a, b in links):
            problems.append(f"weights {name}: not symmetric")
    if len(weights) != len(weights_no_ferry) + 2:
        problems.append("the ferry link must add exactly 2 directed links")
    if components(codes, weights) != 1 or components(codes, weights_no_ferry) != 2:
        problems.append("expected 1 component with the ferry link and 2 without")
    index = ANALYSIS_HEADER.index("growth_2010_2020")
    if any(row[index] == "" for row in analysis):
        problems.append("growth_2010_2020 missing for some unit")
    if problems:
        sys.exit("derive_analysis.py: " + "; ".join(problems))
    print(f"derive_analysis.py: {len(codes)} units, {len(weights)} directed links with the ferry "
          f"({len(weights) // 2} edges), {len(weights_no_ferry)} without; ids match one-to-one")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    arguments = parser.parse_args()
    analysis = analysis_rows()
    weights, weights_no_ferry = weights_rows(True), weights_rows(False)
    check(analysis, weights, weights_no_ferry)
    outputs = [("china_cities_analysis.csv", ANALYSIS_HEADER, analysis),
               ("china_cities_weights.csv", ["from", "to"], weights),
               ("china_cities_weights_no_ferry.csv", ["from", "to"], weights_no_ferry)]
    if arguments.check:
        for name, header, rows in outputs:
            with open(os.path.join(HERE, name), encoding="utf-8", newline="") as handle:
                committed = list(csv.reader(handle))
            if committed != [header] + [list(map(str, row)) for row in rows]:
                sys.exit(f"derive_analysis.py --check: {name} differs from a fresh derivation")
        print("derive_analysis.py --check: committed files are up to date")
        return
    for name, header, rows in outputs:
        write_csv(name, header, rows)


if __name__ == "__main__":
    main()
