// Breadth-first locality order and symmetric permutation (see locality_order.hpp).
#include "engine/linalg/locality_order.hpp"

#include <algorithm>
#include <utility>

#include "engine/core/error.hpp"

namespace hinterland::engine {

CsrMatrix Transposed(const CsrMatrix& matrix) {
  CsrMatrix transposed;
  transposed.n = matrix.n;
  transposed.row_offsets.assign(static_cast<std::size_t>(matrix.n) + 1, 0);
  for (const std::int32_t j : matrix.column_indices) ++transposed.row_offsets[j + 1];
  for (std::int64_t i = 0; i < matrix.n; ++i) transposed.row_offsets[i + 1] += transposed.row_offsets[i];
  transposed.column_indices.resize(matrix.column_indices.size());
  transposed.values.resize(matrix.values.size());
  std::vector<std::int64_t> next(transposed.row_offsets.begin(), transposed.row_offsets.end() - 1);
  for (std::int64_t i = 0; i < matrix.n; ++i) {  // rows in order, so every transposed row comes out sorted
    for (std::int64_t p = matrix.row_offsets[i]; p < matrix.row_offsets[i + 1]; ++p) {
      const std::int64_t q = next[matrix.column_indices[p]]++;
      transposed.column_indices[q] = static_cast<std::int32_t>(i);
      transposed.values[q] = matrix.values[p];
    }
  }
  return transposed;
}

std::vector<std::int64_t> BreadthFirstOrder(const CsrMatrix& matrix) {
  const CsrMatrix transposed = Transposed(matrix);
  const std::int64_t n = matrix.n;
  std::vector<std::int64_t> order;
  order.reserve(static_cast<std::size_t>(n));
  std::vector<char> seen(static_cast<std::size_t>(n), 0);
  for (std::int64_t root = 0; root < n; ++root) {
    if (seen[root]) continue;
    seen[root] = 1;
    std::size_t head = order.size();
    order.push_back(root);
    for (; head < order.size(); ++head) {
      const std::int64_t i = order[head];
      for (const CsrMatrix* m : {&matrix, &transposed}) {
        for (std::int64_t p = m->row_offsets[i]; p < m->row_offsets[i + 1]; ++p) {
          const std::int32_t j = m->column_indices[p];
          if (!seen[j]) {
            seen[j] = 1;
            order.push_back(j);
          }
        }
      }
    }
  }
  return order;
}

CsrMatrix PermutedSymmetrically(const CsrMatrix& matrix, const std::vector<std::int64_t>& order) {
  const std::int64_t n = matrix.n;
  HINTERLAND_CHECK(static_cast<std::int64_t>(order.size()) == n, "order must list every unit once");
  std::vector<std::int32_t> position(static_cast<std::size_t>(n));
  for (std::int64_t r = 0; r < n; ++r) position[order[r]] = static_cast<std::int32_t>(r);
  CsrMatrix permuted;
  permuted.n = n;
  permuted.row_offsets.reserve(static_cast<std::size_t>(n) + 1);
  permuted.row_offsets.push_back(0);
  permuted.column_indices.reserve(matrix.column_indices.size());
  permuted.values.reserve(matrix.values.size());
  std::vector<std::pair<std::int32_t, double>> row;
  for (std::int64_t r = 0; r < n; ++r) {
    const std::int64_t i = order[r];
    row.clear();
    for (std::int64_t p = matrix.row_offsets[i]; p < matrix.row_offsets[i + 1]; ++p) {
      row.emplace_back(position[matrix.column_indices[p]], matrix.values[p]);
    }
    std::sort(row.begin(), row.end());
    for (const auto& [column, value] : row) {
      permuted.column_indices.push_back(column);
      permuted.values.push_back(value);
    }
    permuted.row_offsets.push_back(static_cast<std::int64_t>(permuted.column_indices.size()));
  }
  return permuted;
}

}  // namespace hinterland::engine
