// Writers of simulated data sets, read alike by R (read.csv, spdep read.gal / read.gwt2nb), PySAL
// (libpysal.io.open, pandas) and Hinterland: the data CSV, an edge list CSV (from,to,weight) and the
// points' coordinates. Numbers are written as the shortest decimal text that reads back to the same
// double; every file is written by engine::WriteFileAtomically (streamed: a 10^7-row CSV never sits in
// memory whole).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "datasets/generators/spatial_dgp.hpp"
#include "engine/weights/spatial_weights.hpp"
#include "engine/weights/weights_builder.hpp"

namespace hinterland::generators {

// Header "id,y,x1,..,xk" (cross-section) or "id,time,y,x1,..,xk" (panel, time = 1..T), one row per observed
// unit-period, in period-major order (all units of period 1, then period 2: the stacking PySAL expects).
// `ids` are the n unit ids in W's order.
void WriteDataCsv(const SimulatedData& data,
                  const std::vector<std::string>& ids,
                  bool panel,
                  const std::string& path);

// "id,x,y".
void WriteCoordinatesCsv(const engine::Coordinates& points, const std::string& path);

// The shortest round-trip decimal text of `value` ("0.5", "-1.25e-07").
std::string FormatNumber(double value);

}  // namespace hinterland::generators
