#!/usr/bin/env node
// Derives the bundled China city geometry, unit tables and contiguity edge lists from the npm package
// echarts@4.9.0 (map/json/china-cities.json and map/json/province/*.json) and names in pinyin with
// pinyin-pro@3.29.4. Rules (SOURCE.md states them in full): two units are neighbours when their polygons lie
// within 0.01 degree of each other; county-level units administered directly by a province are dissolved
// into the same-province unit with which they share the longest border. Run fetch_sources.sh first.
// Usage: node derive_units.js [--sources DIR] [--out DIR]
'use strict';

const fs = require('fs');
const path = require('path');
const geometry = require('./geometry.js');
const classification = require('./classification.js');

const GRID = geometry.GRID_PER_DEGREE;
// The contiguity rule: polygons within 0.01 degree (about 1 km); in grid units of 1/1024 degree.
const NEIGHBOUR_TOLERANCE_DEGREES = 0.01;
const NEIGHBOUR_TOLERANCE = NEIGHBOUR_TOLERANCE_DEGREES * GRID;
// Border length is measured on boundary pieces of at most half a grid step (about 50 m).
const BORDER_SAMPLE_STEP = 0.5;
// Segment grid cell (grid units): about 0.03 degree, a few times the tolerance.
const INDEX_CELL = 32;
// Douglas-Peucker tolerance for the shipped GeoJSON only (grid units): 2/1024 degree, about 200 m. Every
// number in the CSVs is computed from the full decoded geometry; check_derivation.py verifies that the
// simplified GeoJSON yields the same edge set under the same rule.
const GEOJSON_SIMPLIFY_TOLERANCE = 2;
// The equal-area projection of the area and centroid columns.
const ALBERS = geometry.makeAlbers(25, 47, 105, 0);

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

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

// ---------------------------------------------------------------------------------------------------------
// Units of the city layer (one per ECharts feature) with names from the province files of the same package.
function provinceCodeOf(code) {
  return `${code.slice(0, 2)}0000`;
}

function featureLevel(code) {
  if (classification.MUNICIPALITY_CODES.has(code)) return 'municipality';
  if (classification.OUTSIDE_MAINLAND_CODES.has(code)) return 'sar_or_taiwan';
  // GB/T 2260 reserves xx90xx for county-level units administered directly by the province.
  if (code.slice(2, 4) === '90') return 'county_level_direct';
  return 'prefecture';
}

// Full names (such as 合肥市) by code from map/json/province/*.json; units whose code changed between the
// two files (e.g. 469003 -> 460400 Danzhou) are matched by short-name prefix within the province.
function loadFullNames(mapDirectory) {
  const byProvince = new Map();
  const provinceDirectory = path.join(mapDirectory, 'province');
  for (const file of fs.readdirSync(provinceDirectory).sort()) {
    for (const feature of readJson(path.join(provinceDirectory, file)).features) {
      const code = feature.id || feature.properties.id;
      if (!code) continue;
      const province = provinceCodeOf(code);
      if (!byProvince.has(province)) byProvince.set(province, []);
      byProvince.get(province).push({code, name: feature.properties.name});
    }
  }
  return byProvince;
}

function fullNameFor(code, shortName, fullNames) {
  if (classification.MUNICIPALITY_CODES.has(code) || classification.OUTSIDE_MAINLAND_CODES.has(code)) {
    return classification.PROVINCE_NAMES[code];
  }
  const candidates = fullNames.get(provinceCodeOf(code)) || [];
  const exact = candidates.find((candidate) => candidate.code === code);
  if (exact) return exact.name;
  const byName = candidates.filter((candidate) => candidate.name.startsWith(shortName.replace(/县$/, '')));
  if (byName.length !== 1) throw new Error(`no unique full name for ${code} ${shortName}`);
  return byName[0].name;
}

