#!/usr/bin/env python3
"""Census and migrant-worker tables of the China dataset, aggregated to the prefecture layer of units.csv.

Inputs (raw/, see SOURCE.md): Dong, Du & Liu (2022) prefecture census 2010/2020 (2020 boundaries, MIT),
NBS provincial census totals 2000 and 2020, NBS migrant-worker survey figures by region of employment.
Aggregation: counts add up; shares are population-weighted; household size is persons over implied
households (population / size). A value is left empty when any populated member lacks it.
Usage: python3 derive_census.py [--import-raw SHARED_CHINA_DIR]
"""

import argparse
import csv
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RAW = os.path.join(HERE, "raw")
CITY_CENSUS_RAW = os.path.join(RAW, "census_city_2010_2020_dong_du_liu_2022.csv")
PROVINCE_CENSUS_RAW = os.path.join(RAW, "province_census_2000_2020_nbs.csv")
MIGRANT_RAW = os.path.join(RAW, "migrant_workers_by_destination_nbs.csv")

# Columns of Dong, Du & Liu's census_city_2010-2020_v1.csv kept in raw/ (their WKT column "coord" is dropped).
CITY_CENSUS_COLUMNS = [
    "city", "city_code", "province", "province_code", "popu_2020", "popu_urban_2020", "popu_rural_2020",
    "popu_2010", "popu_urban_2010", "popu_rural_2010", "household_2020", "household_2010",
    "male_female_2020", "male_female_2010", "age_0_14_2020", "age_15_59_2020", "age_60_2020",
    "age_65_2020", "age_0_14_2010", "age_15_59_2010", "age_60_2010", "age_65_2010",
]

# Laiwu (371200) was merged into Jinan (370100) in January 2019; the 2020-boundary census counts it there.
CENSUS_2020_MERGES = {"371200": "370100"}


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: row.get(key, "") for key in header})


def import_raw(shared_directory):
    """Copies the source columns of the shared reference tables into raw/ (one-off provenance step)."""
    os.makedirs(RAW, exist_ok=True)
    city_rows = read_csv(os.path.join(shared_directory, "cn_city_population_census_2010_2020.csv"))
    write_csv(CITY_CENSUS_RAW, CITY_CENSUS_COLUMNS, city_rows)
    province_rows = read_csv(os.path.join(shared_directory, "cn_province_population_census.csv"))
    write_csv(PROVINCE_CENSUS_RAW, ["province_code", "name_zh", "pop2000_census_10k_rapid", "pop2020_census"],
              province_rows)
    migrant_rows = read_csv(os.path.join(shared_directory, "cn_migrant_workers_by_destination.csv"))
    write_csv(MIGRANT_RAW, list(migrant_rows[0].keys()), migrant_rows)


def number(text):
    return float(text) if text not in ("", None) else None


# --------------------------------------------------------------------------------------------------------
# Joining census rows to the ECharts city features: same province, and the census name starts with the
# ECharts short name (昌吉 -> 昌吉回族自治州, 定安县 -> 定安县, 那曲 -> 那曲市). Must be one-to-one.
def load_features():
    with open(os.path.join(HERE, "china_cities.geojson"), encoding="utf-8") as handle:
        collection = json.load(handle)
    return [feature["properties"] for feature in collection["features"]]


def join_census_to_features(features, census_rows):
    by_feature = {}
    used = set()
    for feature in features:
        if not feature["mainland"]:
            continue
        short = feature["name_short_zh"]
        matches = [row for row in census_rows
                   if row["province_code"] == feature["province_code"] and row["city"].startswith(short)]
        if len(matches) > 1:
            raise SystemExit(f"ambiguous census match for {feature['code']} {short}: "
                             f"{[row['city'] for row in matches]}")
        if matches:
            if matches[0]["city_code"] in used:
                raise SystemExit(f"census row {matches[0]['city']} matched twice")
            used.add(matches[0]["city_code"])
            by_feature[feature["code"]] = matches[0]
    unmatched = [row for row in census_rows if row["city_code"] not in used]
    return by_feature, unmatched


# --------------------------------------------------------------------------------------------------------
def weighted(values_and_weights):
    total_weight = sum(weight for _, weight in values_and_weights)
    return sum(value * weight for value, weight in values_and_weights) / total_weight


