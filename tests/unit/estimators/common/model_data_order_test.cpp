// AlignModelData with the data's ids in W's order (the path that skips the id look-ups) against the same
// units in another order (the general path): the aligned W is the same matrix, exactly, once both are put
// in one order, and an id missing on either side is still named.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/core/error.hpp"
#include "engine/weights/weights_builder.hpp"
#include "estimators/common/model_data.hpp"
#include "tests/support/same_weights.hpp"

namespace hinterland::estimators {
namespace {

using engine::SpatialWeights;

engine::ModelFrame FrameWithIds(const std::vector<std::string>& ids) {
  engine::ModelFrame frame;
  frame.source = "data.csv";
  frame.formula_text = "y ~ 1";
  frame.dependent = "y";
  const arma::uword n = ids.size();
  frame.y = arma::regspace<arma::vec>(1, n);
  frame.x = arma::ones<arma::mat>(n, 1);
  frame.column_names = {"(Intercept)"};
  frame.column_kinds = {engine::ColumnKind::kIntercept};
  frame.ids = ids;
  return frame;
}

using hinterland::testing::ExpectSameWeights;

TEST(AlignModelDataOrderTest, DataInWeightsOrderAndShuffledGiveTheSameWeights) {
  const SpatialWeights w = engine::BuildLattice(4, 5, engine::Contiguity::kQueen);
  std::vector<std::string> shuffled = w.Ids();
  std::reverse(shuffled.begin(), shuffled.end());
  std::swap(shuffled[0], shuffled[7]);

  const ModelData in_order = AlignModelData(FrameWithIds(w.Ids()), w, {});
  const ModelData reordered = AlignModelData(FrameWithIds(shuffled), w, {});
  ExpectSameWeights(in_order.weights, w.Transform(engine::WeightsStyle::kRowStandardised));
  EXPECT_EQ(reordered.weights.Ids(), shuffled);
  ExpectSameWeights(reordered.weights.Subset(w.Ids()), in_order.weights);
  EXPECT_TRUE(in_order.notes.empty());
  EXPECT_TRUE(reordered.notes.empty());
}

TEST(AlignModelDataOrderTest, AnIdOnlyInTheWeightsIsNamedWhateverTheOrder) {
  const SpatialWeights w = engine::BuildLattice(2, 3, engine::Contiguity::kRook);
  std::vector<std::string> without_last(w.Ids().begin(), w.Ids().end() - 1);
  EXPECT_THAT([&] { AlignModelData(FrameWithIds(without_last), w, {}); },
              ::testing::ThrowsMessage<engine::WeightsError>(::testing::HasSubstr(
                  "1 id in W (rook lattice 2 x 3) has no row in the data (data.csv): 6")));
}

}  // namespace
}  // namespace hinterland::estimators
