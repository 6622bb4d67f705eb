// SpatialWeights: a sparse n x n spatial weights matrix in CSR form with the unit ids of its rows.
// Never dense: storage and every operation are O(n + links). Immutable after construction; Subset and
// Transform return new objects. Row i lists the neighbours j of unit i with weights w_ij (no self-links).
#pragma once

#include <armadillo>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/core/position_index.hpp"

namespace hinterland::engine {

// The style of the weights (spdep's nb2listw styles). kGeneral = weights read as given (e.g. a GWT file).
enum class WeightsStyle {
  kBinary,               // B: w_ij = 1 for neighbours
  kRowStandardised,      // W: rows sum to one
  kGlobal,               // C: binary scaled so all weights sum to n
  kVarianceStabilising,  // S: Tiefelsdorf, Griffith & Boots (1999)
  kGeneral,              // as read from the file
};
std::string ToString(WeightsStyle style);                 // "B", "W", "C", "S"; "general" for kGeneral
WeightsStyle ParseWeightsStyle(const std::string& text);  // "B","W","C","S" (OptionError keyed "style")

// What to do with units without neighbours (islands).
enum class IslandPolicy {
  kError,  // default: islands are a WeightsError naming them
  kDrop,   // remove them (and their data rows), report which
  kKeep,   // keep them with zero rows, as spdep's zero.policy = TRUE
};
std::string ToString(IslandPolicy policy);                // "error", "drop", "keep"
IslandPolicy ParseIslandPolicy(const std::string& text);  // the words above (OptionError keyed "islands")

class SpatialWeights {
 public:
  SpatialWeights() = default;
  // Takes CSR arrays; column indices within a row are sorted by the constructor. Throws WeightsError on
  // inconsistent arrays, duplicate ids, self-links, or non-finite / negative weights.
  SpatialWeights(std::vector<std::string> ids,
                 std::vector<std::int64_t> row_offsets,
                 std::vector<std::int32_t> column_indices,
                 std::vector<double> values,
                 WeightsStyle style,
                 std::string source = "<memory>");

  std::int64_t n() const { return static_cast<std::int64_t>(ids_.size()); }
  std::int64_t LinkCount() const { return static_cast<std::int64_t>(column_indices_.size()); }
  const std::vector<std::string>& Ids() const { return ids_; }
  const std::vector<std::int64_t>& RowOffsets() const { return row_offsets_; }
  const std::vector<std::int32_t>& ColumnIndices() const { return column_indices_; }
  const std::vector<double>& Values() const { return values_; }
  WeightsStyle Style() const { return style_; }
  const std::string& Source() const { return source_; }

  std::int64_t NeighbourCount(std::int64_t i) const { return row_offsets_[i + 1] - row_offsets_[i]; }
  std::optional<std::int64_t> IndexOf(const std::string& id) const;

  // The same links with the same values, unit by unit (ids, style and source aside): the same operator.
  bool SameLinks(const SpatialWeights& other) const;
  // Structural and numerical symmetry (w_ij == w_ji within a relative tolerance).
  bool IsSymmetric(double relative_tolerance = 1e-12) const;
  // True when W = D^-1 A with A symmetric and D diagonal (a row-standardised symmetric adjacency):
  // then W is similar to the symmetric D^-1/2 A D^-1/2 and has real eigenvalues.
  bool IsSimilarToSymmetric() const;
  std::vector<std::int64_t> Islands() const;  // indices of units with no neighbours
  // Connected components of the undirected graph (i~j if w_ij or w_ji nonzero); label per unit, 0-based.
  std::vector<std::int32_t> ComponentLabels() const;

  // y = W x and y = W' x; x and y have n entries.
  void Multiply(std::span<const double> x, std::span<double> y) const;
  void MultiplyTransposed(std::span<const double> x, std::span<double> y) const;
  arma::vec Multiply(const arma::vec& x) const;
  arma::mat Multiply(const arma::mat& x) const;  // W X column by column

  // Armadillo sparse copy (CSC), for back-ends that want one; O(links).
  arma::sp_mat ToSparseMatrix() const;

  // The weights restricted to `ids` and in their order (rows and columns). Throws WeightsError listing
  // ids that are not in W. Weights are kept as they are: re-apply a transformation afterwards.
  SpatialWeights Subset(const std::vector<std::string>& ids) const;

  // A new object with style `style` computed from this one's binary structure (B, W, C, S) and values.
  SpatialWeights Transform(WeightsStyle style) const;

  // Makes the neighbour relation symmetric: adds j->i for each i->j (weight copied) when missing.
  SpatialWeights Symmetrize() const;

 private:
  std::vector<std::string> ids_;
  std::vector<std::int64_t> row_offsets_{0};  // n + 1 (so a default-constructed W is a valid empty one)
  std::vector<std::int32_t> column_indices_;  // links
  std::vector<double> values_;                // links
  WeightsStyle style_ = WeightsStyle::kBinary;
  std::string source_ = "<memory>";
  PositionIndex id_index_;  // of ids_

  // `structure`'s ids and links with other values and style (Transform): reuses its id table.
  SpatialWeights(const SpatialWeights& structure, std::vector<double> values, WeightsStyle style);
  void BuildIdIndex();
  void CheckRows();
};

}  // namespace hinterland::engine