def aggregate_year(rows, year):
    """Aggregates one census year over the populated member rows; None where a member lacks a value."""
    populated = [row for row in rows if number(row[f"popu_{year}"]) is not None]
    if not populated:
        return None
    population = [number(row[f"popu_{year}"]) for row in populated]

    def complete(column):
        values = [number(row[column]) for row in populated]
        return values if all(value is not None for value in values) else None

    result = {"pop": sum(population)}
    urban = complete(f"popu_urban_{year}")
    result["urban_share"] = sum(urban) / result["pop"] if urban else None
    household = complete(f"household_{year}")
    # Average household size = persons / households; households implied by population / size.
    result["household_size"] = (result["pop"] / sum(p / h for p, h in zip(population, household))
                                if household else None)
    sex_ratio = complete(f"male_female_{year}")
    if sex_ratio:
        males = sum(p * r / (100 + r) for p, r in zip(population, sex_ratio))
        result["sex_ratio"] = 100 * males / (result["pop"] - males)
    else:
        result["sex_ratio"] = None
    for group in ("0_14", "15_59", "60", "65"):
        shares = complete(f"age_{group}_{year}")
        result[f"age_{group}"] = weighted(list(zip(shares, population))) if shares else None
    return result


def formatted(value, digits):
    return "" if value is None else f"{value:.{digits}f}"


def census_rows_for_units(units, census_by_feature):
    """One row per unit of units.csv; Laiwu's row is empty and points at Jinan (2020 boundaries)."""
    rows = []
    for unit in units:
        merged = [code for code in unit["merged_county_level_units"].split(";") if code]
        members = [unit["echarts_code"]] + merged
        row = {"code": unit["code"], "name_zh": unit["name_zh"],
               "census_unit_code": CENSUS_2020_MERGES.get(unit["code"], unit["code"])}
        if unit["code"] in CENSUS_2020_MERGES:
            row["note"] = (f"counted in {CENSUS_2020_MERGES[unit['code']]} (Laiwu merged into Jinan 2019; "
                           "Dong et al. give 2010 and 2020 on 2020 boundaries)")
            rows.append(row)
            continue
        member_rows = [census_by_feature[code] for code in members if code in census_by_feature]
        without_population = [code for code in members
                              if code not in census_by_feature or not census_by_feature[code]["popu_2020"]]
        row["census_city_codes"] = ";".join(sorted(member["city_code"] for member in member_rows))
        if unit["code"] == "370100":
            row["note"] = "includes former Laiwu (371200), both years"
        if without_population:
            row["members_without_population"] = ";".join(without_population)
            note = "XPCC county-level cities have no population in Dong et al.; area includes them"
            row["note"] = "; ".join(filter(None, [row.get("note"), note]))
        for year in ("2010", "2020"):
            values = aggregate_year(member_rows, year)
            if values is None:
                continue
            row[f"pop_{year}"] = f"{values['pop']:.0f}"
            row[f"urban_share_{year}"] = formatted(values["urban_share"], 4)
            row[f"household_size_{year}"] = formatted(values["household_size"], 3)
            row[f"sex_ratio_{year}"] = formatted(values["sex_ratio"], 2)
            for group in ("0_14", "15_59", "60", "65"):
                suffix = group if group in ("0_14", "15_59") else f"{group}plus"
                row[f"age_{suffix}_pct_{year}"] = formatted(values[f"age_{group}"], 2)
        if row.get("pop_2010") and row.get("pop_2020"):
            row["growth_log_2010_2020"] = f"{math.log(float(row['pop_2020']) / float(row['pop_2010'])):.6f}"
        rows.append(row)
    return rows


CENSUS_HEADER = (["code", "name_zh", "census_unit_code", "census_city_codes", "pop_2010", "pop_2020",
                  "growth_log_2010_2020"] +
                 [f"{name}_{year}" for name in ("urban_share", "household_size", "sex_ratio",
                                                 "age_0_14_pct", "age_15_59_pct", "age_60plus_pct",
                                                 "age_65plus_pct") for year in ("2010", "2020")] +
                 ["members_without_population", "note"])


