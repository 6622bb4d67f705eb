// Planar geometry for the dataset derivation scripts: ECharts "UTF8Encoding" decoding, Albers equal-area
// projection (Snyder 1987, "Map Projections: A Working Manual", USGS PP 1395, eqs. 14-1 to 14-21, GRS80
// ellipsoid), ring area/centroid, Douglas-Peucker simplification, and a segment grid that answers
// "how far is this point from that unit's boundary" and "is it inside". Coordinates are integers on the
// 1/1024-degree grid of the source (x = lon * 1024, y = lat * 1024); every ring is treated as an outer ring.
'use strict';

const GRID_PER_DEGREE = 1024;

// ---------------------------------------------------------------------------------------------------------
// ECharts UTF8Encoding. Each ring is a string of character pairs; each character code minus 64 is a
// zigzag-encoded delta from the previous vertex, the first delta being taken from the ring's encodeOffsets.
// The result keeps the integer grid (no division by the scale) so that equality tests stay exact.
function decodeRing(encoded, offsets) {
  const ring = [];
  let previousX = offsets[0];
  let previousY = offsets[1];
  for (let index = 0; index + 1 < encoded.length; index += 2) {
    const zigzagX = encoded.charCodeAt(index) - 64;
    const zigzagY = encoded.charCodeAt(index + 1) - 64;
    previousX += (zigzagX >> 1) ^ -(zigzagX & 1);
    previousY += (zigzagY >> 1) ^ -(zigzagY & 1);
    ring.push([previousX, previousY]);
  }
  return ring;
}

// Returns the rings of one feature as a flat list. ECharts does not follow GeoJSON ring order (a unit's main
// ring can be stored as the second ring of a polygon), so every ring is kept as a polygon of its own.
// Consecutive duplicate vertices and an explicit closing vertex are dropped: rings are implicitly closed.
function decodeFeatureRings(geometry, scale) {
  if (scale !== GRID_PER_DEGREE) {
    throw new Error(`unsupported UTF8Scale ${scale}; this script assumes the 1/1024 degree grid`);
  }
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const offsets = geometry.type === 'Polygon' ? [geometry.encodeOffsets] : geometry.encodeOffsets;
  const rings = [];
  polygons.forEach((polygon, polygonIndex) => {
    polygon.forEach((encoded, ringIndex) => {
      const ring = dropRepeatedVertices(decodeRing(encoded, offsets[polygonIndex][ringIndex]));
      if (ring.length >= 3) rings.push(ring);
    });
  });
  return rings;
}

function dropRepeatedVertices(ring) {
  const kept = [];
  for (const vertex of ring) {
    const last = kept[kept.length - 1];
    if (!last || last[0] !== vertex[0] || last[1] !== vertex[1]) kept.push(vertex);
  }
  while (kept.length > 1 && kept[0][0] === kept[kept.length - 1][0] &&
         kept[0][1] === kept[kept.length - 1][1]) {
    kept.pop();
  }
  return kept;
}

// ---------------------------------------------------------------------------------------------------------
// Albers equal-area conic on the GRS80 ellipsoid (Snyder eqs. 3-12, 14-3 to 14-6, 14-18 to 14-21).
const GRS80_SEMI_MAJOR_M = 6378137.0;
const GRS80_FLATTENING = 1 / 298.257222101;
const ECCENTRICITY = Math.sqrt(2 * GRS80_FLATTENING - GRS80_FLATTENING * GRS80_FLATTENING);
const ECCENTRICITY_SQUARED = ECCENTRICITY * ECCENTRICITY;
const RADIANS = Math.PI / 180;

function authalicQ(sinPhi) {
  const eSin = ECCENTRICITY * sinPhi;
  return (1 - ECCENTRICITY_SQUARED) *
      (sinPhi / (1 - eSin * eSin) - Math.log((1 - eSin) / (1 + eSin)) / (2 * ECCENTRICITY));
}

function parallelRadiusM(sinPhi, cosPhi) {
  return cosPhi / Math.sqrt(1 - ECCENTRICITY_SQUARED * sinPhi * sinPhi);
}

