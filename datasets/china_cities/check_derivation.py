#!/usr/bin/env python3
"""Checks the derived China and US datasets: counts, internal consistency, an independent re-derivation of
the 0.01-degree contiguity from the shipped (simplified) GeoJSON, and agreement with the shared reference
CSVs (shared/data/china). Known, explained differences are listed in KNOWN_DIFFERENCES; anything else fails.
Exit status: 0 when every check passes, 1 otherwise.
Usage: python3 check_derivation.py [--reference DIR] [--skip-geometry]
"""

import argparse
import csv
import json
import math
import os
import statistics
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
US_DIRECTORY = os.path.join(HERE, "..", "us_counties")
DEFAULT_REFERENCE = os.path.join(HERE, "..", "..", "..", "shared", "data", "china")

EXPECTED_COUNTS = {
    "city features (GeoJSON)": 367,
    "city edges": 969,
    "prefecture units": 337,
    "prefecture edges": 906,
    "prefecture edges, Laiwu in Jinan": 903,
    "province units": 31,
    "province edges": 68,
    "census rows": 337,
    "census rows with growth": 336,
    "US counties": 3231,
    "US queen edges": 9341,
    "US rook edges": 8944,
}

# Differences from the shared reference that are understood (see SOURCE.md, "Differences from the reference").
KNOWN_DIFFERENCES = {
    # Wujiaqu (659004) borders Changji and Urumqi almost equally; measured on the sphere Changji's border is
    # longer (106-108 km against 102-107 km), the reference measured in the Albers plane and chose Urumqi.
    "merge": {"650100", "652300"},
    # pinyin-pro misreads 喀什 and 昌都; league names are romanised without 盟.
    "pinyin": {"152200", "152500", "152900", "540300", "653100"},
}
# Neighbouring ECharts outlines do not share vertices, so "shared border" depends on how it is measured; the
# median difference from the reference must stay small, single edges may differ more. Province borders are
# sums over city pairs here, while the reference measured dissolved provinces on the more detailed side (the
# municipalities' outlines are coarse: Beijing has 129 vertices, Baoding 1,950), hence a relative test.
BORDER_MEDIAN_TOLERANCE_KM = 1.0
PROVINCE_BORDER_MEDIAN_RELATIVE_TOLERANCE = 0.025
AREA_RELATIVE_TOLERANCE = 1e-3
CENTROID_TOLERANCE_DEGREES = 5e-4
NEIGHBOUR_TOLERANCE_DEGREES = 0.01


class Checker:
    def __init__(self):
        self.failures = []
        self.passed = 0

    def check(self, condition, message):
        if condition:
            self.passed += 1
        else:
            self.failures.append(message)
            print(f"FAIL: {message}")

    def equal(self, got, expected, message):
        self.check(got == expected, f"{message}: got {got}, expected {expected}")


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def edge_set(rows, first="from", second="to"):
    return {tuple(sorted((row[first], row[second]))) for row in rows}


def components(nodes, edges):
    parent = {node: node for node in nodes}

    def find(node):
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in edges:
        parent[find(a)] = find(b)
    sizes = defaultdict(int)
    for node in nodes:
        sizes[find(node)] += 1
    return sorted(sizes.values(), reverse=True)


# --------------------------------------------------------------------------------------------------------
# Independent contiguity from the GeoJSON: the smallest distance between two features' boundaries (or 0 when
# one contains the other) compared with 0.01 degree, using a uniform grid over the segments.
CELL = 0.03


def feature_segments(feature):
    segments = []
    for polygon in feature["geometry"]["coordinates"]:
        for ring in polygon:
            segments.extend(zip(ring[:-1], ring[1:]))
    return segments


def point_segment_distance(p, a, b):
    dx, dy = b[0] - a[0], b[1] - a[1]
    length_squared = dx * dx + dy * dy
    t = 0.0
    if length_squared > 0:
        t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length_squared))
    return math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1])


def cross(o, a, b):
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def segment_distance(a, b, c, d):
    d1, d2, d3, d4 = cross(a, b, c), cross(a, b, d), cross(c, d, a), cross(c, d, b)
    if ((d1 > 0) != (d2 > 0)) and ((d3 > 0) != (d4 > 0)) and 0 not in (d1, d2, d3, d4):
        return 0.0
    return min(point_segment_distance(a, c, d), point_segment_distance(b, c, d),
               point_segment_distance(c, a, b), point_segment_distance(d, a, b))


