// CsrMatrix products (row-parallel, bit-identical for any thread count) and the copy from SpatialWeights;
// O(n + nonzeros) each.
#include "engine/linalg/sparse_matrix.hpp"

#include <algorithm>

#include "engine/core/error.hpp"
#include "engine/core/parallel_rows.hpp"

namespace hinterland::engine {

void CsrMatrix::Multiply(std::span<const double> x, std::span<double> y) const {
  HINTERLAND_CHECK(static_cast<std::int64_t>(x.size()) == n && static_cast<std::int64_t>(y.size()) == n,
                   "M x: length mismatch");
  ForEachRowBlock(n, NonZeroCount(), [&](const RowBlock& block) {
    for (std::int64_t i = block.begin; i < block.end; ++i) {
      double sum = 0.0;
      for (std::int64_t p = row_offsets[i]; p < row_offsets[i + 1]; ++p) {
        sum += values[p] * x[column_indices[p]];
      }
      y[i] = sum;
    }
  });
}

namespace {

// Rows [0, n) of Y = M X for a block of Width columns (a compile-time width lets the compiler keep the row of
// Y in registers and vectorise the column loop).
template <std::int64_t Width>
void MultiplyFixedWidth(const CsrMatrix& matrix, const double* x, double* y) {
  ForEachRowBlock(matrix.n, matrix.NonZeroCount() * Width, [&](const RowBlock& block) {
    for (std::int64_t i = block.begin; i < block.end; ++i) {
      double sums[Width] = {};
      for (std::int64_t p = matrix.row_offsets[i]; p < matrix.row_offsets[i + 1]; ++p) {
        const double value = matrix.values[p];
        const double* in = x + static_cast<std::int64_t>(matrix.column_indices[p]) * Width;
        for (std::int64_t c = 0; c < Width; ++c) sums[c] += value * in[c];
      }
      std::copy(sums, sums + Width, y + i * Width);
    }
  });
}

}  // namespace

void CsrMatrix::MultiplyBlock(std::span<const double> x, std::span<double> y, std::int64_t columns) const {
  HINTERLAND_CHECK(columns >= 1, "M X: a block needs at least one column");
  HINTERLAND_CHECK(static_cast<std::int64_t>(x.size()) == n * columns &&
                       static_cast<std::int64_t>(y.size()) == n * columns,
                   "M X: length mismatch");
  switch (columns) {
    case 1:
      return Multiply(x, y);
    case 4:
      return MultiplyFixedWidth<4>(*this, x.data(), y.data());
    case 8:
      return MultiplyFixedWidth<8>(*this, x.data(), y.data());
    case 16:
      return MultiplyFixedWidth<16>(*this, x.data(), y.data());
    case 32:
      return MultiplyFixedWidth<32>(*this, x.data(), y.data());
    default:
      break;
  }
  ForEachRowBlock(n, NonZeroCount() * columns, [&](const RowBlock& block) {
    for (std::int64_t i = block.begin; i < block.end; ++i) {
      double* const out = y.data() + i * columns;
      std::fill(out, out + columns, 0.0);
      for (std::int64_t p = row_offsets[i]; p < row_offsets[i + 1]; ++p) {
        const double value = values[p];
        const double* const in = x.data() + static_cast<std::int64_t>(column_indices[p]) * columns;
        for (std::int64_t c = 0; c < columns; ++c) out[c] += value * in[c];
      }
    }
  });
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