function makeAlbers(standardParallel1, standardParallel2, centralMeridian, latitudeOfOrigin) {
  const phi1 = standardParallel1 * RADIANS;
  const phi2 = standardParallel2 * RADIANS;
  const m1 = parallelRadiusM(Math.sin(phi1), Math.cos(phi1));
  const m2 = parallelRadiusM(Math.sin(phi2), Math.cos(phi2));
  const q1 = authalicQ(Math.sin(phi1));
  const q2 = authalicQ(Math.sin(phi2));
  const q0 = authalicQ(Math.sin(latitudeOfOrigin * RADIANS));
  const n = (m1 * m1 - m2 * m2) / (q2 - q1);
  const bigC = m1 * m1 + n * q1;
  const rho0 = (GRS80_SEMI_MAJOR_M * Math.sqrt(bigC - n * q0)) / n;
  const lambda0 = centralMeridian * RADIANS;

  function forward(lonDegrees, latDegrees) {
    const rho = (GRS80_SEMI_MAJOR_M * Math.sqrt(bigC - n * authalicQ(Math.sin(latDegrees * RADIANS)))) / n;
    const theta = n * (lonDegrees * RADIANS - lambda0);
    return [rho * Math.sin(theta), rho0 - rho * Math.cos(theta)];
  }

  // Inverse by Snyder's fixed-point iteration on phi (eq. 3-16); converges in a few steps at these latitudes.
  function inverse(x, y) {
    const rho = Math.hypot(x, rho0 - y);
    const q = (bigC - (rho * rho * n * n) / (GRS80_SEMI_MAJOR_M * GRS80_SEMI_MAJOR_M)) / n;
    let phi = Math.asin(q / 2);
    for (let iteration = 0; iteration < 50; ++iteration) {
      const sinPhi = Math.sin(phi);
      const eSin = ECCENTRICITY * sinPhi;
      const oneMinus = 1 - eSin * eSin;
      const step = ((oneMinus * oneMinus) / (2 * Math.cos(phi))) *
          (q / (1 - ECCENTRICITY_SQUARED) - sinPhi / oneMinus +
           Math.log((1 - eSin) / (1 + eSin)) / (2 * ECCENTRICITY));
      phi += step;
      if (Math.abs(step) < 1e-13) break;
    }
    const theta = Math.atan2(x, rho0 - y);
    return [(lambda0 + theta / n) / RADIANS, phi / RADIANS];
  }
  return {forward, inverse};
}

// Area (km^2, unsigned per ring) and area-weighted centroid (lon, lat) of a set of rings, each ring being a
// polygon of its own; the centroid is taken in the equal-area plane and projected back.
function areaAndCentroid(rings, albers) {
  let totalArea = 0;
  let weightedX = 0;
  let weightedY = 0;
  for (const ring of rings) {
    const projected = ring.map(([x, y]) => albers.forward(x / GRID_PER_DEGREE, y / GRID_PER_DEGREE));
    // Shoelace terms relative to the first vertex keep the products small (better rounding).
    const [originX, originY] = projected[0];
    let twiceArea = 0;
    let sumX = 0;
    let sumY = 0;
    for (let index = 0; index < projected.length; ++index) {
      const ax = projected[index][0] - originX;
      const ay = projected[index][1] - originY;
      const next = projected[(index + 1) % projected.length];
      const bx = next[0] - originX;
      const by = next[1] - originY;
      const cross = ax * by - bx * ay;
      twiceArea += cross;
      sumX += (ax + bx) * cross;
      sumY += (ay + by) * cross;
    }
    if (twiceArea === 0) continue;
    const ringArea = Math.abs(twiceArea) / 2;
    totalArea += ringArea;
    weightedX += (originX + sumX / (3 * twiceArea)) * ringArea;
    weightedY += (originY + sumY / (3 * twiceArea)) * ringArea;
  }
  const centroid = albers.inverse(weightedX / totalArea, weightedY / totalArea);
  return {
    areaKm2: totalArea / 1e6,
    centroidLon: centroid[0],
    centroidLat: centroid[1],
    projectedCentroid: [weightedX / totalArea, weightedY / totalArea]
  };
}

// Great-circle length (km) between two grid points on the IUGG mean-radius sphere.
const MEAN_EARTH_RADIUS_KM = 6371.0088;
function greatCircleKm(ax, ay, bx, by) {
  const toRadians = RADIANS / GRID_PER_DEGREE;
  const phiA = ay * toRadians;
  const phiB = by * toRadians;
  const halfDeltaPhi = (phiB - phiA) / 2;
  const halfDeltaLambda = ((bx - ax) * toRadians) / 2;
  const h = Math.sin(halfDeltaPhi) ** 2 + Math.cos(phiA) * Math.cos(phiB) * Math.sin(halfDeltaLambda) ** 2;
  return 2 * MEAN_EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

// ---------------------------------------------------------------------------------------------------------
function pointSegmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  let t = lengthSquared > 0 ? ((px - ax) * dx + (py - ay) * dy) / lengthSquared : 0;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(ax + t * dx - px, ay + t * dy - py);
}

function orientation(ax, ay, bx, by, cx, cy) {
  return Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
}

function segmentsCross(a, b, c, d) {
  const o1 = orientation(a[0], a[1], b[0], b[1], c[0], c[1]);
  const o2 = orientation(a[0], a[1], b[0], b[1], d[0], d[1]);
  const o3 = orientation(c[0], c[1], d[0], d[1], a[0], a[1]);
  const o4 = orientation(c[0], c[1], d[0], d[1], b[0], b[1]);
  return o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0;
}