def build_grid(segments):
    grid = defaultdict(list)
    for a, b in segments:
        for cell_x in range(math.floor(min(a[0], b[0]) / CELL), math.floor(max(a[0], b[0]) / CELL) + 1):
            for cell_y in range(math.floor(min(a[1], b[1]) / CELL), math.floor(max(a[1], b[1]) / CELL) + 1):
                grid[(cell_x, cell_y)].append((a, b))
    return grid


def inside(point, segments):
    crossings = False
    for a, b in segments:
        if (a[1] > point[1]) != (b[1] > point[1]):
            if point[0] < (b[0] - a[0]) * (point[1] - a[1]) / (b[1] - a[1]) + a[0]:
                crossings = not crossings
    return crossings


def within_tolerance(segments_a, box_b, grid_b, segments_b, tolerance):
    for a, b in segments_a:
        if (max(a[0], b[0]) < box_b[0] - tolerance or min(a[0], b[0]) > box_b[2] + tolerance or
                max(a[1], b[1]) < box_b[1] - tolerance or min(a[1], b[1]) > box_b[3] + tolerance):
            continue
        seen = set()
        for cell_x in range(math.floor((min(a[0], b[0]) - tolerance) / CELL),
                            math.floor((max(a[0], b[0]) + tolerance) / CELL) + 1):
            for cell_y in range(math.floor((min(a[1], b[1]) - tolerance) / CELL),
                                math.floor((max(a[1], b[1]) + tolerance) / CELL) + 1):
                for segment in grid_b.get((cell_x, cell_y), ()):
                    if id(segment) in seen:
                        continue
                    seen.add(id(segment))
                    if segment_distance(a, b, segment[0], segment[1]) <= tolerance:
                        return True
    return inside(segments_a[0][0], segments_b)


def geojson_adjacency(features, tolerance):
    prepared = []
    for feature in features:
        segments = feature_segments(feature)
        xs = [point[0] for segment in segments for point in segment]
        ys = [point[1] for segment in segments for point in segment]
        prepared.append((feature["properties"]["code"], segments, (min(xs), min(ys), max(xs), max(ys)),
                         build_grid(segments)))
    edges = set()
    for i, (code_a, segments_a, box_a, grid_a) in enumerate(prepared):
        for code_b, segments_b, box_b, grid_b in prepared[i + 1:]:
            if (box_a[0] > box_b[2] + tolerance or box_b[0] > box_a[2] + tolerance or
                    box_a[1] > box_b[3] + tolerance or box_b[1] > box_a[3] + tolerance):
                continue
            if (within_tolerance(segments_a, box_b, grid_b, segments_b, tolerance) or
                    inside(segments_b[0][0], segments_a)):
                edges.add(tuple(sorted((code_a, code_b))))
    return edges


def vertex_snap_adjacency(features, tolerance):
    """poly2nb-style rule (the C++ engine's polygon builder): some vertex of one feature within `tolerance` of
    some vertex of the other. A different rule from the derivation's, used as a cross-check."""
    cells = defaultdict(list)
    for index, feature in enumerate(features):
        for polygon in feature["geometry"]["coordinates"]:
            for x, y in polygon[0][:-1]:
                cells[(math.floor(x / tolerance), math.floor(y / tolerance))].append((x, y, index))
    edges = set()
    for (cell_x, cell_y), points in cells.items():
        nearby = [point for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                  for point in cells.get((cell_x + dx, cell_y + dy), ())]
        for x, y, index in points:
            for u, v, other in nearby:
                if other > index and (u - x) ** 2 + (v - y) ** 2 <= tolerance * tolerance:
                    edges.add(tuple(sorted((features[index]["properties"]["code"],
                                            features[other]["properties"]["code"]))))
    return edges


