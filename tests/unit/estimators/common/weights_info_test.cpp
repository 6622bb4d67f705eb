// Unit tests of DescribeWeights on a hand-made 6-unit W whose counts are known by construction: a 3-unit
// chain, a pair and one island (3 components), with one asymmetric link.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "estimators/common/weights_info.hpp"

namespace hinterland::estimators {
namespace {

// Links: a-b, b-a, b-c, c-b (chain), d-e, e-d (pair), a-c one way only; f has none.
engine::SpatialWeights SmallWeights() {
  return engine::SpatialWeights({"a", "b", "c", "d", "e", "f"}, {0, 2, 4, 5, 6, 7, 7}, {1, 2, 0, 2, 1, 4, 3},
                                std::vector<double>(7, 1.0), engine::WeightsStyle::kBinary, "small.gal");
}

TEST(DescribeWeightsTest, CountsLinksNeighboursIslandsAndComponents) {
  const WeightsInfo info = DescribeWeights(SmallWeights());
  EXPECT_EQ(info.n, 6);
  EXPECT_EQ(info.links, 7);
  EXPECT_DOUBLE_EQ(info.mean_neighbours, 7.0 / 6.0);
  EXPECT_EQ(info.min_neighbours, 0);
  EXPECT_EQ(info.max_neighbours, 2);
  EXPECT_EQ(info.islands, 1);
  EXPECT_EQ(info.components, 3);  // {a, b, c}, {d, e}, {f}
  EXPECT_FALSE(info.symmetric);   // a -> c has no c -> a
  EXPECT_EQ(info.style, "B");
  EXPECT_EQ(info.source, "small.gal");
}

TEST(DescribeWeightsTest, SymmetryIsNumericalSoRowStandardisingAChainBreaksIt) {
  // Chain a - b - c: binary is symmetric; row-standardised w_ab = 1 but w_ba = 1/2.
  const engine::SpatialWeights chain({"a", "b", "c"}, {0, 1, 3, 4}, {1, 0, 2, 1}, std::vector<double>(4, 1.0),
                                     engine::WeightsStyle::kBinary, "chain");
  EXPECT_TRUE(DescribeWeights(chain).symmetric);
  const WeightsInfo standardised = DescribeWeights(chain.Transform(engine::WeightsStyle::kRowStandardised));
  EXPECT_FALSE(standardised.symmetric);
  EXPECT_EQ(standardised.style, "W");
  EXPECT_EQ(standardised.components, 1);
  EXPECT_EQ(standardised.islands, 0);
}

}  // namespace
}  // namespace hinterland::estimators
