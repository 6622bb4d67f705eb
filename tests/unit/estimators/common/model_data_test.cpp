// Unit tests of AlignModelData (estimators/common/model_data.hpp): id matching, the subset of W for rows
// dropped for missing values, the three island policies and the final style. Hand-built frames and
// weights; every expected value follows from the construction written in the test.
#include "estimators/common/model_data.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/core/error.hpp"
#include "tests/support/expect_throw_mentioning.hpp"

namespace hinterland::estimators {
namespace {

using engine::IslandPolicy;
using engine::MissingPolicy;
using engine::ModelFrame;
using engine::SpatialWeights;
using engine::WeightsError;
using engine::WeightsStyle;
using ::testing::HasSubstr;

// A frame with y = 10 * position and one regressor equal to the position, so reordering is visible.
ModelFrame MakeFrame(const std::vector<std::string>& ids) {
  ModelFrame frame;
  frame.source = "data.csv";
  frame.formula_text = "y ~ x";
  frame.dependent = "y";
  const arma::uword n = ids.size();
  frame.y = arma::regspace<arma::vec>(0, n - 1) * 10.0;
  frame.x = arma::join_rows(arma::ones<arma::vec>(n), arma::regspace<arma::vec>(0, n - 1));
  frame.column_names = {"(Intercept)", "x"};
  frame.column_kinds = {engine::ColumnKind::kIntercept, engine::ColumnKind::kNumeric};
  frame.ids = ids;
  for (arma::uword i = 0; i < n; ++i) frame.source_lines.push_back(static_cast<int>(i) + 2);
  return frame;
}

// Binary weights from an undirected or directed edge list over `ids`.
SpatialWeights MakeWeights(const std::vector<std::string>& ids,
                           const std::vector<std::pair<int, int>>& links,
                           bool symmetric = true) {
  std::vector<std::vector<int>> rows(ids.size());
  for (const auto& [i, j] : links) {
    rows[i].push_back(j);
    if (symmetric) rows[j].push_back(i);
  }
  std::vector<std::int64_t> offsets{0};
  std::vector<std::int32_t> columns;
  for (const auto& row : rows) {
    columns.insert(columns.end(), row.begin(), row.end());
    offsets.push_back(static_cast<std::int64_t>(columns.size()));
  }
  std::vector<double> values(columns.size(), 1.0);
  return SpatialWeights(ids, offsets, columns, values, WeightsStyle::kBinary, "w.gal");
}

// The weight w_ij looked up by ids (0 when there is no link).
double WeightBetween(const SpatialWeights& w, const std::string& from, const std::string& to) {
  const std::int64_t i = *w.IndexOf(from);
  const std::int64_t j = *w.IndexOf(to);
  for (std::int64_t p = w.RowOffsets()[i]; p < w.RowOffsets()[i + 1]; ++p) {
    if (w.ColumnIndices()[p] == j) return w.Values()[p];
  }
  return 0.0;
}

// Path a - b - c - d.
SpatialWeights PathWeights() { return MakeWeights({"a", "b", "c", "d"}, {{0, 1}, {1, 2}, {2, 3}}); }

TEST(AlignModelDataTest, MatchesRowsToWeightsByIdNotByOrder) {
  const ModelData data = AlignModelData(MakeFrame({"d", "c", "b", "a"}), PathWeights(), {});
  EXPECT_EQ(data.weights.Ids(), (std::vector<std::string>{"d", "c", "b", "a"}));
  // Row-standardised path: b has neighbours a and c (1/2 each), a has only b (1).
  EXPECT_DOUBLE_EQ(WeightBetween(data.weights, "b", "a"), 0.5);
  EXPECT_DOUBLE_EQ(WeightBetween(data.weights, "a", "b"), 1.0);
  EXPECT_DOUBLE_EQ(WeightBetween(data.weights, "a", "d"), 0.0);
  // W y uses the frame order: row of "a" (last) sees y of "b" (position 2 -> 20).
  const arma::vec lag = data.weights.Multiply(data.frame.y);
  EXPECT_DOUBLE_EQ(lag(3), 20.0);
  EXPECT_TRUE(data.notes.empty());
}

TEST(AlignModelDataTest, IdsOnlyInTheDataAreAnErrorListingThem) {
  EXPECT_THROW_MENTIONING(WeightsError,
                          AlignModelData(MakeFrame({"a", "b", "c", "d", "e", "f"}), PathWeights(), {}),
                          {"2 ids in the data (data.csv) have no row in W (w.gal): e, f"});
}

TEST(AlignModelDataTest, IdsOnlyInTheWeightsAreAnErrorListingThem) {
  EXPECT_THROW_MENTIONING(WeightsError, AlignModelData(MakeFrame({"a", "b", "c"}), PathWeights(), {}),
                          {"1 id in W (w.gal) has no row in the data (data.csv): d"});
}

TEST(AlignModelDataTest, IdsDroppedForMissingValuesAreRemovedFromTheWeightsWithANote) {
  ModelFrame frame = MakeFrame({"a", "b", "c"});
  frame.dropped.push_back({"d", 5, "missing x"});
  ModelDataOptions options;
  options.missing = MissingPolicy::kDrop;
  const ModelData data = AlignModelData(frame, PathWeights(), options);
  EXPECT_EQ(data.weights.n(), 3);
  EXPECT_DOUBLE_EQ(WeightBetween(data.weights, "c", "b"), 1.0);  // c lost d: b is its only neighbour
  ASSERT_EQ(data.notes.size(), 1u);
  EXPECT_THAT(data.notes[0], HasSubstr("missing values"));
  EXPECT_THAT(data.notes[0], HasSubstr(": d"));
}

TEST(AlignModelDataTest, DroppedIdsStillMismatchUnderTheErrorPolicy) {
  ModelFrame frame = MakeFrame({"a", "b", "c"});
  frame.dropped.push_back({"d", 5, "missing x"});
  EXPECT_THROW(AlignModelData(frame, PathWeights(), {}), WeightsError);
}

TEST(AlignModelDataTest, AnIslandIsAnErrorNamingItAndSuggestingThePolicies) {
  const SpatialWeights w = MakeWeights({"a", "b", "c"}, {{0, 1}});
  EXPECT_THROW_MENTIONING(WeightsError, AlignModelData(MakeFrame({"a", "b", "c"}), w, {}),
                          {"1 island", ": c;", "`islands` drop", "`islands` keep"});
}

TEST(AlignModelDataTest, IslandsCreatedByDroppingMissingRowsAreReportedAsSuch) {
  ModelFrame frame = MakeFrame({"a", "c", "d"});
  frame.dropped.push_back({"b", 3, "missing y"});
  ModelDataOptions options;
  options.missing = MissingPolicy::kDrop;
  EXPECT_THROW_MENTIONING(WeightsError, AlignModelData(frame, PathWeights(), options),
                          {"after removing the units dropped for missing values", ": a;"});
}

TEST(AlignModelDataTest, DropRemovesIslandsFromFrameAndWeightsAndRecordsThem) {
  const SpatialWeights w = MakeWeights({"a", "b", "c"}, {{0, 1}});
  ModelDataOptions options;
  options.islands = IslandPolicy::kDrop;
  const ModelData data = AlignModelData(MakeFrame({"c", "a", "b"}), w, options);
  EXPECT_EQ(data.frame.ids, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(data.weights.Ids(), data.frame.ids);
  ASSERT_EQ(data.frame.y.n_elem, 2u);
  EXPECT_DOUBLE_EQ(data.frame.y(0), 10.0);  // "a" was at position 1
  EXPECT_EQ(data.frame.x.n_rows, 2u);
  EXPECT_EQ(data.frame.source_lines, (std::vector<int>{3, 4}));
  ASSERT_EQ(data.frame.dropped.size(), 1u);
  EXPECT_EQ(data.frame.dropped[0].id, "c");
  EXPECT_EQ(data.frame.dropped[0].line, 2);
  EXPECT_THAT(data.frame.dropped[0].reason, HasSubstr("island"));
  ASSERT_EQ(data.notes.size(), 1u);
  EXPECT_THAT(data.notes[0], HasSubstr("dropped 1 island"));
}

TEST(AlignModelDataTest, DropRepeatsUntilNoIslandIsLeftInADirectedW) {
  // Directed: b -> a only, and a has no out-links; dropping a leaves b without neighbours.
  const SpatialWeights w = MakeWeights({"a", "b", "c", "d"}, {{1, 0}, {2, 3}, {3, 2}}, false);
  ModelDataOptions options;
  options.islands = IslandPolicy::kDrop;
  const ModelData data = AlignModelData(MakeFrame({"a", "b", "c", "d"}), w, options);
  EXPECT_EQ(data.frame.ids, (std::vector<std::string>{"c", "d"}));
  EXPECT_EQ(data.frame.dropped.size(), 2u);
  EXPECT_EQ(data.notes.size(), 2u);
}

TEST(AlignModelDataTest, KeepLeavesIslandsWithZeroRows) {
  const SpatialWeights w = MakeWeights({"a", "b", "c"}, {{0, 1}});
  ModelDataOptions options;
  options.islands = IslandPolicy::kKeep;
  const ModelData data = AlignModelData(MakeFrame({"a", "b", "c"}), w, options);
  EXPECT_EQ(data.frame.ids.size(), 3u);
  EXPECT_EQ(data.weights.NeighbourCount(2), 0);
  EXPECT_DOUBLE_EQ(WeightBetween(data.weights, "a", "b"), 1.0);
  ASSERT_EQ(data.notes.size(), 1u);
  EXPECT_THAT(data.notes[0], HasSubstr("kept 1 island"));
}

TEST(AlignModelDataTest, TransformsToTheRequestedStyleAfterSubsetting) {
  ModelDataOptions options;
  options.style = WeightsStyle::kBinary;
  const ModelData binary = AlignModelData(MakeFrame({"a", "b", "c", "d"}), PathWeights(), options);
  EXPECT_EQ(binary.weights.Style(), WeightsStyle::kBinary);
  EXPECT_DOUBLE_EQ(WeightBetween(binary.weights, "b", "a"), 1.0);
  const ModelData row = AlignModelData(MakeFrame({"a", "b", "c", "d"}), PathWeights(), {});
  EXPECT_EQ(row.weights.Style(), WeightsStyle::kRowStandardised);
  const arma::vec row_sums = row.weights.Multiply(arma::vec(4, arma::fill::ones));
  EXPECT_TRUE(arma::approx_equal(row_sums, arma::vec(4, arma::fill::ones), "absdiff", 1e-15));
}

}  // namespace
}  // namespace hinterland::estimators