# --------------------------------------------------------------------------------------------------------
def check_internal(checker, data):
    units, prefecture_edges = data["units"], data["prefecture_adjacency"]
    checker.equal(len(data["features"]), EXPECTED_COUNTS["city features (GeoJSON)"], "GeoJSON features")
    checker.equal(len(data["city_adjacency"]), EXPECTED_COUNTS["city edges"], "city edges")
    checker.equal(len(units), EXPECTED_COUNTS["prefecture units"], "prefecture units")
    checker.equal(len(prefecture_edges), EXPECTED_COUNTS["prefecture edges"], "prefecture edges")
    checker.equal(len(data["prefecture_adjacency_336"]), EXPECTED_COUNTS["prefecture edges, Laiwu in Jinan"],
                  "prefecture edges with Laiwu in Jinan")
    checker.equal(len(data["province_units"]), EXPECTED_COUNTS["province units"], "province units")
    checker.equal(len(data["province_adjacency"]), EXPECTED_COUNTS["province edges"], "province edges")
    checker.equal(sum(row["is_municipality"] == "1" for row in units), 4, "municipalities")
    checker.equal(sum(row["is_provincial_capital"] == "1" for row in units), 27, "provincial capitals")
    checker.equal(sum(row["is_sub_provincial"] == "1" for row in units), 15, "sub-provincial cities")
    merged = [code for row in units for code in row["merged_county_level_units"].split(";") if code]
    checker.equal(len(merged), 27, "dissolved county-level units")
    codes = {row["code"] for row in units}
    for name in ("prefecture_adjacency", "prefecture_adjacency_336", "province_adjacency", "city_adjacency"):
        rows = data[name]
        checker.check(all(row["from"] < row["to"] for row in rows), f"{name}: from < to on every row")
        checker.equal(len(edge_set(rows)), len(rows), f"{name}: distinct edges")
        checker.check(all(float(row["min_dist_deg"]) <= NEIGHBOUR_TOLERANCE_DEGREES for row in rows),
                      f"{name}: every edge within 0.01 degree")
    checker.check(all(a in codes and b in codes for a, b in edge_set(prefecture_edges)),
                  "prefecture edges join units of units.csv")
    checker.equal(components(codes, edge_set(prefecture_edges)), [334, 3],
                  "prefecture components (mainland, Hainan)")
    hainan_isolated = "460000" not in {code for edge in edge_set(data["province_adjacency"]) for code in edge}
    checker.check(hainan_isolated, "Hainan has no contiguity neighbour in the province layer")
    links = data["island_links"]
    with_links = edge_set(prefecture_edges) | {tuple(sorted((row["from"], row["to"]))) for row in links
                                               if row["layer"] == "prefecture"}
    checker.equal(components(codes, with_links), [337], "prefecture layer connected with the ferry link")
    census = data["census"]
    checker.equal(len(census), EXPECTED_COUNTS["census rows"], "census rows")
    checker.equal(sum(bool(row["growth_log_2010_2020"]) for row in census),
                  EXPECTED_COUNTS["census rows with growth"], "census rows with growth")
    checker.equal({row["code"] for row in census}, codes, "census codes = unit codes")
    checker.equal(len(data["us_counties"]), EXPECTED_COUNTS["US counties"], "US counties")
    checker.equal(len(data["us_adjacency"]), EXPECTED_COUNTS["US queen edges"], "US queen edges")
    checker.equal(sum(row["rook"] == "1" for row in data["us_adjacency"]), EXPECTED_COUNTS["US rook edges"],
                  "US rook edges")


def check_geojson_contiguity(checker, data):
    """The shipped GeoJSON must give the same edges as the full-resolution derivation."""
    edges = geojson_adjacency(data["features"], NEIGHBOUR_TOLERANCE_DEGREES)
    expected = edge_set(data["city_adjacency"])
    checker.equal(sorted(edges - expected), [], "GeoJSON contiguity: extra edges")
    checker.equal(sorted(expected - edges), [], "GeoJSON contiguity: missing edges")
    checker.equal(vertex_snap_adjacency(data["features"], NEIGHBOUR_TOLERANCE_DEGREES), expected,
                  "GeoJSON vertex-snap contiguity (poly2nb rule) = derived edges")
    prefecture_of = {feature["properties"]["code"]: feature["properties"]["prefecture_code"]
                     for feature in data["features"]}
    contracted = {tuple(sorted((prefecture_of[a], prefecture_of[b]))) for a, b in edges
                  if prefecture_of[a] and prefecture_of[b] and prefecture_of[a] != prefecture_of[b]}
    checker.equal(contracted, edge_set(data["prefecture_adjacency"]),
                  "GeoJSON contiguity contracted to prefectures")