// Exact distance between two segments: zero if they properly cross, else the smallest endpoint distance.
function segmentDistance(a, b, c, d) {
  if (segmentsCross(a, b, c, d)) return 0;
  return Math.min(
      pointSegmentDistance(a[0], a[1], c[0], c[1], d[0], d[1]),
      pointSegmentDistance(b[0], b[1], c[0], c[1], d[0], d[1]),
      pointSegmentDistance(c[0], c[1], a[0], a[1], b[0], b[1]),
      pointSegmentDistance(d[0], d[1], a[0], a[1], b[0], b[1]));
}

// A uniform grid over the boundary segments of one unit (all its rings), plus row buckets for
// point-in-polygon tests (even-odd over all rings: since rings do not overlap within a unit, even-odd equals
// "inside any ring").
class UnitIndex {
  constructor(rings, cellSize) {
    this.rings = rings;
    this.cellSize = cellSize;
    this.cells = new Map();
    this.rows = new Map();
    this.box = [Infinity, Infinity, -Infinity, -Infinity];
    for (const ring of rings) {
      for (let index = 0; index < ring.length; ++index) {
        const a = ring[index];
        const b = ring[(index + 1) % ring.length];
        this.box[0] = Math.min(this.box[0], a[0]);
        this.box[1] = Math.min(this.box[1], a[1]);
        this.box[2] = Math.max(this.box[2], a[0]);
        this.box[3] = Math.max(this.box[3], a[1]);
        this.addSegment(a, b);
      }
    }
  }

  static key(cellX, cellY) {
    return cellX * 1048576 + cellY;
  }

  addSegment(a, b) {
    const segment = [a, b];
    const size = this.cellSize;
    const x0 = Math.floor(Math.min(a[0], b[0]) / size);
    const x1 = Math.floor(Math.max(a[0], b[0]) / size);
    const y0 = Math.floor(Math.min(a[1], b[1]) / size);
    const y1 = Math.floor(Math.max(a[1], b[1]) / size);
    for (let cellX = x0; cellX <= x1; ++cellX) {
      for (let cellY = y0; cellY <= y1; ++cellY) {
        const key = UnitIndex.key(cellX, cellY);
        if (!this.cells.has(key)) this.cells.set(key, []);
        this.cells.get(key).push(segment);
      }
    }
    for (let row = y0; row <= y1; ++row) {
      if (!this.rows.has(row)) this.rows.set(row, []);
      this.rows.get(row).push(segment);
    }
  }

  // Segments in the cells that a box (expanded by margin) touches; a segment may appear more than once.
  * segmentsNear(minX, minY, maxX, maxY, margin) {
    const size = this.cellSize;
    const x0 = Math.floor((minX - margin) / size);
    const x1 = Math.floor((maxX + margin) / size);
    const y0 = Math.floor((minY - margin) / size);
    const y1 = Math.floor((maxY + margin) / size);
    for (let cellX = x0; cellX <= x1; ++cellX) {
      for (let cellY = y0; cellY <= y1; ++cellY) {
        const bucket = this.cells.get(UnitIndex.key(cellX, cellY));
        if (bucket) yield* bucket;
      }
    }
  }

  // Distance from a point to this unit's boundary, or Infinity if it exceeds searchRadius.
  boundaryDistance(px, py, searchRadius) {
    let best = Infinity;
    for (const [a, b] of this.segmentsNear(px, py, px, py, searchRadius)) {
      const distance = pointSegmentDistance(px, py, a[0], a[1], b[0], b[1]);
      if (distance < best) best = distance;
    }
    return best <= searchRadius ? best : Infinity;
  }

  contains(px, py) {
    if (px < this.box[0] || px > this.box[2] || py < this.box[1] || py > this.box[3]) return false;
    const bucket = this.rows.get(Math.floor(py / this.cellSize)) || [];
    let inside = false;
    for (const [a, b] of bucket) {
      if ((a[1] > py) !== (b[1] > py) && px < ((b[0] - a[0]) * (py - a[1])) / (b[1] - a[1]) + a[0]) {
        inside = !inside;
      }
    }
    return inside;
  }

  // Distance from a point to the unit as an area: 0 inside, else the boundary distance (capped as above).
  distanceToUnit(px, py, searchRadius) {
    if (this.contains(px, py)) return 0;
    return this.boundaryDistance(px, py, searchRadius);
  }
}

function boxesWithin(boxA, boxB, margin) {
  return boxA[0] <= boxB[2] + margin && boxB[0] <= boxA[2] + margin && boxA[1] <= boxB[3] + margin &&
      boxB[1] <= boxA[3] + margin;
}

