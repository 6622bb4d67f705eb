// CsrMatrix products and the copy from SpatialWeights; O(n + nonzeros) each.
#include "engine/linalg/sparse_matrix.hpp"

#include <algorithm>

#include "engine/core/error.hpp"

namespace hinterland::engine {

void CsrMatrix::Multiply(std::span<const double> x, std::span<double> y) const {
  HINTERLAND_CHECK(static_cast<std::int64_t>(x.size()) == n && static_cast<std::int64_t>(y.size()) == n,
                   "M x: length mismatch");
  for (std::int64_t i = 0; i < n; ++i) {
    double sum = 0.0;
    for (std::int64_t p = row_offsets[i]; p < row_offsets[i + 1]; ++p) {
      sum += values[p] * x[column_indices[p]];
    }
    y[i] = sum;
  }
}

bool CsrMatrix::IsExactlySymmetric() const {
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t p = row_offsets[i]; p < row_offsets[i + 1]; ++p) {
      const std::int32_t j = column_indices[p];
      const auto begin = column_indices.begin() + row_offsets[j];
      const auto end = column_indices.begin() + row_offsets[j + 1];
      const auto found = std::lower_bound(begin, end, static_cast<std::int32_t>(i));
      if (found == end || *found != i || values[found - column_indices.begin()] != values[p]) return false;
    }
  }
  return true;
}

CsrMatrix ToCsrMatrix(const SpatialWeights& w) {
  CsrMatrix matrix;
  matrix.n = w.n();
  matrix.row_offsets = w.RowOffsets();
  matrix.column_indices = w.ColumnIndices();
  matrix.values = w.Values();
  return matrix;
}

}  // namespace hinterland::engine
