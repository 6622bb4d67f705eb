#!/usr/bin/env python3
"""SIMULATED yearly panel 2003-2023 for the 336 China units: population, industrial relocation, migrant share.

No city-level source of these series can be redistributed, so this script generates them from a documented
spatial data-generating process (SOURCE.md, "Simulated panel") with its own seeded random.Random. The DGP is
anchored on real inputs: the 2010 and 2020 census populations (hit exactly), the real contiguity W
(china_cities_weights.csv, ferry link included) and the NBS regional migrant-worker totals
(migrant_workers_by_region.csv). Every generated column is named sim_*. The numbers are SIMULATED: they say
nothing about China. Outputs (this folder):

  sim_panel_2003_2023.csv                  code, year, sim_population, sim_relocation_index,
                                           sim_migrant_workers, sim_migrant_share (336 x 21 rows)
  china_cities_analysis_with_sim.csv       china_cities_analysis.csv + sim_relocation_2011_2020,
                                           sim_migrant_share_change (2020 minus 2010, percentage points)

Python 3 standard library only. Run: python3 datasets/china_cities/simulate_panel.py [--seed 20240601]
"""
import argparse
import csv
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
YEARS = list(range(2003, 2024))
DEFAULT_SEED = 20240601

# DGP parameters (SOURCE.md, "Simulated panel", explains each).
SPATIAL_RHO = 0.6                 # spatial autoregressive parameter of every shock field: (I - rho W)^-1 e
NEUMANN_TERMS = 60                # rho^60 < 1e-13: the series is exact to double precision
POP_AR = 0.7                      # yearly AR(1) persistence of the population deviation
POP_SHOCK_SD = 0.006              # sd of the yearly log-population innovation
PRE_2010_EAST_PREMIUM = 0.006     # extra yearly log growth of East units 2003-2010 (coastal boom)
PRE_2010_INLAND_PENALTY = 0.004   # lower yearly log growth of Central/West units 2003-2010
POST_2020_DAMPING = 0.5           # 2021-2023 trend = this x the unit's 2010-2020 trend
RELOCATION_INLAND = 1.0           # relocation intensity per decade of a Central/West unit from 2011
RELOCATION_CAPITAL = 0.3          # extra intensity of an inland provincial capital
RELOCATION_EAST_BORDER = 0.4      # extra intensity x share of an inland unit's neighbours that are East
RELOCATION_EAST = -0.5            # intensity of an East unit (outflow)
RELOCATION_UNIT_SD = 0.2          # sd of the unit effect (spatially correlated) on the intensity
RELOCATION_NOISE_SD = 0.05        # sd of the yearly (spatially correlated) noise of the index
MIGRANT_RELOCATION_ELASTICITY = 0.8  # migrant workers' attraction to relocation, log points per index unit
MIGRANT_NOISE_SD = 0.1            # sd of the unit (spatially correlated) log attraction noise
PRE_2010_MIGRANT_GROWTH = 0.04    # yearly growth of every unit's migrant workers before 2010 (assumed)

# Regional definitions of migrant_workers_by_region.csv: which units a region's total is spread over.
NORTHEAST_PROVINCES_3BELT = {"210000": "east", "220000": "central", "230000": "central"}