// Smallest distance between two units (grid units), exact, or Infinity if it exceeds tolerance. Zero when
// boundaries cross or touch, or when one unit lies inside the other.
function unitDistance(indexA, indexB, tolerance) {
  if (!boxesWithin(indexA.box, indexB.box, tolerance)) return Infinity;
  let best = Infinity;
  for (const ring of indexA.rings) {
    for (let index = 0; index < ring.length; ++index) {
      const a = ring[index];
      const b = ring[(index + 1) % ring.length];
      for (const [c, d] of indexB.segmentsNear(
               Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]),
               tolerance)) {
        const distance = segmentDistance(a, b, c, d);
        if (distance < best) best = distance;
        if (best === 0) return 0;
      }
    }
  }
  if (best > tolerance) {
    const probeA = indexA.rings[0][0];
    const probeB = indexB.rings[0][0];
    if (indexB.contains(probeA[0], probeA[1]) || indexA.contains(probeB[0], probeB[1])) return 0;
  }
  return best <= tolerance ? best : Infinity;
}

// Length (km) of unit A's boundary lying within `tolerance` of unit B (B's interior included), measured by
// splitting each boundary segment into pieces no longer than `step` grid units and testing piece midpoints.
function boundaryLengthNear(indexA, indexB, tolerance, step) {
  let lengthKm = 0;
  for (const ring of indexA.rings) {
    for (let index = 0; index < ring.length; ++index) {
      const a = ring[index];
      const b = ring[(index + 1) % ring.length];
      const segmentBox =
          [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
      if (!boxesWithin(segmentBox, indexB.box, tolerance)) continue;
      const pieces = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / step));
      for (let piece = 0; piece < pieces; ++piece) {
        const t0 = piece / pieces;
        const t1 = (piece + 1) / pieces;
        const tm = (t0 + t1) / 2;
        const mx = a[0] + tm * (b[0] - a[0]);
        const my = a[1] + tm * (b[1] - a[1]);
        if (indexB.distanceToUnit(mx, my, tolerance) <= tolerance) {
          lengthKm += greatCircleKm(
              a[0] + t0 * (b[0] - a[0]), a[1] + t0 * (b[1] - a[1]), a[0] + t1 * (b[0] - a[0]),
              a[1] + t1 * (b[1] - a[1]));
        }
      }
    }
  }
  return lengthKm;
}

// ---------------------------------------------------------------------------------------------------------
// Douglas-Peucker on a closed ring: the ring is split at vertex 0 and at the vertex farthest from it, and
// each half is simplified so that no dropped vertex lies farther than `tolerance` from the kept polyline.
function simplifyRing(ring, tolerance) {
  if (tolerance <= 0 || ring.length <= 4) return ring.slice();
  let farthest = 1;
  let farthestDistance = -1;
  for (let index = 1; index < ring.length; ++index) {
    const distance = Math.hypot(ring[index][0] - ring[0][0], ring[index][1] - ring[0][1]);
    if (distance > farthestDistance) {
      farthestDistance = distance;
      farthest = index;
    }
  }
  const keep = new Uint8Array(ring.length + 1);
  keep[0] = 1;
  keep[farthest] = 1;
  keep[ring.length] = 1;  // index ring.length stands for vertex 0 again (closing the ring)
  const vertexAt = (index) => ring[index % ring.length];
  const stack = [[0, farthest], [farthest, ring.length]];
  while (stack.length > 0) {
    const [first, last] = stack.pop();
    let worst = -1;
    let worstDistance = -1;
    for (let index = first + 1; index < last; ++index) {
      const p = vertexAt(index);
      const a = vertexAt(first);
      const b = vertexAt(last);
      const distance = pointSegmentDistance(p[0], p[1], a[0], a[1], b[0], b[1]);
      if (distance > worstDistance) {
        worstDistance = distance;
        worst = index;
      }
    }
    if (worstDistance > tolerance) {
      keep[worst] = 1;
      stack.push([first, worst], [worst, last]);
    }
  }
  const kept = [];
  for (let index = 0; index < ring.length; ++index) {
    if (keep[index]) kept.push(ring[index]);
  }
  return kept;
}

function signedTwiceArea(ring) {
  let sum = 0;
  for (let index = 0; index < ring.length; ++index) {
    const a = ring[index];
    const b = ring[(index + 1) % ring.length];
    sum += a[0] * b[1] - b[0] * a[1];
  }
  return sum;
}

module.exports = {
  GRID_PER_DEGREE,
  decodeFeatureRings,
  makeAlbers,
  areaAndCentroid,
  greatCircleKm,
  UnitIndex,
  unitDistance,
  boundaryLengthNear,
  simplifyRing,
  signedTwiceArea,
};
