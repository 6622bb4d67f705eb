#!/usr/bin/env python3
"""Writes us_county_queen.gal (GeoDa GAL, keyed by 5-digit FIPS) from the derived edge list.

us_county_adjacency.csv lists each queen pair once with a rook flag; weights readers would take that flag
as a weight and would not see the 15 islands. The GAL lists every county (3,231, islands with 0 neighbours)
and both directions of every queen pair (9,341 pairs, 18,682 links). Usage: python3 make_queen_gal.py
"""
import csv
import pathlib

here = pathlib.Path(__file__).resolve().parent
with open(here / "us_counties.csv", newline="") as f:
    counties = [row["fips"] for row in csv.DictReader(f)]
neighbours = {fips: set() for fips in counties}
with open(here / "us_county_adjacency.csv", newline="") as f:
    for row in csv.DictReader(f):
        neighbours[row["fips_a"]].add(row["fips_b"])
        neighbours[row["fips_b"]].add(row["fips_a"])
lines = [f"0 {len(counties)} us_counties fips"]
for fips in counties:
    lines.append(f"{fips} {len(neighbours[fips])}")
    lines.append(" ".join(sorted(neighbours[fips])))
(here / "us_county_queen.gal").write_text("\n".join(lines) + "\n")
pairs = sum(len(v) for v in neighbours.values()) // 2
islands = sum(1 for v in neighbours.values() if not v)
print(f"us_county_queen.gal: {len(counties)} counties, {pairs} queen pairs, {islands} islands")
