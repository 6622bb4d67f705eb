// FindSymmetricForm: S = W for symmetric W; S = D^1/2 W D^-1/2 (entrywise (w_ij w_ji)^1/2) for a
// row-standardised symmetric adjacency, with W's eigenvalues; none for asymmetric (kNN) W. Dense oracles
// at small n only.
#include "engine/linalg/symmetric_form.hpp"

#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>

#include "tests/support/test_weights.hpp"

namespace hinterland::engine {
namespace {

arma::mat Dense(const CsrMatrix& matrix) {
  arma::mat dense(matrix.n, matrix.n, arma::fill::zeros);
  for (std::int64_t i = 0; i < matrix.n; ++i) {
    for (std::int64_t p = matrix.row_offsets[i]; p < matrix.row_offsets[i + 1]; ++p) {
      dense(i, matrix.column_indices[p]) = matrix.values[p];
    }
  }
  return dense;
}

TEST(SymmetricFormTest, SymmetricWeightsAreTheirOwnForm) {
  const SpatialWeights w = testing::Lattice(5, 6, true, WeightsStyle::kBinary);
  const auto form = FindSymmetricForm(w);
  ASSERT_TRUE(form.has_value());
  EXPECT_TRUE(form->weights_symmetric);
  EXPECT_EQ(form->matrix.values, w.Values());
}

TEST(SymmetricFormTest, RowStandardisedLatticeGivesDHalfWDMinusHalf) {
  const SpatialWeights w = testing::Lattice(5, 6, true);
  const auto form = FindSymmetricForm(w);
  ASSERT_TRUE(form.has_value());
  EXPECT_FALSE(form->weights_symmetric);
  EXPECT_TRUE(form->matrix.IsExactlySymmetric());
  // W = D^-1 A with D the neighbour counts: S = D^1/2 W D^-1/2 = D^-1/2 A D^-1/2.
  const arma::mat dense_w(w.ToSparseMatrix());
  const arma::vec counts = arma::conv_to<arma::vec>::from(arma::sum(dense_w > 0.0, 1));
  const arma::mat expected =
      arma::diagmat(arma::sqrt(counts)) * dense_w * arma::diagmat(1.0 / arma::sqrt(counts));
  EXPECT_LT(arma::abs(Dense(form->matrix) - expected).max(), 1e-15);
  const arma::vec eigenvalues_s = arma::eig_sym(Dense(form->matrix));
  const arma::vec eigenvalues_w = arma::sort(arma::real(arma::eig_gen(dense_w)));
  EXPECT_LT(arma::abs(eigenvalues_s - eigenvalues_w).max(), 1e-12);
}

TEST(SymmetricFormTest, AsymmetricNeighboursHaveNone) {
  EXPECT_FALSE(FindSymmetricForm(testing::KNearestNeighbours(40, 4, 5)).has_value());
}

}  // namespace
}  // namespace hinterland::engine
