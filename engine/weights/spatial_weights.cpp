// SpatialWeights: CSR storage, validation, structure queries, products, subsetting and the spdep styles.
// Everything here is O(n + links) (O(links log degree) where a reverse link is looked up).
#include "engine/weights/spatial_weights.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/core/enum_words.hpp"
#include "engine/core/error.hpp"
#include "engine/core/parallel_rows.hpp"
#include "engine/core/position_index.hpp"
#include "engine/core/text.hpp"

namespace hinterland::engine {

namespace {

// The option words of the styles a user can ask for; kGeneral (weights as read) is not one of them.
constexpr EnumWords<WeightsStyle, 4> kStyleWords = {{
    {WeightsStyle::kBinary, "B"},
    {WeightsStyle::kRowStandardised, "W"},
    {WeightsStyle::kGlobal, "C"},
    {WeightsStyle::kVarianceStabilising, "S"},
}};

constexpr EnumWords<IslandPolicy, 3> kIslandWords = {{
    {IslandPolicy::kError, "error"},
    {IslandPolicy::kDrop, "drop"},
    {IslandPolicy::kKeep, "keep"},
}};

}  // namespace

std::string ToString(WeightsStyle style) {
  return style == WeightsStyle::kGeneral ? "general" : WordOf(kStyleWords, style);
}

WeightsStyle ParseWeightsStyle(const std::string& text) { return ParseWord(kStyleWords, text, "style"); }

std::string ToString(IslandPolicy policy) { return WordOf(kIslandWords, policy); }

IslandPolicy ParseIslandPolicy(const std::string& text) { return ParseWord(kIslandWords, text, "islands"); }

SpatialWeights::SpatialWeights(std::vector<std::string> ids,
                               std::vector<std::int64_t> row_offsets,
                               std::vector<std::int32_t> column_indices,
                               std::vector<double> values,
                               WeightsStyle style,
                               std::string source)
    : ids_(std::move(ids)),
      row_offsets_(std::move(row_offsets)),
      column_indices_(std::move(column_indices)),
      values_(std::move(values)),
      style_(style),
      source_(std::move(source)) {
  const std::int64_t units = n();
  if (static_cast<std::int64_t>(row_offsets_.size()) != units + 1 || row_offsets_.front() != 0 ||
      row_offsets_.back() != static_cast<std::int64_t>(column_indices_.size()) ||
      column_indices_.size() != values_.size()) {
    throw WeightsError(source_ + ": inconsistent sparse weights arrays");
  }
  BuildIdIndex();
  CheckRows();
}

SpatialWeights::SpatialWeights(const SpatialWeights& structure,
                               std::vector<double> values,
                               WeightsStyle style)
    : ids_(structure.ids_),
      row_offsets_(structure.row_offsets_),
      column_indices_(structure.column_indices_),
      values_(std::move(values)),
      style_(style),
      source_(structure.source_),
      id_index_(structure.id_index_) {
  if (column_indices_.size() != values_.size())
    throw WeightsError(source_ + ": inconsistent sparse weights arrays");
  CheckRows();
}

void SpatialWeights::BuildIdIndex() {
  id_index_ = PositionIndex(ids_.size());
  for (std::int64_t i = 0; i < n(); ++i) {
    if (id_index_.Insert(ids_, i)) {
      throw WeightsError(fmt::format("{}: id \"{}\" appears more than once", source_, ids_[i]));
    }
  }
}

// Each row: indices in range, no self-link, finite non-negative weights; then sorted by column with no
// column twice. Rows already strictly increasing (as the readers build them) are left as they are.
void SpatialWeights::CheckRows() {
  const std::int64_t units = n();
  std::vector<std::pair<std::int32_t, double>> row;
  for (std::int64_t i = 0; i < units; ++i) {
    const std::int64_t begin = row_offsets_[i];
    const std::int64_t end = row_offsets_[i + 1];
    if (end < begin) throw WeightsError(source_ + ": inconsistent sparse weights arrays");
    bool increasing = true;
    for (std::int64_t p = begin; p < end; ++p) {
      const std::int32_t j = column_indices_[p];
      if (j < 0 || j >= units) throw WeightsError(source_ + ": neighbour index out of range");
      if (j == i) {
        throw WeightsError(fmt::format("{}: unit \"{}\" is listed as its own neighbour", source_, ids_[i]));
      }
      if (!std::isfinite(values_[p]) || values_[p] < 0) {
        throw WeightsError(fmt::format("{}: weight {} -> {} is {}; weights must be finite and non-negative",
                                       source_, ids_[i], ids_[j], values_[p]));
      }
      if (p > begin && column_indices_[p - 1] >= j) increasing = false;
    }
    if (increasing) continue;
    row.clear();
    for (std::int64_t p = begin; p < end; ++p) row.emplace_back(column_indices_[p], values_[p]);
    std::sort(row.begin(), row.end());
    for (std::size_t r = 0; r < row.size(); ++r) {
      if (r > 0 && row[r].first == row[r - 1].first) {
        throw WeightsError(
            fmt::format("{}: link {} -> {} appears more than once", source_, ids_[i], ids_[row[r].first]));
      }
      column_indices_[begin + r] = row[r].first;
      values_[begin + r] = row[r].second;
    }
  }
}

std::optional<std::int64_t> SpatialWeights::IndexOf(const std::string& id) const {
  return id_index_.Find(ids_, id);
}

namespace {

// Position of column j in row i, or -1.
std::int64_t FindLink(const std::vector<std::int64_t>& offsets,
                      const std::vector<std::int32_t>& columns,
                      std::int64_t i,
                      std::int32_t j) {
  auto begin = columns.begin() + offsets[i];
  auto end = columns.begin() + offsets[i + 1];
  auto found = std::lower_bound(begin, end, j);
  if (found == end || *found != j) return -1;
  return found - columns.begin();
}

bool Close(double a, double b, double relative_tolerance) {
  return std::fabs(a - b) <= relative_tolerance * std::max(std::fabs(a), std::fabs(b));
}

}  // namespace

bool SpatialWeights::SameLinks(const SpatialWeights& other) const {
  return this == &other || (row_offsets_ == other.row_offsets_ && column_indices_ == other.column_indices_ &&
                            values_ == other.values_);
}

bool SpatialWeights::IsSymmetric(double relative_tolerance) const {
  for (std::int64_t i = 0; i < n(); ++i) {
    for (std::int64_t p = row_offsets_[i]; p < row_offsets_[i + 1]; ++p) {
      const std::int64_t q =
          FindLink(row_offsets_, column_indices_, column_indices_[p], static_cast<std::int32_t>(i));
      if (q < 0 || !Close(values_[p], values_[q], relative_tolerance)) return false;
    }
  }
  return true;
}

bool SpatialWeights::IsSimilarToSymmetric() const {
  // W = D^-1 A with A symmetric  <=>  there are scales s_i > 0 with s_i w_ij = s_j w_ji for every link
  // (detailed balance). Propagate s along a spanning forest, then check every link.
  constexpr double kTolerance = 1e-10;
  std::vector<double> scale(n(), 0.0);
  std::vector<std::int64_t> stack;
  for (std::int64_t root = 0; root < n(); ++root) {
    if (scale[root] != 0.0) continue;
    scale[root] = 1.0;
    stack.push_back(root);
    while (!stack.empty()) {
      const std::int64_t i = stack.back();
      stack.pop_back();
      for (std::int64_t p = row_offsets_[i]; p < row_offsets_[i + 1]; ++p) {
        const std::int32_t j = column_indices_[p];
        const std::int64_t q = FindLink(row_offsets_, column_indices_, j, static_cast<std::int32_t>(i));
        if (q < 0 || values_[q] == 0.0) return false;  // not even structurally symmetric
        if (scale[j] == 0.0) {
          scale[j] = scale[i] * values_[p] / values_[q];
          stack.push_back(j);
        }
      }
    }
  }
  for (std::int64_t i = 0; i < n(); ++i) {
    for (std::int64_t p = row_offsets_[i]; p < row_offsets_[i + 1]; ++p) {
      const std::int32_t j = column_indices_[p];
      const std::int64_t q = FindLink(row_offsets_, column_indices_, j, static_cast<std::int32_t>(i));
      if (!Close(scale[i] * values_[p], scale[j] * values_[q], kTolerance)) return false;
    }
  }
  return true;
}

std::vector<std::int64_t> SpatialWeights::Islands() const {
  std::vector<std::int64_t> islands;
  for (std::int64_t i = 0; i < n(); ++i) {
    if (NeighbourCount(i) == 0) islands.push_back(i);
  }
  return islands;
}

std::vector<std::int32_t> SpatialWeights::ComponentLabels() const {
  // Union-find over the undirected links: near-linear and without building W + W'.
  std::vector<std::int64_t> parent(n());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](std::int64_t x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (std::int64_t i = 0; i < n(); ++i) {
    for (std::int64_t p = row_offsets_[i]; p < row_offsets_[i + 1]; ++p) {
      const std::int64_t a = find(i);
      const std::int64_t b = find(column_indices_[p]);
      if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
  }
  std::vector<std::int32_t> labels(n(), -1);
  std::vector<std::int32_t> label_of_root(n(), -1);
  std::int32_t next = 0;
  for (std::int64_t i = 0; i < n(); ++i) {
    const std::int64_t root = find(i);
    if (label_of_root[root] < 0) label_of_root[root] = next++;
    labels[i] = label_of_root[root];
  }
  return labels;
}

void SpatialWeights::Multiply(std::span<const double> x, std::span<double> y) const {
  HINTERLAND_CHECK(static_cast<std::int64_t>(x.size()) == n() && static_cast<std::int64_t>(y.size()) == n(),
                   "W x: length mismatch");
  ForEachRowBlock(n(), static_cast<std::int64_t>(values_.size()), [&](const RowBlock& block) {
    for (std::int64_t i = block.begin; i < block.end; ++i) {
      double sum = 0.0;
      for (std::int64_t p = row_offsets_[i]; p < row_offsets_[i + 1]; ++p) {
        sum += values_[p] * x[column_indices_[p]];
      }
      y[i] = sum;
    }
  });
}

void SpatialWeights::MultiplyTransposed(std::span<const double> x, std::span<double> y) const {
  HINTERLAND_CHECK(static_cast<std::int64_t>(x.size()) == n() && static_cast<std::int64_t>(y.size()) == n(),
                   "W' x: length mismatch");
  std::fill(y.begin(), y.end(), 0.0);
  for (std::int64_t i = 0; i < n(); ++i) {
    for (std::int64_t p = row_offsets_[i]; p < row_offsets_[i + 1]; ++p) {
      y[column_indices_[p]] += values_[p] * x[i];
    }
  }
}

arma::vec SpatialWeights::Multiply(const arma::vec& x) const {
  arma::vec y(x.n_elem);
  Multiply(std::span<const double>(x.memptr(), x.n_elem), std::span<double>(y.memptr(), y.n_elem));
  return y;
}

arma::mat SpatialWeights::Multiply(const arma::mat& x) const {
  arma::mat y(x.n_rows, x.n_cols);
  for (arma::uword c = 0; c < x.n_cols; ++c) {
    Multiply(std::span<const double>(x.colptr(c), x.n_rows), std::span<double>(y.colptr(c), y.n_rows));
  }
  return y;
}

arma::sp_mat SpatialWeights::ToSparseMatrix() const {
  // The CSR arrays of W are the CSC arrays of W'; build W' directly and transpose once.
  arma::uvec row_indices(column_indices_.size());
  arma::uvec column_pointers(row_offsets_.size());
  for (std::size_t p = 0; p < column_indices_.size(); ++p) row_indices[p] = column_indices_[p];
  for (std::size_t p = 0; p < row_offsets_.size(); ++p) column_pointers[p] = row_offsets_[p];
  const arma::sp_mat transposed(row_indices, column_pointers, arma::vec(values_), n(), n());
  return transposed.t();
}

SpatialWeights SpatialWeights::Subset(const std::vector<std::string>& ids) const {
  if (ids == ids_) return *this;  // all units in W's order: what the general path would build
  // For a large W in another order the steps below read memory at random; each asks for what it needs a
  // few steps ahead so the loads overlap instead of waiting one after another.
  constexpr std::size_t kAhead = 16;
  std::vector<std::int64_t> old_index(ids.size());
  std::vector<std::string> unknown;
  for (std::size_t k = 0; k < ids.size(); ++k) {
    const auto found = IndexOf(ids[k]);
    if (!found) {
      unknown.push_back(ids[k]);
    } else {
      old_index[k] = *found;
    }
  }
  if (!unknown.empty()) {
    throw WeightsError(fmt::format("{}: {} id(s) have no row in the weights: {}", source_, unknown.size(),
                                   JoinIds(unknown)));
  }
  std::vector<std::int32_t> new_index(n(), -1);
  for (std::size_t k = 0; k < ids.size(); ++k) new_index[old_index[k]] = static_cast<std::int32_t>(k);
  // Every link's column in the new numbering (-1: not kept), in W's link order.
  std::vector<std::int32_t> renumbered(column_indices_.size());
  for (std::size_t p = 0; p < column_indices_.size(); ++p) {
    if (p + kAhead < column_indices_.size()) __builtin_prefetch(&new_index[column_indices_[p + kAhead]]);
    renumbered[p] = new_index[column_indices_[p]];
  }
  std::vector<std::int64_t> offsets(ids.size() + 1, 0);
  std::vector<std::int32_t> columns;
  std::vector<double> weights;
  columns.reserve(column_indices_.size());
  weights.reserve(column_indices_.size());
  for (std::size_t k = 0; k < ids.size(); ++k) {
    if (k + kAhead < ids.size()) __builtin_prefetch(&row_offsets_[old_index[k + kAhead]]);
    if (k + kAhead / 2 < ids.size()) {
      const std::int64_t ahead = row_offsets_[old_index[k + kAhead / 2]];
      __builtin_prefetch(renumbered.data() + ahead);
      __builtin_prefetch(values_.data() + ahead);
    }
    const std::int64_t i = old_index[k];
    for (std::int64_t p = row_offsets_[i]; p < row_offsets_[i + 1]; ++p) {
      const std::int32_t j = renumbered[p];
      if (j >= 0) {
        columns.push_back(j);
        weights.push_back(values_[p]);
      }
    }
    offsets[k + 1] = static_cast<std::int64_t>(columns.size());
  }
  return SpatialWeights(ids, std::move(offsets), std::move(columns), std::move(weights), style_, source_);
}

SpatialWeights SpatialWeights::Transform(WeightsStyle style) const {
  // spdep nb2listw: styles W, C and S scale the given weights (1 for a binary neighbour list); the
  // effective n of C and S excludes islands.
  std::vector<double> weights = values_;
  const double effective_n = static_cast<double>(n() - static_cast<std::int64_t>(Islands().size()));
  switch (style) {
    case WeightsStyle::kBinary:
      std::fill(weights.begin(), weights.end(), 1.0);
      break;
    case WeightsStyle::kRowStandardised:
      for (std::int64_t i = 0; i < n(); ++i) {
        double row_sum = 0.0;
        for (std::int64_t p = row_offsets_[i]; p < row_offsets_[i + 1]; ++p) row_sum += weights[p];
        for (std::int64_t p = row_offsets_[i]; p < row_offsets_[i + 1]; ++p) {
          weights[p] = row_sum > 0 ? weights[p] / row_sum : 0.0;
        }
      }
      break;
    case WeightsStyle::kGlobal: {
      const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
      if (!(total > 0)) throw WeightsError(source_ + ": style C needs at least one positive weight");
      for (double& w : weights) w *= effective_n / total;
      break;
    }
    case WeightsStyle::kVarianceStabilising: {
      for (std::int64_t i = 0; i < n(); ++i) {
        double squares = 0.0;
        for (std::int64_t p = row_offsets_[i]; p < row_offsets_[i + 1]; ++p)
          squares += weights[p] * weights[p];
        const double q = std::sqrt(squares);
        for (std::int64_t p = row_offsets_[i]; p < row_offsets_[i + 1]; ++p) {
          weights[p] = q > 0 ? weights[p] / q : 0.0;
        }
      }
      const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
      if (!(total > 0)) throw WeightsError(source_ + ": style S needs at least one positive weight");
      for (double& w : weights) w *= effective_n / total;
      break;
    }
    case WeightsStyle::kGeneral:
      break;
  }
  return SpatialWeights(*this, std::move(weights), style);
}

SpatialWeights SpatialWeights::Symmetrize() const {
  std::vector<std::vector<std::pair<std::int32_t, double>>> rows(n());
  for (std::int64_t i = 0; i < n(); ++i) {
    for (std::int64_t p = row_offsets_[i]; p < row_offsets_[i + 1]; ++p) {
      rows[i].emplace_back(column_indices_[p], values_[p]);
    }
  }
  for (std::int64_t i = 0; i < n(); ++i) {
    for (std::int64_t p = row_offsets_[i]; p < row_offsets_[i + 1]; ++p) {
      const std::int32_t j = column_indices_[p];
      if (FindLink(row_offsets_, column_indices_, j, static_cast<std::int32_t>(i)) < 0) {
        rows[j].emplace_back(static_cast<std::int32_t>(i), values_[p]);
      }
    }
  }
  std::vector<std::int64_t> offsets(n() + 1, 0);
  std::vector<std::int32_t> columns;
  std::vector<double> weights;
  for (std::int64_t i = 0; i < n(); ++i) {
    for (const auto& [j, w] : rows[i]) {
      columns.push_back(j);
      weights.push_back(w);
    }
    offsets[i + 1] = static_cast<std::int64_t>(columns.size());
  }
  return SpatialWeights(ids_, std::move(offsets), std::move(columns), std::move(weights), style_, source_);
}

}  // namespace hinterland::engine