def compare_units(checker, units, reference_units):
    reference = {row["code"]: row for row in reference_units}
    checker.equal(sorted(row["code"] for row in units), sorted(reference), "unit codes vs reference")
    for row in units:
        ref = reference.get(row["code"])
        if ref is None:
            continue
        code = row["code"]
        for column in ("name_zh", "province_code", "region4_nbs", "is_provincial_capital", "is_municipality",
                       "is_sub_provincial", "seat_lon", "seat_lat"):
            checker.equal(row[column], ref[column], f"{code} {column}")
        if code not in KNOWN_DIFFERENCES["pinyin"]:
            checker.equal(row["name_pinyin"].replace("'", "").lower(), ref["name_pinyin"].lower(),
                          f"{code} name_pinyin (apostrophes ignored)")
        merged = {item for item in row["merged_county_level_units"].split(";") if item}
        merged_reference = {item.split(":")[0] for item in ref["merged_county_level_units"].split(";") if item}
        if code in KNOWN_DIFFERENCES["merge"]:
            checker.check(merged != merged_reference, f"{code}: known merge difference has disappeared")
            continue
        checker.equal(merged, merged_reference, f"{code} merged county-level units")
        area, area_reference = float(row["area_km2"]), float(ref["area_km2"])
        checker.check(abs(area / area_reference - 1) <= AREA_RELATIVE_TOLERANCE,
                      f"{code} area {area} vs reference {area_reference}")
        offset = math.hypot(float(row["centroid_lon"]) - float(ref["centroid_lon"]),
                            float(row["centroid_lat"]) - float(ref["centroid_lat"]))
        checker.check(offset <= CENTROID_TOLERANCE_DEGREES, f"{code} centroid off by {offset:.5f} degree")


def compare_edges(checker, name, rows, reference_rows, first, second, border_column, relative=False):
    mine = {tuple(sorted((row["from"], row["to"]))): row for row in rows}
    reference = {tuple(sorted((row[first], row[second]))): row for row in reference_rows}
    checker.equal(sorted(set(mine) - set(reference)), [], f"{name}: edges not in reference")
    checker.equal(sorted(set(reference) - set(mine)), [], f"{name}: reference edges missing")
    differences = [float(mine[key]["shared_border_km"]) - float(reference[key][border_column])
                   for key in mine if key in reference]
    relative_differences = [float(mine[key]["shared_border_km"]) / float(reference[key][border_column]) - 1
                            for key in mine if key in reference]
    median = statistics.median(abs(value) for value in differences)
    median_relative = statistics.median(abs(value) for value in relative_differences)
    largest = max(differences, key=abs)
    print(f"  {name}: shared border vs reference: median |diff| {median:.2f} km "
          f"({100 * median_relative:.1f}%), largest {largest:+.1f} km")
    if relative:
        checker.check(median_relative <= PROVINCE_BORDER_MEDIAN_RELATIVE_TOLERANCE,
                      f"{name}: median relative border difference {median_relative:.3f}")
    else:
        checker.check(median <= BORDER_MEDIAN_TOLERANCE_KM, f"{name}: median border difference {median:.2f} km")


def compare_census(checker, data, reference_directory):
    reference_rows = read_csv(os.path.join(reference_directory, "cn_city_population_census_2010_2020.csv"))
    by_echarts = defaultdict(list)
    for row in reference_rows:
        for code in row["echarts_codes"].split(";"):
            if code:
                by_echarts[code].append(row)
    for row in data["census"]:
        if not row["pop_2020"]:
            continue
        unit = next(item for item in data["units"] if item["code"] == row["code"])
        members = [unit["echarts_code"]] + [code for code in unit["merged_county_level_units"].split(";")
                                             if code]
        if row["code"] == "370100":
            members.append("371200")
        reference_cities = {ref["city_code"]: ref for code in members for ref in by_echarts.get(code, [])}
        checker.equal(";".join(sorted(reference_cities)), row["census_city_codes"],
                      f"{row['code']} census join vs reference echarts_codes")
        for year in ("2010", "2020"):
            total = sum(int(ref[f"popu_{year}"]) for ref in reference_cities.values() if ref[f"popu_{year}"])
            checker.equal(int(row[f"pop_{year}"]), total, f"{row['code']} pop_{year}")
    reference_provinces = {row["province_code"]: row for row in
                           read_csv(os.path.join(reference_directory, "cn_province_population_census.csv"))}
    for row in data["province_census"]:
        ref = reference_provinces[row["code"]]
        checker.equal(row["pop_2010_sum_of_cities"], ref["pop2010_sum_of_cities_2020_boundaries"],
                      f"{row['code']} province 2010")
        checker.equal(row["pop_2020_census"], ref["pop2020_census"], f"{row['code']} province 2020")
        checker.equal(row["pop_2000_census_10k"], ref["pop2000_census_10k_rapid"],
                      f"{row['code']} province 2000")
    reference_migrants = {row["year"]: row for row in
                          read_csv(os.path.join(reference_directory, "cn_migrant_workers_by_destination.csv"))}
    for row in data["migrants"]:
        for region in ("east", "central", "west", "northeast"):
            checker.equal(row[f"{region}_10k"], reference_migrants[row["year"]][f"{region}_10k"],
                          f"migrants {row['year']} {region}")