# --------------------------------------------------------------------------------------------------------
def province_rows(census_rows, province_raw, provinces):
    sums = {}
    for row in census_rows:
        for year in ("2010", "2020"):
            if row[f"popu_{year}"]:
                key = (row["province_code"], year)
                sums[key] = sums.get(key, 0) + int(row[f"popu_{year}"])
    rows = []
    for raw in province_raw:
        code = raw["province_code"]
        pop_2010 = sums[(code, "2010")]
        pop_2020_cities = sums[(code, "2020")]
        rows.append({
            "code": code,
            "name_zh": raw["name_zh"],
            "region4_nbs": provinces[code]["region4_nbs"],
            "pop_2000_census_10k": raw["pop2000_census_10k_rapid"],
            "pop_2010_sum_of_cities": pop_2010,
            "pop_2020_census": raw["pop2020_census"],
            "pop_2020_sum_of_cities": pop_2020_cities,
            "growth_log_2010_2020_cities": f"{math.log(pop_2020_cities / pop_2010):.6f}",
            "cities_cover_2020_pct": f"{100 * pop_2020_cities / int(raw['pop2020_census']):.2f}",
        })
    return rows


PROVINCE_HEADER = ["code", "name_zh", "region4_nbs", "pop_2000_census_10k", "pop_2010_sum_of_cities",
                   "pop_2020_census", "pop_2020_sum_of_cities", "growth_log_2010_2020_cities",
                   "cities_cover_2020_pct"]


def migrant_rows(raw_rows):
    """Restates each year's base and regional definition in fixed vocabularies; figures unchanged."""
    rows = []
    for raw in raw_rows:
        base_total = raw["base"].split("(")[-1].split(")")[0].split()[-1]
        outbound_only = raw["base"].startswith("outbound")
        three_belts = raw["classification"].startswith("3-region")
        counts = [raw[f"{region}_10k"] for region in ("east", "central", "west", "northeast")]
        covered = sum(int(count) for count in counts if count)
        central_west = int(counts[1]) + int(counts[2])
        row = {
            "year": raw["year"],
            "base": "outbound_migrant_workers" if outbound_only else "all_migrant_workers",
            "base_total_10k": base_total,
            "regions": "3belt_pre2011" if three_belts else "nbs4_2011",
            "east_10k": counts[0], "central_10k": counts[1], "west_10k": counts[2], "northeast_10k": counts[3],
            "regions_sum_10k": covered,
            "central_west_share_of_base_pct": f"{100 * central_west / int(base_total):.1f}",
            "central_west_share_of_regions_pct": f"{100 * central_west / covered:.1f}",
            "status": "reported" if raw["exact"] == "reported" else "derived",
            "status_detail": raw["exact"],
            "source_title": raw["source_title"],
            "source_url": raw["source_url"],
        }
        for region in ("east", "central", "west", "northeast"):
            row[f"{region}_share_pct_reported"] = raw[f"{region}_share_pct"]
        rows.append(row)
    return rows


MIGRANT_HEADER = ["year", "base", "base_total_10k", "regions", "east_10k", "central_10k", "west_10k",
                  "northeast_10k", "regions_sum_10k", "east_share_pct_reported", "central_share_pct_reported",
                  "west_share_pct_reported", "northeast_share_pct_reported", "central_west_share_of_base_pct",
                  "central_west_share_of_regions_pct", "status",
                  "status_detail", "source_title", "source_url"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--import-raw", metavar="SHARED_CHINA_DIR",
                        help="first copy the source columns of the shared reference tables into raw/")
    arguments = parser.parse_args()
    if arguments.import_raw:
        import_raw(arguments.import_raw)

    census = read_csv(CITY_CENSUS_RAW)
    units = read_csv(os.path.join(HERE, "units.csv"))
    features = load_features()
    census_by_feature, unmatched = join_census_to_features(features, census)
    rows = census_rows_for_units(units, census_by_feature)
    write_csv(os.path.join(HERE, "census_2010_2020.csv"), CENSUS_HEADER, rows)

    provinces = {row["code"]: row for row in read_csv(os.path.join(HERE, "province_units.csv"))}
    mainland_census = [row for row in census if row["province_code"] in provinces]
    write_csv(os.path.join(HERE, "province_census_2000_2010_2020.csv"), PROVINCE_HEADER,
              province_rows(mainland_census, read_csv(PROVINCE_CENSUS_RAW), provinces))
    write_csv(os.path.join(HERE, "migrant_workers_by_region.csv"), MIGRANT_HEADER,
              migrant_rows(read_csv(MIGRANT_RAW)))

    complete = [row for row in rows if row.get("growth_log_2010_2020")]
    print(json.dumps({
        "census_rows": len(rows),
        "units_with_growth": len(complete),
        "census_rows_not_joined": [f"{row['city_code']} {row['city']}" for row in unmatched],
    }, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