def read_csv(name):
    with open(os.path.join(HERE, name), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(name, header, rows):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def row_standardised_neighbours(codes):
    index = {code: position for position, code in enumerate(codes)}
    neighbours = [[] for _ in codes]
    for link in read_csv("china_cities_weights.csv"):
        neighbours[index[link["from"]]].append(index[link["to"]])
    return neighbours


def spatial_field(rng, neighbours, standard_deviation):
    """One draw of (I - rho W)^-1 e, e iid normal, by the Neumann series (W row-standardised, |rho| < 1)."""
    innovation = [rng.gauss(0.0, standard_deviation) for _ in neighbours]
    field, term = list(innovation), list(innovation)
    for _ in range(NEUMANN_TERMS):
        term = [SPATIAL_RHO * sum(term[j] for j in row) / len(row) for row in neighbours]
        field = [value + extra for value, extra in zip(field, term)]
    return field


def relocation_paths(rng, units, neighbours):
    """sim_relocation_index: 0 plus noise until 2010, then intensity x (years since 2010) / 10."""
    east_neighbour_share = [sum(units[j]["region4_nbs"] == "East" for j in row) / len(row) for row in neighbours]
    unit_effect = spatial_field(rng, neighbours, RELOCATION_UNIT_SD)
    intensity = []
    for position, unit in enumerate(units):
        inland = unit["region4_nbs"] in ("Central", "West")
        value = unit_effect[position]
        if inland:
            value += RELOCATION_INLAND + RELOCATION_EAST_BORDER * east_neighbour_share[position]
            value += RELOCATION_CAPITAL * int(unit["is_provincial_capital"])
        elif unit["region4_nbs"] == "East":
            value += RELOCATION_EAST
        intensity.append(value)
    paths = []
    for year in YEARS:
        noise = spatial_field(rng, neighbours, RELOCATION_NOISE_SD)
        trend = max(0, year - 2010) / 10.0
        paths.append([intensity[i] * trend + noise[i] for i in range(len(units))])
    return paths  # paths[year index][unit]


def population_paths(rng, units, neighbours):
    """Log population = real 2010 level + piecewise trend + an AR(1) spatial deviation pinned to 0 in 2010
    and 2020, so sim_population equals the census in both years."""
    deviation, current = [], [0.0] * len(units)
    for _ in YEARS:
        shock = spatial_field(rng, neighbours, POP_SHOCK_SD)
        current = [POP_AR * value + extra for value, extra in zip(current, shock)]
        deviation.append(current)
    at_2010, at_2020 = deviation[YEARS.index(2010)], deviation[YEARS.index(2020)]
    paths = []
    for year_index, year in enumerate(YEARS):
        row = []
        for i, unit in enumerate(units):
            log_2010 = math.log(float(unit["pop_2010"]))
            trend_2010_2020 = (math.log(float(unit["pop_2020"])) - log_2010) / 10.0
            if year < 2010:
                region = unit["region4_nbs"]
                rate = trend_2010_2020 + (PRE_2010_EAST_PREMIUM if region == "East" else 0.0)
                rate -= PRE_2010_INLAND_PENALTY if region in ("Central", "West") else 0.0
                trend = rate * (year - 2010)
            elif year <= 2020:
                trend = trend_2010_2020 * (year - 2010)
            else:
                trend = trend_2010_2020 * 10 + POST_2020_DAMPING * trend_2010_2020 * (year - 2020)
            pinned = deviation[year_index][i] - at_2010[i] - (year - 2010) / 10.0 * (at_2020[i] - at_2010[i])
            row.append(round(math.exp(log_2010 + trend + pinned)))
        paths.append(row)
    return paths


def region_members(units, definition):
    """Unit positions per region name of migrant_workers_by_region.csv for a regional definition."""
    members = {"east": [], "central": [], "west": [], "northeast": []}
    for position, unit in enumerate(units):
        region = unit["region4_nbs"].lower()
        if definition == "3belt_pre2011" and region == "northeast":
            region = NORTHEAST_PROVINCES_3BELT[unit["province_code"]]
        members[region].append(position)
    return members


def migrant_paths(rng, units, neighbours, population, relocation):
    """Migrant workers (persons) per unit and year: each anchor year's NBS regional totals (all migrant
    workers, 10k persons) spread over the region's units in proportion to
    population x urban share x exp(elasticity x relocation + noise); log-linear in between."""
    noise = spatial_field(rng, neighbours, MIGRANT_NOISE_SD)
    urban = [float(u["urban_share_2010"]) if u["urban_share_2010"] else None for u in units]
    mean_urban = sum(v for v in urban if v is not None) / sum(v is not None for v in urban)
    urban = [mean_urban if value is None else value for value in urban]
    anchors = {}
    for record in read_csv("migrant_workers_by_region.csv"):
        year = int(record["year"])
        if record["base"] != "all_migrant_workers" or year not in YEARS:
            continue  # 2009 counts outbound migrant workers only: a different base
        year_index = YEARS.index(year)
        counts = [0.0] * len(units)
        for region, positions in region_members(units, record["regions"]).items():
            total = record[f"{region}_10k"]
            if not total:
                continue
            attraction = [population[year_index][i] * urban[i] *
                          math.exp(MIGRANT_RELOCATION_ELASTICITY * relocation[year_index][i] + noise[i])
                          for i in positions]
            scale = float(total) * 1e4 / sum(attraction)
            for i, value in zip(positions, attraction):
                counts[i] = value * scale
        anchors[year] = counts
    anchor_years = sorted(anchors)
    paths = []
    for year in YEARS:
        if year in anchors:
            paths.append(anchors[year])
        elif year < anchor_years[0]:
            factor = math.exp(-PRE_2010_MIGRANT_GROWTH * (anchor_years[0] - year))
            paths.append([value * factor for value in anchors[anchor_years[0]]])
        else:
            before = max(y for y in anchor_years if y < year)
            after = min(y for y in anchor_years if y > year)
            weight = (year - before) / (after - before)
            paths.append([math.exp((1 - weight) * math.log(a) + weight * math.log(b))
                          for a, b in zip(anchors[before], anchors[after])])
    return paths


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    arguments = parser.parse_args()
    rng = random.Random(arguments.seed)
    analysis = read_csv("china_cities_analysis.csv")
    codes = [row["code"] for row in analysis]
    neighbours = row_standardised_neighbours(codes)
    relocation = relocation_paths(rng, analysis, neighbours)
    population = population_paths(rng, analysis, neighbours)
    migrants = migrant_paths(rng, analysis, neighbours, population, relocation)
    panel = []
    for i, code in enumerate(codes):
        for year_index, year in enumerate(YEARS):
            share = migrants[year_index][i] / population[year_index][i]
            panel.append([code, year, population[year_index][i], f"{relocation[year_index][i]:.6f}",
                          round(migrants[year_index][i]), f"{share:.6f}"])
    write_csv("sim_panel_2003_2023.csv",
              ["code", "year", "sim_population", "sim_relocation_index", "sim_migrant_workers",
               "sim_migrant_share"], panel)
    y2010, y2020 = YEARS.index(2010), YEARS.index(2020)
    header = list(analysis[0].keys()) + ["sim_relocation_2011_2020", "sim_migrant_share_change"]
    rows = []
    for i, row in enumerate(analysis):
        relocation_change = relocation[y2020][i] - relocation[y2010][i]
        share_change = 100.0 * (migrants[y2020][i] / population[y2020][i] -
                                migrants[y2010][i] / population[y2010][i])
        rows.append(list(row.values()) + [f"{relocation_change:.6f}", f"{share_change:.6f}"])
    write_csv("china_cities_analysis_with_sim.csv", header, rows)
    print(f"simulate_panel.py: SIMULATED panel, seed {arguments.seed}: {len(panel)} rows "
          f"({len(codes)} units x {len(YEARS)} years) and {len(rows)} cross-section rows")


if __name__ == "__main__":
    main()
