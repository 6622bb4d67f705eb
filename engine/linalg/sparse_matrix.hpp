// CsrMatrix: a light square sparse matrix in compressed-row form for the solver kernels (symmetric forms,
// eigen-solver operators, polynomial trace recurrences). SpatialWeights is the user-facing type with ids
// and validation; this is what the numerical code multiplies with. Storage O(n + nonzeros), never dense.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/weights/spatial_weights.hpp"

namespace hinterland::engine {

struct CsrMatrix {
  std::int64_t n = 0;                        // rows = columns
  std::vector<std::int64_t> row_offsets;     // n + 1
  std::vector<std::int32_t> column_indices;  // nonzeros, sorted within each row
  std::vector<double> values;                // nonzeros

  std::int64_t NonZeroCount() const { return static_cast<std::int64_t>(values.size()); }

  // y = M x; x and y have n entries and must not overlap.
  void Multiply(std::span<const double> x, std::span<double> y) const;

  // Y = M X for a block of `columns` vectors stored row by row (entry (i, c) at i * columns + c; in Armadillo
  // a columns x n matrix whose column i is row i of the block). Each nonzero m_ij then reads the contiguous
  // row j of X, so one pass over M serves every vector of the block (stochastic Lanczos runs its probes in
  // blocks this way). x and y have n * columns entries and must not overlap.
  void MultiplyBlock(std::span<const double> x, std::span<double> y, std::int64_t columns) const;

  // Exact structural and numerical symmetry (m_ij == m_ji bit for bit).
  bool IsExactlySymmetric() const;
};

// W as a CsrMatrix (same arrays, no ids).
CsrMatrix ToCsrMatrix(const SpatialWeights& w);

}  // namespace hinterland::engine
