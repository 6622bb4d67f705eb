// Small weights builders for the linalg, logdet and agreement tests and the logdet benchmark: rook and
// queen lattices (spdep cell2nb semantics, ids "1".."n" row-major), a seeded k-nearest-neighbour W on
// random points (asymmetric, complex spectrum), and the Columbus neighbour lists stored in
// tests/reference/data/columbus/columbus_spatialreg.json. Built here, not by engine/weights, so that a
// builder bug cannot sit on both sides of a test.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "engine/weights/spatial_weights.hpp"

namespace hinterland::testing {

// Binary rows x columns lattice; queen adds the four diagonal neighbours. Then `style` is applied.
inline engine::SpatialWeights Lattice(std::int64_t rows,
                                      std::int64_t columns,
                                      bool queen,
                                      engine::WeightsStyle style = engine::WeightsStyle::kRowStandardised) {
  const std::int64_t n = rows * columns;
  std::vector<std::string> ids(n);
  std::vector<std::int64_t> offsets(n + 1, 0);
  std::vector<std::int32_t> neighbours;
  neighbours.reserve(n * (queen ? 8 : 4));
  for (std::int64_t r = 0; r < rows; ++r) {
    for (std::int64_t c = 0; c < columns; ++c) {
      const std::int64_t i = r * columns + c;
      ids[i] = std::to_string(i + 1);
      for (std::int64_t dr = -1; dr <= 1; ++dr) {
        for (std::int64_t dc = -1; dc <= 1; ++dc) {
          const bool rook_step = (dr == 0) != (dc == 0);
          const bool diagonal_step = dr != 0 && dc != 0;
          if (!(rook_step || (queen && diagonal_step))) continue;
          const std::int64_t nr = r + dr;
          const std::int64_t nc = c + dc;
          if (nr < 0 || nr >= rows || nc < 0 || nc >= columns) continue;
          neighbours.push_back(static_cast<std::int32_t>(nr * columns + nc));
        }
      }
      offsets[i + 1] = static_cast<std::int64_t>(neighbours.size());
    }
  }
  std::vector<double> values(neighbours.size(), 1.0);
  engine::SpatialWeights binary(std::move(ids), std::move(offsets), std::move(neighbours), std::move(values),
                                engine::WeightsStyle::kBinary, queen ? "<queen lattice>" : "<rook lattice>");
  return style == engine::WeightsStyle::kBinary ? binary : binary.Transform(style);
}

inline engine::SpatialWeights RookLattice(std::int64_t rows, std::int64_t columns) {
  return Lattice(rows, columns, false);
}

// Row-standardised k nearest neighbours of n points drawn uniformly on the unit square from
// std::mt19937_64(seed) (53 engine bits per coordinate, the same on every platform). O(n^2): tests only.
inline engine::SpatialWeights KNearestNeighbours(std::int64_t n, int k, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  auto uniform = [&engine] { return static_cast<double>(engine() >> 11U) * 0x1.0p-53; };
  std::vector<double> x(n), y(n);
  for (std::int64_t i = 0; i < n; ++i) {
    x[i] = uniform();
    y[i] = uniform();
  }
  std::vector<std::string> ids(n);
  std::vector<std::int64_t> offsets(n + 1, 0);
  std::vector<std::int32_t> neighbours;
  std::vector<std::pair<double, std::int32_t>> distances;
  for (std::int64_t i = 0; i < n; ++i) {
    ids[i] = std::to_string(i + 1);
    distances.clear();
    for (std::int64_t j = 0; j < n; ++j) {
      if (j == i) continue;
      const double dx = x[i] - x[j];
      const double dy = y[i] - y[j];
      distances.emplace_back(dx * dx + dy * dy, static_cast<std::int32_t>(j));
    }
    std::partial_sort(distances.begin(), distances.begin() + k, distances.end());
    for (int m = 0; m < k; ++m) neighbours.push_back(distances[m].second);
    offsets[i + 1] = static_cast<std::int64_t>(neighbours.size());
  }
  std::vector<double> values(neighbours.size(), 1.0);
  return engine::SpatialWeights(std::move(ids), std::move(offsets), std::move(neighbours), std::move(values),
                                engine::WeightsStyle::kBinary, "<knn points>")
      .Transform(engine::WeightsStyle::kRowStandardised);
}

// Row-standardised W from 1-based neighbour lists (the "neighbours_1based" arrays of the reference JSON).
inline engine::SpatialWeights FromNeighbourLists(const std::vector<std::vector<int>>& neighbours_1based,
                                                 const std::string& source) {
  const auto n = static_cast<std::int64_t>(neighbours_1based.size());
  std::vector<std::string> ids(n);
  std::vector<std::int64_t> offsets(n + 1, 0);
  std::vector<std::int32_t> neighbours;
  for (std::int64_t i = 0; i < n; ++i) {
    ids[i] = std::to_string(i + 1);
    for (const int j : neighbours_1based[i]) neighbours.push_back(j - 1);
    offsets[i + 1] = static_cast<std::int64_t>(neighbours.size());
  }
  std::vector<double> values(neighbours.size(), 1.0);
  return engine::SpatialWeights(std::move(ids), std::move(offsets), std::move(neighbours), std::move(values),
                                engine::WeightsStyle::kBinary, source)
      .Transform(engine::WeightsStyle::kRowStandardised);
}

}  // namespace hinterland::testing
