// Simulation designs: lattice sizes and link counts (the closed forms for spdep's cell2nb: rook
// 2[r(c-1) + c(r-1)], queen adds 4(r-1)(c-1) diagonal links), row standardisation, seeded points in the
// unit square, k-nearest-neighbour rows, and the errors for bad designs.
#include "datasets/generators/spatial_design.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <numeric>

#include "engine/core/error.hpp"
#include "tests/support/expect_throw_mentioning.hpp"

namespace hinterland::generators {
namespace {

using ::testing::HasSubstr;

DesignSpec Lattice(std::int64_t rows, std::int64_t columns, engine::Contiguity contiguity) {
  DesignSpec spec;
  spec.kind = DesignKind::kLattice;
  spec.rows = rows;
  spec.columns = columns;
  spec.contiguity = contiguity;
  return spec;
}

DesignSpec Points(std::int64_t n, int k, double distance) {
  DesignSpec spec;
  spec.kind = DesignKind::kPoints;
  spec.points = n;
  spec.k = k;
  spec.distance = distance;
  return spec;
}

class LatticeSizeTest : public ::testing::TestWithParam<std::pair<std::int64_t, std::int64_t>> {};

TEST_P(LatticeSizeTest, UnitAndLinkCountsFollowTheClosedForms) {
  const auto [rows, columns] = GetParam();
  const std::int64_t edge_links = 2 * (rows * (columns - 1) + columns * (rows - 1));
  const SpatialDesign rook = BuildSpatialDesign(Lattice(rows, columns, engine::Contiguity::kRook), 1);
  EXPECT_EQ(rook.w.n(), rows * columns);
  EXPECT_EQ(rook.w.LinkCount(), edge_links);
  const SpatialDesign queen = BuildSpatialDesign(Lattice(rows, columns, engine::Contiguity::kQueen), 1);
  EXPECT_EQ(queen.w.LinkCount(), edge_links + 4 * (rows - 1) * (columns - 1));
  EXPECT_FALSE(rook.points.has_value());
}

INSTANTIATE_TEST_SUITE_P(Shapes,
                         LatticeSizeTest,
                         ::testing::Values(std::pair<std::int64_t, std::int64_t>{1, 2},
                                           std::pair<std::int64_t, std::int64_t>{1, 7},
                                           std::pair<std::int64_t, std::int64_t>{5, 5},
                                           std::pair<std::int64_t, std::int64_t>{20, 30},
                                           std::pair<std::int64_t, std::int64_t>{317, 211}));

TEST(SpatialDesignTest, RowStandardisedWeightsHaveRowsSummingToOne) {
  const SpatialDesign design = BuildSpatialDesign(Lattice(6, 9, engine::Contiguity::kQueen), 1);
  ASSERT_EQ(design.w.Style(), engine::WeightsStyle::kRowStandardised);
  for (std::int64_t i = 0; i < design.w.n(); ++i) {
    double sum = 0.0;
    for (auto p = design.w.RowOffsets()[i]; p < design.w.RowOffsets()[i + 1]; ++p)
      sum += design.w.Values()[p];
    EXPECT_NEAR(sum, 1.0, 1e-15) << "row " << i;
  }
}

TEST(SpatialDesignTest, BinaryStyleKeepsUnitWeights) {
  DesignSpec spec = Lattice(4, 4, engine::Contiguity::kRook);
  spec.style = engine::WeightsStyle::kBinary;
  const SpatialDesign design = BuildSpatialDesign(spec, 1);
  for (const double value : design.w.Values()) EXPECT_EQ(value, 1.0);
}

TEST(SpatialDesignTest, PointsAreSeededAndInTheUnitSquare) {
  const engine::Coordinates first = GenerateUniformPoints(500, 42);
  const engine::Coordinates again = GenerateUniformPoints(500, 42);
  const engine::Coordinates other = GenerateUniformPoints(500, 43);
  EXPECT_EQ(first.x, again.x);
  EXPECT_EQ(first.y, again.y);
  EXPECT_NE(first.x, other.x);
  ASSERT_EQ(first.ids.size(), 500u);
  EXPECT_EQ(first.ids.front(), "1");
  EXPECT_EQ(first.ids.back(), "500");
  for (std::size_t i = 0; i < first.x.size(); ++i) {
    EXPECT_TRUE(first.x[i] >= 0.0 && first.x[i] < 1.0 && first.y[i] >= 0.0 && first.y[i] < 1.0);
  }
}

TEST(SpatialDesignTest, NearestNeighbourDesignGivesEveryPointKNeighbours) {
  const SpatialDesign design = BuildSpatialDesign(Points(300, 6, 0.0), 5);
  ASSERT_TRUE(design.points.has_value());
  EXPECT_EQ(design.w.n(), 300);
  for (std::int64_t i = 0; i < design.w.n(); ++i) EXPECT_EQ(design.w.NeighbourCount(i), 6);
}

TEST(SpatialDesignTest, DistanceBandLinksExactlyThePairsWithinTheRadius) {
  const double radius = 0.15;
  const SpatialDesign design = BuildSpatialDesign(Points(200, 8, radius), 9);
  const engine::Coordinates& points = *design.points;
  // Oracle: all pairs (small n).
  std::int64_t pairs_within = 0;
  for (std::size_t a = 0; a < points.x.size(); ++a) {
    for (std::size_t b = 0; b < points.x.size(); ++b) {
      if (a != b && std::hypot(points.x[a] - points.x[b], points.y[a] - points.y[b]) <= radius)
        ++pairs_within;
    }
  }
  EXPECT_EQ(design.w.LinkCount(), pairs_within);
}

TEST(SpatialDesignTest, DistanceBandWithIslandsIsAnOptionError) {
  EXPECT_THROW_MENTIONING(engine::OptionError, BuildSpatialDesign(Points(100, 8, 0.001), 1),
                          {"`distance` 0.001", "no neighbour"});
}

TEST(SpatialDesignTest, BadDesignsNameTheirOption) {
  EXPECT_THROW(
      {
        try {
          BuildSpatialDesign(Lattice(1, 1, engine::Contiguity::kRook), 1);
        } catch (const engine::OptionError& error) {
          EXPECT_THAT(error.what(), HasSubstr("`rows` 1 `cols` 1"));
          throw;
        }
      },
      engine::OptionError);
  EXPECT_THROW(
      {
        try {
          BuildSpatialDesign(Points(10, 10, 0.0), 1);
        } catch (const engine::OptionError& error) {
          EXPECT_THAT(error.what(), HasSubstr("`k` 10"));
          throw;
        }
      },
      engine::OptionError);
  EXPECT_THROW_MENTIONING(engine::OptionError, ParseDesignKind("lattise"),
                          {"`design` lattise", "did you mean \"lattice\""});
}

}  // namespace
}  // namespace hinterland::generators