def compare_reference(checker, data, reference_directory):
    def reference(name):
        return read_csv(os.path.join(reference_directory, name))

    compare_units(checker, data["units"], reference("cn_prefecture_units.csv"))
    compare_edges(checker, "city edges", data["city_adjacency"], reference("cn_city_adjacency.csv"),
                  "code_a", "code_b", "shared_border_km")
    compare_edges(checker, "prefecture edges", data["prefecture_adjacency"],
                  reference("cn_prefecture_adjacency.csv"), "code_a", "code_b", "shared_border_km")
    mainland = [row for row in reference("cn_province_adjacency.csv")
                if row["code_a"][0] not in "78" and row["code_b"][0] not in "78"]
    compare_edges(checker, "province edges", data["province_adjacency"], mainland, "code_a", "code_b",
                  "shared_border_km", relative=True)
    reference_provinces = {row["code"]: row for row in reference("cn_province_units.csv")}
    for row in data["province_units"]:
        ref = reference_provinces[row["code"]]
        checker.equal((row["name_zh"], row["capital_code"], row["region4_nbs"]),
                      (ref["name_zh"], ref["capital_code"], ref["region4_nbs"]), f"province {row['code']}")
        checker.check(abs(float(row["area_km2"]) / float(ref["area_km2"]) - 1) <= AREA_RELATIVE_TOLERANCE,
                      f"province {row['code']} area")
    compare_census(checker, data, reference_directory)
    reference_us = {tuple(sorted((row["fips_a"], row["fips_b"]))): row["rook"]
                    for row in reference("us_county_adjacency.csv")}
    mine_us = {tuple(sorted((row["fips_a"], row["fips_b"]))): row["rook"] for row in data["us_adjacency"]}
    checker.equal(mine_us, reference_us, "US queen edges and rook flags vs reference")


def load():
    with open(os.path.join(HERE, "china_cities.geojson"), encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    names = ["units", "city_adjacency", "prefecture_adjacency", "prefecture_adjacency_336", "province_units",
             "province_adjacency", "island_links"]
    data = {name: read_csv(os.path.join(HERE, f"{name}.csv")) for name in names}
    data["features"] = features
    data["census"] = read_csv(os.path.join(HERE, "census_2010_2020.csv"))
    data["province_census"] = read_csv(os.path.join(HERE, "province_census_2000_2010_2020.csv"))
    data["migrants"] = read_csv(os.path.join(HERE, "migrant_workers_by_region.csv"))
    data["us_counties"] = read_csv(os.path.join(US_DIRECTORY, "us_counties.csv"))
    data["us_adjacency"] = read_csv(os.path.join(US_DIRECTORY, "us_county_adjacency.csv"))
    return data


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", default=DEFAULT_REFERENCE, help="folder of the shared reference CSVs")
    parser.add_argument("--skip-geometry", action="store_true",
                        help="skip re-deriving contiguity from the GeoJSON (about a minute)")
    arguments = parser.parse_args()
    checker = Checker()
    data = load()
    check_internal(checker, data)
    if not arguments.skip_geometry:
        check_geojson_contiguity(checker, data)
    if os.path.isdir(arguments.reference):
        compare_reference(checker, data, arguments.reference)
    else:
        checker.check(False, f"reference folder {arguments.reference} not found")
    print(f"{checker.passed} passed, {len(checker.failures)} failed")
    return 0 if not checker.failures else 1


if __name__ == "__main__":
    sys.exit(main())