function loadCityLayer(sources) {
  const mapDirectory = path.join(sources, 'node_modules', 'echarts', 'map', 'json');
  const collection = readJson(path.join(mapDirectory, 'china-cities.json'));
  if (!collection.UTF8Encoding)
    throw new Error('china-cities.json is not UTF8Encoding-compressed as expected');
  const scale = collection.UTF8Scale || GRID;
  const fullNames = loadFullNames(mapDirectory);
  return collection.features.map((feature) => {
    const code = String(feature.id);
    const shortName = feature.properties.name;
    const rings = geometry.decodeFeatureRings(feature.geometry, scale);
    const level = featureLevel(code);
    return {
      code,
      shortName,
      fullName: fullNameFor(code, shortName, fullNames),
      provinceCode: provinceCodeOf(code),
      level,
      mainland: level !== 'sar_or_taiwan',
      seat: feature.properties.cp,
      rings,
      index: new geometry.UnitIndex(rings, INDEX_CELL),
      measures: geometry.areaAndCentroid(rings, ALBERS),
    };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Contiguity on the city layer: every pair within the tolerance, with the distance and the shared border.
// The border is the shorter of the two directed lengths (A's boundary within the tolerance of B, and B's
// boundary within the tolerance of A): a boundary that wanders along inside its neighbour's buffer, as the
// independently simplified ECharts outlines sometimes do, does not inflate it.
function cityAdjacency(units) {
  const edges = [];
  for (let i = 0; i < units.length; ++i) {
    for (let j = i + 1; j < units.length; ++j) {
      const distance = geometry.unitDistance(units[i].index, units[j].index, NEIGHBOUR_TOLERANCE);
      if (distance === Infinity) continue;
      const lengthIJ = geometry.boundaryLengthNear(
          units[i].index, units[j].index, NEIGHBOUR_TOLERANCE, BORDER_SAMPLE_STEP);
      const lengthJI = geometry.boundaryLengthNear(
          units[j].index, units[i].index, NEIGHBOUR_TOLERANCE, BORDER_SAMPLE_STEP);
      edges.push({
        a: units[i].code,
        b: units[j].code,
        minDistanceDegrees: distance / GRID,
        borderKm: Math.min(lengthIJ, lengthJI),
        borderKmAB: lengthIJ,
        borderKmBA: lengthJI
      });
    }
  }
  return edges;
}

// ---------------------------------------------------------------------------------------------------------
// The prefecture layer. Danzhou (469003) counts as prefecture-level (460400 since 2015). The other
// county-level units are dissolved by greedy agglomeration over unit-to-unit borders: at each step, among all
// adjacent pairs (unassigned county-level unit, assigned unit of the same province), the pair with the
// longest shared border is taken and the county-level unit joins the group of the assigned unit. A unit whose
// neighbours are all unassigned waits (the inland Hainan counties reach a prefecture through the counties
// around them); the result is the same-province neighbour with the longest border wherever that neighbour is
// itself settled.
function dissolveCountyLevelUnits(units, edges) {
  const groupOf = new Map();
  const members = new Map();
  const pending = new Set();
  for (const unit of units) {
    if (!unit.mainland) continue;
    if (unit.level === 'county_level_direct' && !classification.PROMOTED_TO_PREFECTURE[unit.code]) {
      pending.add(unit.code);
    } else {
      groupOf.set(unit.code, unit.code);
      members.set(unit.code, [unit.code]);
    }
  }
  const candidates =
      edges.flatMap((edge) => [[edge.a, edge.b, edge.borderKm], [edge.b, edge.a, edge.borderKm]])
          .filter(
              ([county, other]) => pending.has(county) && provinceCodeOf(county) === provinceCodeOf(other));
  const mergeOrder = [];
  while (pending.size > 0) {
    let best = null;
    for (const [county, other, borderKm] of candidates) {
      if (!pending.has(county) || !groupOf.has(other)) continue;
      if (!best || borderKm > best.borderKm) best = {county, via: other, borderKm};
    }
    if (!best)
      throw new Error(`county-level units without a same-province neighbour: ${[...pending].join(', ')}`);
    best.group = groupOf.get(best.via);
    groupOf.set(best.county, best.group);
    members.get(best.group).push(best.county);
    pending.delete(best.county);
    mergeOrder.push(best);
  }
  return {groupOf, members, mergeOrder};
}

// Contracts an edge list through a unit -> group map; shared borders add up, self-loops vanish.
function contractEdges(edges, groupOf) {
  const merged = new Map();
  for (const edge of edges) {
    const a = groupOf.get(edge.a);
    const b = groupOf.get(edge.b);
    if (!a || !b || a === b) continue;
    const [from, to] = a < b ? [a, b] : [b, a];
    const key = `${from}|${to}`;
    const current = merged.get(key) || {a: from, b: to, minDistanceDegrees: Infinity, borderKm: 0};
    current.minDistanceDegrees = Math.min(current.minDistanceDegrees, edge.minDistanceDegrees);
    current.borderKm += edge.borderKm;
    merged.set(key, current);
  }
  return [...merged.values()].sort((x, y) => (x.a === y.a ? x.b.localeCompare(y.b) : x.a.localeCompare(y.a)));
}

// Area-weighted centroid and total area of a group: exact for the union when members do not overlap.
function groupMeasures(memberUnits) {
  let area = 0;
  let weightedX = 0;
  let weightedY = 0;
  for (const unit of memberUnits) {
    area += unit.measures.areaKm2;
    weightedX += unit.measures.projectedCentroid[0] * unit.measures.areaKm2;
    weightedY += unit.measures.projectedCentroid[1] * unit.measures.areaKm2;
  }
  const [lon, lat] = ALBERS.inverse(weightedX / area, weightedY / area);
  return {areaKm2: area, centroidLon: lon, centroidLat: lat};
}

// ---------------------------------------------------------------------------------------------------------
// Output helpers.
function csvField(value) {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function writeCsv(file, header, rows) {
  const lines =
      [header.join(',')].concat(rows.map((row) => header.map((column) => csvField(row[column])).join(',')));
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

function fixed(value, digits) {
  return value.toFixed(digits);
}

function connectedComponents(codes, edges) {
  const parent = new Map(codes.map((code) => [code, code]));
  const find = (code) => {
    while (parent.get(code) !== code) {
      parent.set(code, parent.get(parent.get(code)));
      code = parent.get(code);
    }
    return code;
  };
  for (const edge of edges) parent.set(find(edge.a), find(edge.b));
  const sizes = new Map();
  for (const code of codes) sizes.set(find(code), (sizes.get(find(code)) || 0) + 1);
  return [...sizes.values()].sort((x, y) => y - x);
}

function geojsonFeature(unit, prefectureCode) {
  const polygons = unit.rings.map((ring) => {
    let simplified = geometry.simplifyRing(ring, GEOJSON_SIMPLIFY_TOLERANCE);
    if (simplified.length < 3) simplified = ring;
    // RFC 7946: exterior rings counterclockwise, first position repeated at the end.
    if (geometry.signedTwiceArea(simplified) < 0) simplified = simplified.slice().reverse();
    const positions =
        simplified.map(([x, y]) => [Number((x / GRID).toFixed(4)), Number((y / GRID).toFixed(4))]);
    positions.push(positions[0]);
    return [positions];
  });
  return {
    type: 'Feature',
    properties: {
      code: unit.code,
      name_zh: unit.fullName,
      name_short_zh: unit.shortName,
      province_code: unit.provinceCode,
      level: unit.level,
      mainland: unit.mainland,
      prefecture_code: prefectureCode || null,
      seat_lon: unit.seat[0],
      seat_lat: unit.seat[1],
    },
    geometry: {type: 'MultiPolygon', coordinates: polygons},
  };
}

// ---------------------------------------------------------------------------------------------------------
// Names in pinyin: toneless Hanyu Pinyin of the short name, ü kept, syllables joined, an apostrophe before a
// syllable that starts with a, o or e (Xi'an), first letter capitalised.
function romanise(pinyinOf, shortName) {
  const stem = shortName.replace(classification.ROMANISATION_SUFFIX, '');
  const syllables =
      classification.PINYIN_OVERRIDES[stem] || pinyinOf(stem, {toneType: 'none', type: 'array'});
  const joined =
      syllables.map((syllable, index) => (index > 0 && /^[aoe]/.test(syllable) ? `'${syllable}` : syllable))
          .join('');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

// Independent check of the xx0100 capital rule: ECharts china.json places each province label at its
// capital's seat point shifted by whole tenths of a degree (安徽 at 合肥 moved 0.6 degree south, 湖南 at 长沙
// moved 1.2 west and 0.1 south), so the capital is the one unit of its province whose seat differs from the
// label point by multiples of 0.1 degree in both coordinates.
function offsetIsWholeTenths(a, b) {
  const tenths = (a - b) * 10;
  return Math.abs(tenths - Math.round(tenths)) < 1e-4;
}

function checkCapitals(units, sources) {
  const chinaJson = readJson(path.join(sources, 'node_modules', 'echarts', 'map', 'json', 'china.json'));
  let checked = 0;
  for (const feature of chinaJson.features) {
    const provinceCode = String(feature.id || feature.properties.id);
    if (classification.MUNICIPALITY_CODES.has(provinceCode) ||
        classification.OUTSIDE_MAINLAND_CODES.has(provinceCode)) {
      continue;
    }
    const label = feature.properties.cp;
    const matches = units.filter(
        (unit) => unit.provinceCode === provinceCode && offsetIsWholeTenths(unit.seat[0], label[0]) &&
            offsetIsWholeTenths(unit.seat[1], label[1]));
    if (matches.length !== 1 || matches[0].code !== classification.capitalCodeOf(provinceCode)) {
      throw new Error(
          `capital rule fails for province ${provinceCode}: ${matches.map((u) => u.code).join(',')}`);
    }
    ++checked;
  }
  if (checked !== 27) throw new Error(`expected 27 provinces with capitals in china.json, found ${checked}`);
}

function unitCode(echartsCode) {
  return classification.PROMOTED_TO_PREFECTURE[echartsCode] || echartsCode;
}

function prefectureRows(units, dissolve, pinyinOf) {
  const unitsByCode = new Map(units.map((unit) => [unit.code, unit]));
  const rows = [];
  for (const [groupCode, memberCodes] of dissolve.members) {
    const head = unitsByCode.get(groupCode);
    const code = unitCode(groupCode);
    const provinceCode = head.provinceCode;
    const measures = groupMeasures(memberCodes.map((member) => unitsByCode.get(member)));
    rows.push({
      code,
      name_zh: head.fullName,
      name_pinyin: romanise(pinyinOf, head.shortName),
      province_code: provinceCode,
      province_zh: classification.PROVINCES[provinceCode][0],
      region4_nbs: classification.PROVINCES[provinceCode][2],
      is_provincial_capital: classification.capitalCodeOf(provinceCode) === code &&
              !classification.MUNICIPALITY_CODES.has(code) ?
          1 :
          0,
      is_municipality: classification.MUNICIPALITY_CODES.has(code) ? 1 : 0,
      is_sub_provincial: classification.SUB_PROVINCIAL_CODES.has(code) ? 1 : 0,
      seat_lon: head.seat[0],
      seat_lat: head.seat[1],
      centroid_lon: fixed(measures.centroidLon, 5),
      centroid_lat: fixed(measures.centroidLat, 5),
      area_km2: fixed(measures.areaKm2, 1),
      echarts_code: groupCode,
      merged_county_level_units: memberCodes.slice(1).sort().join(';'),
    });
  }
  return rows.sort((x, y) => x.code.localeCompare(y.code));
}

function provinceRows(units, provinceEdges) {
  const rows = [];
  const mainland = units.filter((unit) => unit.mainland);
  for (const provinceCode of [...new Set(mainland.map((unit) => unit.provinceCode))].sort()) {
    const members = mainland.filter((unit) => unit.provinceCode === provinceCode);
    const measures = groupMeasures(members);
    const [nameZh, nameEn, region] = classification.PROVINCES[provinceCode];
    const capitalCode = classification.capitalCodeOf(provinceCode);
    const capital = members.find((unit) => unit.code === capitalCode);
    rows.push({
      code: provinceCode,
      name_zh: nameZh,
      name_en: nameEn,
      region4_nbs: region,
      capital_code: capitalCode,
      capital_zh: capital.fullName,
      n_city_features: members.length,
      n_neighbors: provinceEdges.filter((edge) => edge.a === provinceCode || edge.b === provinceCode).length,
      centroid_lon: fixed(measures.centroidLon, 5),
      centroid_lat: fixed(measures.centroidLat, 5),
      area_km2: fixed(measures.areaKm2, 0),
    });
  }
  return rows;
}

function edgeRows(edges, relabel) {
  return edges
      .map((edge) => ({
             from: relabel(edge.a),
             to: relabel(edge.b),
             shared_border_km: fixed(edge.borderKm, 2),
             min_dist_deg: fixed(edge.minDistanceDegrees, 5),
           }))
      .map((row) => (row.from < row.to ? row : {...row, from: row.to, to: row.from}))
      .sort((x, y) => (x.from === y.from ? x.to.localeCompare(y.to) : x.from.localeCompare(y.from)));
}

// Island handling. Hainan is a separate component of both layers; the default link is the Qiongzhou Strait
// crossing (road and rail ferries, Hai'an in Xuwen county of Zhanjiang - Haikou), labelled so users can drop
// it.
const ISLAND_LINKS = [
  {
    layer: 'prefecture',
    from: '440800',
    to: '460100',
    kind: 'ferry',
    note: 'Qiongzhou Strait ferries Hai\'an (Xuwen county; Zhanjiang) - Haikou; joins the Hainan component'
  },
  {
    layer: 'province',
    from: '440000',
    to: '460000',
    kind: 'ferry',
    note: 'Qiongzhou Strait ferries Guangdong - Hainan; joins the Hainan component'
  },
];

function main(options) {
  const {pinyin} = require(path.join(options.sources, 'node_modules', 'pinyin-pro'));
  const units = loadCityLayer(options.sources);
  const unitsByCode = new Map(units.map((unit) => [unit.code, unit]));
  checkCapitals(units, options.sources);
  const cityEdges = cityAdjacency(units);
  const dissolve = dissolveCountyLevelUnits(units, cityEdges);
  const prefectureEdges = contractEdges(cityEdges, dissolve.groupOf);

  // Laiwu (371200) became part of Jinan (370100) in 2019; the 2020 census counts it there.
  const census2020Group =
      new Map([...dissolve.groupOf].map(([code, group]) => [code, group === '371200' ? '370100' : group]));
  const census2020Edges = contractEdges(cityEdges, census2020Group);

  const provinceOf =
      new Map(units.filter((unit) => unit.mainland).map((unit) => [unit.code, unit.provinceCode]));
  const provinceEdges = contractEdges(cityEdges, provinceOf);

  const out = options.out;
  const identity = (code) => code;
  writeCsv(
      path.join(out, 'city_adjacency.csv'), ['from', 'to', 'shared_border_km', 'min_dist_deg'],
      edgeRows(cityEdges, identity));
  const prefectureHeader = [
    'code', 'name_zh', 'name_pinyin', 'province_code', 'province_zh', 'region4_nbs', 'is_provincial_capital',
    'is_municipality', 'is_sub_provincial', 'seat_lon', 'seat_lat', 'centroid_lon', 'centroid_lat',
    'area_km2', 'echarts_code', 'merged_county_level_units'
  ];
  const prefectures = prefectureRows(units, dissolve, pinyin);
  writeCsv(path.join(out, 'units.csv'), prefectureHeader, prefectures);
  writeCsv(
      path.join(out, 'prefecture_adjacency.csv'), ['from', 'to', 'shared_border_km', 'min_dist_deg'],
      edgeRows(prefectureEdges, unitCode));
  writeCsv(
      path.join(out, 'prefecture_adjacency_336.csv'), ['from', 'to', 'shared_border_km', 'min_dist_deg'],
      edgeRows(census2020Edges, unitCode));
  writeCsv(
      path.join(out, 'province_units.csv'),
      [
        'code', 'name_zh', 'name_en', 'region4_nbs', 'capital_code', 'capital_zh', 'n_city_features',
        'n_neighbors', 'centroid_lon', 'centroid_lat', 'area_km2'
      ],
      provinceRows(units, provinceEdges));
  writeCsv(
      path.join(out, 'province_adjacency.csv'), ['from', 'to', 'shared_border_km', 'min_dist_deg'],
      edgeRows(provinceEdges, identity));
  writeCsv(path.join(out, 'island_links.csv'), ['layer', 'from', 'to', 'kind', 'note'], ISLAND_LINKS);

  // Features in code order (the source file groups them by province).
  const features = units.slice()
                       .sort((x, y) => x.code.localeCompare(y.code))
                       .map(
                           (unit) => geojsonFeature(
                               unit, unit.mainland ? unitCode(dissolve.groupOf.get(unit.code)) : null));
  fs.writeFileSync(
      path.join(out, 'china_cities.geojson'), `${JSON.stringify({type: 'FeatureCollection', features})}\n`);

  const mainlandPrefectures = prefectures.map((row) => row.echarts_code);
  const summary = {
    city_features: units.length,
    city_edges: cityEdges.length,
    prefecture_units: prefectures.length,
    prefecture_edges: prefectureEdges.length,
    prefecture_components: connectedComponents(mainlandPrefectures, prefectureEdges),
    units_336_edges: census2020Edges.length,
    province_units: new Set(provinceOf.values()).size,
    province_edges: provinceEdges.length,
    merge_order: dissolve.mergeOrder.map(
        (step) => `${step.county}->${step.via} (${step.borderKm.toFixed(1)} km) => ${step.group}`),
  };
  process.stdout.write(`${JSON.stringify(summary, null, 1)}\n`);
}

if (require.main === module) {
  main(parseArguments(process.argv));
}
