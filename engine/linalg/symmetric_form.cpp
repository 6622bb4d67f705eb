// FindSymmetricForm: S = (w_ij w_ji)^1/2 elementwise, the symmetric matrix similar to W = D^-1 A.
#include "engine/linalg/symmetric_form.hpp"

#include <algorithm>
#include <cmath>

namespace hinterland::engine {

std::optional<SymmetricForm> FindSymmetricForm(const SpatialWeights& w) {
  if (w.IsSymmetric(0.0)) return SymmetricForm{ToCsrMatrix(w), true};
  if (!w.IsSimilarToSymmetric()) return std::nullopt;
  CsrMatrix symmetric = ToCsrMatrix(w);
  const auto& offsets = w.RowOffsets();
  const auto& columns = w.ColumnIndices();
  const auto& values = w.Values();
  for (std::int64_t i = 0; i < w.n(); ++i) {
    for (std::int64_t p = offsets[i]; p < offsets[i + 1]; ++p) {
      const std::int32_t j = columns[p];
      // The reverse link exists: IsSimilarToSymmetric checked structural symmetry.
      const auto begin = columns.begin() + offsets[j];
      const auto end = columns.begin() + offsets[j + 1];
      const auto reverse = std::lower_bound(begin, end, static_cast<std::int32_t>(i)) - columns.begin();
      symmetric.values[p] = std::sqrt(values[p] * values[reverse]);
    }
  }
  return SymmetricForm{std::move(symmetric), false};
}

}  // namespace hinterland::engine
