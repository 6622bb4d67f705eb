// CsrMatrix: the copy from SpatialWeights, its product against SpatialWeights::Multiply, and exact symmetry.
#include "engine/linalg/sparse_matrix.hpp"

#include <gtest/gtest.h>

#include "tests/support/test_weights.hpp"

namespace hinterland::engine {
namespace {

TEST(CsrMatrixTest, ProductEqualsTheWeightsProduct) {
  const SpatialWeights w = testing::KNearestNeighbours(60, 4, 11);
  const CsrMatrix matrix = ToCsrMatrix(w);
  EXPECT_EQ(matrix.n, 60);
  EXPECT_EQ(matrix.NonZeroCount(), 240);
  const arma::vec x = arma::linspace(-1.0, 2.0, 60);
  arma::vec y(60);
  matrix.Multiply(std::span<const double>(x.memptr(), 60), std::span<double>(y.memptr(), 60));
  EXPECT_LT(arma::abs(y - w.Multiply(x)).max(), 1e-15);
}

TEST(CsrMatrixTest, BinaryLatticeIsExactlySymmetricRowStandardisedIsNot) {
  EXPECT_TRUE(ToCsrMatrix(testing::Lattice(4, 5, false, WeightsStyle::kBinary)).IsExactlySymmetric());
  EXPECT_FALSE(ToCsrMatrix(testing::RookLattice(4, 5)).IsExactlySymmetric());
  EXPECT_FALSE(ToCsrMatrix(testing::KNearestNeighbours(30, 3, 2)).IsExactlySymmetric());
}

}  // namespace
}  // namespace hinterland::engine
