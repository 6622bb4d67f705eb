#!/usr/bin/env node
// Derives US county contiguity from the TopoJSON topology of npm us-atlas@3.0.1 (counties-10m.json; US Census
// Bureau 2017 cartographic boundaries, ISC packaging by Mike Bostock). Rook: two counties use the same arc.
// Queen: two counties share at least one vertex (exact quantized position; arcs in a topology meet only at
// their shared endpoints, so this is the point-contact rule). Run datasets/china_cities/fetch_sources.sh
// first. Usage: node derive_us_adjacency.js [--sources DIR] [--out DIR]
'use strict';

const fs = require('fs');
const path = require('path');

function parseArguments(argv) {
  const options = {
    sources: path.join(process.env.TMPDIR || '/tmp', 'hinterland-dataset-sources'),
    out: __dirname,
  };
  for (let index = 2; index < argv.length; index += 2) {
    const flag = argv[index];
    const value = argv[index + 1];
    if (flag === '--sources' && value)
      options.sources = value;
    else if (flag === '--out' && value)
      options.out = value;
    else
      throw new Error(`unknown or incomplete argument '${flag}'; usage: [--sources DIR] [--out DIR]`);
  }
  return options;
}

// TopoJSON arc indices: a negative index ~i means arc i traversed backwards; either way it is arc i.
function arcIndex(reference) {
  return reference < 0 ? ~reference : reference;
}

function arcReferences(geometry) {
  const polygons = geometry.type === 'Polygon' ? [geometry.arcs] :
      geometry.type === 'MultiPolygon'         ? geometry.arcs :
                                                 [];
  return polygons.flat(2).map(arcIndex);
}

// Quantized arcs are delta-encoded: the first position is absolute, the rest are offsets from the previous
// one.
function decodeArcPositions(arc) {
  const positions = [];
  let x = 0;
  let y = 0;
  for (const [dx, dy] of arc) {
    x += dx;
    y += dy;
    positions.push(`${x},${y}`);
  }
  return positions;
}

function pairKey(a, b) {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function main(options) {
  const topology = JSON.parse(
      fs.readFileSync(path.join(options.sources, 'node_modules', 'us-atlas', 'counties-10m.json'), 'utf8'));
  if (!topology.transform)
    throw new Error('counties-10m.json is expected to be quantized (transform present)');
  const counties = topology.objects.counties.geometries;
  const states =
      new Map(topology.objects.states.geometries.map((state) => [state.id, state.properties.name]));
  const arcPositions = topology.arcs.map(decodeArcPositions);

  const countiesByArc = new Map();
  const countiesByPosition = new Map();
  for (const county of counties) {
    for (const arc of new Set(arcReferences(county))) {
      if (!countiesByArc.has(arc)) countiesByArc.set(arc, new Set());
      countiesByArc.get(arc).add(county.id);
      for (const position of arcPositions[arc]) {
        if (!countiesByPosition.has(position)) countiesByPosition.set(position, new Set());
        countiesByPosition.get(position).add(county.id);
      }
    }
  }
  const addPairs = (groups, target) => {
    for (const group of groups) {
      const members = [...group];
      for (let i = 0; i < members.length; ++i) {
        for (let j = i + 1; j < members.length; ++j) target.add(pairKey(members[i], members[j]));
      }
    }
  };
  const rook = new Set();
  const queen = new Set();
  addPairs(countiesByArc.values(), rook);
  addPairs(countiesByPosition.values(), queen);
  for (const pair of rook) {
    if (!queen.has(pair)) throw new Error(`rook pair ${pair} is not a queen pair`);
  }

  const edgeLines = [...queen].sort().map((pair) => {
    const [a, b] = pair.split('|');
    return `${a},${b},${rook.has(pair) ? 1 : 0}`;
  });
  fs.writeFileSync(
      path.join(options.out, 'us_county_adjacency.csv'), `fips_a,fips_b,rook\n${edgeLines.join('\n')}\n`);

  const degree = new Map(counties.map((county) => [county.id, [0, 0]]));
  for (const pair of queen) {
    for (const fips of pair.split('|')) {
      degree.get(fips)[0] += 1;
      if (rook.has(pair)) degree.get(fips)[1] += 1;
    }
  }
  const quote = (text) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const countyLines = counties.map((county) => county.id).sort().map((fips) => {
    const county = counties.find((candidate) => candidate.id === fips);
    const stateFips = fips.slice(0, 2);
    return [
      fips, quote(county.properties.name), stateFips, quote(states.get(stateFips) || ''), degree.get(fips)[0],
      degree.get(fips)[1]
    ].join(',');
  });
  fs.writeFileSync(
      path.join(options.out, 'us_counties.csv'),
      `fips,name,state_fips,state_name,n_queen,n_rook\n${countyLines.join('\n')}\n`);
  const islands = [...degree].filter(([, [queenDegree]]) => queenDegree === 0).map(([fips]) => fips);
  process.stdout.write(`${
      JSON.stringify(
          {counties: counties.length, queen_edges: queen.size, rook_edges: rook.size, islands})}\n`);
}

if (require.main === module) {
  main(parseArguments(process.argv));
}
