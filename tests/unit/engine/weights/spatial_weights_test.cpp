// SpatialWeights core: construction checks, subsetting, the spdep styles (B, W, C, S as nb2listw defines
// them), symmetry and similarity detection, islands, components and products against a dense oracle.
#include "engine/weights/spatial_weights.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "engine/core/error.hpp"
#include "engine/weights/weights_builder.hpp"
#include "tests/unit/engine/weights/weights_test_helpers.hpp"

namespace hinterland::engine {
namespace {

using ::testing::HasSubstr;

// A path 1 - 2 - 3 plus an island 4 (binary, symmetric).
SpatialWeights PathWithIsland() {
  return SpatialWeights({"a", "b", "c", "d"}, {0, 1, 3, 4, 4}, {1, 0, 2, 1}, {1, 1, 1, 1},
                        WeightsStyle::kBinary);
}

std::vector<double> RowSums(const SpatialWeights& w) {
  std::vector<double> sums(w.n(), 0.0);
  for (std::int64_t i = 0; i < w.n(); ++i) {
    for (std::int64_t p = w.RowOffsets()[i]; p < w.RowOffsets()[i + 1]; ++p) sums[i] += w.Values()[p];
  }
  return sums;
}

TEST(SpatialWeightsTest, ConstructorSortsColumnsWithinRows) {
  const SpatialWeights w({"a", "b", "c"}, {0, 2, 3, 4}, {2, 1, 0, 0}, {0.25, 0.75, 1, 1},
                         WeightsStyle::kGeneral);
  EXPECT_EQ(w.ColumnIndices(), (std::vector<std::int32_t>{1, 2, 0, 0}));
  EXPECT_EQ(w.Values(), (std::vector<double>{0.75, 0.25, 1, 1}));
}

TEST(SpatialWeightsTest, ConstructorRejectsSelfLinksDuplicatesAndBadWeights) {
  auto self_link = [] { SpatialWeights({"a", "b"}, {0, 1, 1}, {0}, {1}, WeightsStyle::kBinary, "w.gal"); };
  EXPECT_THAT(self_link,
              ::testing::ThrowsMessage<WeightsError>(HasSubstr("\"a\" is listed as its own neighbour")));
  auto duplicate = [] { SpatialWeights({"a", "b"}, {0, 2, 2}, {1, 1}, {1, 1}, WeightsStyle::kBinary); };
  EXPECT_THAT(duplicate, ::testing::ThrowsMessage<WeightsError>(HasSubstr("a -> b appears more than once")));
  auto negative = [] { SpatialWeights({"a", "b"}, {0, 1, 1}, {1}, {-1}, WeightsStyle::kGeneral); };
  EXPECT_THAT(negative, ::testing::ThrowsMessage<WeightsError>(HasSubstr("finite and non-negative")));
  auto repeated_id = [] { SpatialWeights({"a", "a"}, {0, 0, 0}, {}, {}, WeightsStyle::kBinary); };
  EXPECT_THAT(repeated_id, ::testing::ThrowsMessage<WeightsError>(HasSubstr("\"a\" appears more than once")));
}

TEST(SpatialWeightsTest, SubsetKeepsRequestedUnitsInTheirOrder) {
  const SpatialWeights lattice = BuildLattice(3, 3, Contiguity::kRook);
  const SpatialWeights subset = lattice.Subset({"5", "2", "4", "9"});
  EXPECT_EQ(subset.Ids(), (std::vector<std::string>{"5", "2", "4", "9"}));
  // In the 3 x 3 rook lattice 5 touches 2, 4, 6 and 8; 9 touches 6 and 8 (both dropped).
  EXPECT_THAT(testing::NeighbourIds(subset, "5"), ::testing::ElementsAre("2", "4"));
  EXPECT_THAT(testing::NeighbourIds(subset, "2"), ::testing::ElementsAre("5"));
  EXPECT_TRUE(testing::NeighbourIds(subset, "9").empty());
}

TEST(SpatialWeightsTest, SubsetNamesUnknownIds) {
  const SpatialWeights lattice = BuildLattice(2, 2, Contiguity::kRook);
  EXPECT_THAT(
      [&] {
        lattice.Subset({"1", "12", "40"});
      },
      ::testing::ThrowsMessage<WeightsError>(HasSubstr("2 id(s) have no row in the weights: 12, 40")));
}

TEST(SpatialWeightsTest, RowStandardisedRowsSumToOne) {
  const SpatialWeights w = BuildLattice(4, 5, Contiguity::kQueen).Transform(WeightsStyle::kRowStandardised);
  for (const double sum : RowSums(w)) EXPECT_NEAR(sum, 1.0, 1e-15);
  EXPECT_EQ(w.Style(), WeightsStyle::kRowStandardised);
}

TEST(SpatialWeightsTest, GlobalAndVarianceStabilisingStylesSumToTheNumberOfUnitsWithNeighbours) {
  // nb2listw: styles C and S scale the total to eff.n = n minus islands.
  const SpatialWeights w = PathWithIsland();
  for (const WeightsStyle style : {WeightsStyle::kGlobal, WeightsStyle::kVarianceStabilising}) {
    const SpatialWeights transformed = w.Transform(style);
    const std::vector<double> sums = RowSums(transformed);
    EXPECT_NEAR(std::accumulate(sums.begin(), sums.end(), 0.0), 3.0, 1e-14) << ToString(style);
  }
  // S: rows scaled by 1 / sqrt(sum of squares) before the global scaling, so b's two links weigh
  // 1/sqrt(2) relative to a's single link of weight 1.
  const SpatialWeights s = w.Transform(WeightsStyle::kVarianceStabilising);
  EXPECT_NEAR(s.Values()[1] / s.Values()[0], 1.0 / std::sqrt(2.0), 1e-15);
}

TEST(SpatialWeightsTest, BinaryStyleRestoresOnes) {
  const SpatialWeights w = BuildLattice(3, 3, Contiguity::kRook).Transform(WeightsStyle::kRowStandardised);
  const SpatialWeights binary = w.Transform(WeightsStyle::kBinary);
  for (const double value : binary.Values()) EXPECT_EQ(value, 1.0);
}

TEST(SpatialWeightsTest, RowStandardisedSymmetricAdjacencyIsSimilarToSymmetricButNotSymmetric) {
  const SpatialWeights binary = BuildLattice(5, 6, Contiguity::kQueen);
  EXPECT_TRUE(binary.IsSymmetric());
  EXPECT_TRUE(binary.IsSimilarToSymmetric());
  const SpatialWeights row_standardised = binary.Transform(WeightsStyle::kRowStandardised);
  EXPECT_FALSE(row_standardised.IsSymmetric());
  EXPECT_TRUE(row_standardised.IsSimilarToSymmetric());
}

TEST(SpatialWeightsTest, AsymmetricNearestNeighboursAreNeitherSymmetricNorSimilar) {
  // Points on a line at 0, 1, 3, 7: with k = 1, 0 -> 1, 1 -> 0, 3 -> 1, 7 -> 3 (not reciprocated).
  const Coordinates points{{"p0", "p1", "p3", "p7"}, {0, 1, 3, 7}, {0, 0, 0, 0}};
  const SpatialWeights knn = BuildKNearestNeighbours(points, 1, DistanceMetric::kPlanar);
  EXPECT_FALSE(knn.IsSymmetric());
  EXPECT_FALSE(knn.IsSimilarToSymmetric());
  EXPECT_FALSE(knn.Transform(WeightsStyle::kRowStandardised).IsSimilarToSymmetric());
  EXPECT_TRUE(knn.Symmetrize().IsSymmetric());
}

TEST(SpatialWeightsTest, GeneralWeightsWithoutDetailedBalanceAreNotSimilarToSymmetric) {
  // A triangle with w_ab w_bc w_ca != w_ba w_cb w_ac: no diagonal D makes D W symmetric.
  const SpatialWeights w({"a", "b", "c"}, {0, 2, 4, 6}, {1, 2, 0, 2, 0, 1}, {1, 1, 1, 2, 1, 1},
                         WeightsStyle::kGeneral);
  EXPECT_FALSE(w.IsSimilarToSymmetric());
}

TEST(SpatialWeightsTest, IslandsAndComponents) {
  const SpatialWeights w = PathWithIsland();
  EXPECT_EQ(w.Islands(), (std::vector<std::int64_t>{3}));
  EXPECT_EQ(w.ComponentLabels(), (std::vector<std::int32_t>{0, 0, 0, 1}));
  // Two lattices side by side (ids renamed) are two components.
  const SpatialWeights two({"a", "b", "c", "d"}, {0, 1, 2, 3, 4}, {1, 0, 3, 2}, {1, 1, 1, 1},
                           WeightsStyle::kBinary);
  EXPECT_EQ(two.ComponentLabels(), (std::vector<std::int32_t>{0, 0, 1, 1}));
  EXPECT_TRUE(two.Islands().empty());
}

TEST(SpatialWeightsTest, ComponentsFollowLinksInEitherDirection) {
  // c -> a only: a, b, c are one component of the undirected graph.
  const SpatialWeights w({"a", "b", "c"}, {0, 1, 2, 3}, {1, 0, 0}, {1, 1, 1}, WeightsStyle::kBinary);
  EXPECT_EQ(w.ComponentLabels(), (std::vector<std::int32_t>{0, 0, 0}));
}

TEST(SpatialWeightsTest, ProductsMatchTheDenseMatrix) {
  const SpatialWeights w = BuildLattice(3, 4, Contiguity::kQueen).Transform(WeightsStyle::kRowStandardised);
  const auto dense = testing::Dense(w);
  arma::vec x = arma::linspace(-1.0, 2.0, w.n());
  const arma::vec y = w.Multiply(x);
  std::vector<double> y_transposed(w.n());
  w.MultiplyTransposed(std::span<const double>(x.memptr(), x.n_elem), y_transposed);
  for (std::int64_t i = 0; i < w.n(); ++i) {
    double expected = 0.0;
    double expected_transposed = 0.0;
    for (std::int64_t j = 0; j < w.n(); ++j) {
      expected += dense[i][j] * x[j];
      expected_transposed += dense[j][i] * x[j];
    }
    EXPECT_NEAR(y[i], expected, 1e-14);
    EXPECT_NEAR(y_transposed[i], expected_transposed, 1e-14);
  }
  const arma::mat sparse = arma::mat(w.ToSparseMatrix());
  for (std::int64_t i = 0; i < w.n(); ++i) {
    for (std::int64_t j = 0; j < w.n(); ++j) EXPECT_EQ(sparse(i, j), dense[i][j]);
  }
}

TEST(SpatialWeightsTest, SymmetrizeCopiesTheMissingReverseWeight) {
  const SpatialWeights w({"a", "b"}, {0, 1, 1}, {1}, {0.5}, WeightsStyle::kGeneral);
  const SpatialWeights symmetric = w.Symmetrize();
  EXPECT_EQ(symmetric.LinkCount(), 2);
  EXPECT_EQ(testing::Dense(symmetric)[1][0], 0.5);
}

TEST(SpatialWeightsTest, DefaultConstructedWeightsAreAValidEmptyMatrix) {
  const SpatialWeights empty;
  EXPECT_EQ(empty.n(), 0);
  EXPECT_EQ(empty.RowOffsets(), (std::vector<std::int64_t>{0}));
  EXPECT_EQ(empty.Transform(WeightsStyle::kRowStandardised).n(), 0);
  EXPECT_EQ(empty.Symmetrize().LinkCount(), 0);
}

TEST(SpatialWeightsTest, ParsesStylesAndIslandPolicies) {
  EXPECT_EQ(ParseWeightsStyle("W"), WeightsStyle::kRowStandardised);
  EXPECT_EQ(ParseWeightsStyle("s"), WeightsStyle::kVarianceStabilising);
  EXPECT_THAT([] { ParseWeightsStyle("X"); }, ::testing::ThrowsMessage<OptionError>(HasSubstr("`style` X")));
  EXPECT_EQ(ParseIslandPolicy("keep"), IslandPolicy::kKeep);
  EXPECT_THAT([] { ParseIslandPolicy("ignore"); },
              ::testing::ThrowsMessage<OptionError>(HasSubstr("`islands` ignore")));
}

}  // namespace
}  // namespace hinterland::engine
