// WeightsOperator: I_T (x) W applied period by period (checked against the dense Kronecker product on a tiny
// case), W' likewise, and the once-per-W cache (symmetric form, spectrum, extreme eigenvalues) computed once
// and equal to direct computations.
#include "engine/linalg/weights_operator.hpp"

#include <gtest/gtest.h>

#include "tests/support/test_weights.hpp"

namespace hinterland::engine {
namespace {

TEST(WeightsOperatorTest, AppliesWWithinEachPeriod) {
  const SpatialWeights w = testing::KNearestNeighbours(12, 3, 5);  // asymmetric: W' differs from W
  const WeightsOperator panel(w, 3);
  ASSERT_EQ(panel.Rows(), 36);
  ASSERT_EQ(panel.Units(), 12);
  ASSERT_EQ(panel.Periods(), 3);
  const arma::mat dense(w.ToSparseMatrix());
  const arma::mat kronecker = arma::kron(arma::eye(3, 3), dense);  // the test oracle only: 36 x 36
  const arma::vec x = arma::linspace(-1.0, 2.0, 36);
  EXPECT_LT(arma::norm(panel.Apply(x) - kronecker * x), 1e-13);
  EXPECT_LT(arma::norm(panel.ApplyTransposed(x) - kronecker.t() * x), 1e-13);
  const arma::mat block = arma::join_rows(x, arma::square(x));
  EXPECT_LT(arma::norm(panel.Apply(block) - kronecker * block), 1e-13);
}

TEST(WeightsOperatorTest, ACrossSectionIsWItself) {
  const SpatialWeights w = testing::RookLattice(4, 5);
  const WeightsOperator cross_section(w);
  const arma::vec x = arma::linspace(0.0, 1.0, 20);
  EXPECT_EQ(arma::norm(cross_section.Apply(x) - w.Multiply(x)), 0.0);
}

TEST(WeightsOperatorTest, CachesWhatIsComputedFromW) {
  const WeightsOperator w(testing::RookLattice(6, 7));
  const SymmetricForm* first = w.Symmetric();
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(w.Symmetric(), first);  // the same object: computed once
  const arma::cx_vec& spectrum = w.Spectrum();
  EXPECT_EQ(&w.Spectrum(), &spectrum);
  const arma::vec dense_eigenvalues =
      arma::sort(arma::real(arma::eig_gen(arma::mat(w.Weights().ToSparseMatrix()))));
  EXPECT_LT(arma::norm(arma::sort(arma::real(spectrum)) - dense_eigenvalues), 1e-10);
  EXPECT_NEAR(w.Eigenvalues().lambda_max, 1.0, 1e-12);
  EXPECT_NEAR(w.Eigenvalues().lambda_min, dense_eigenvalues.min(), 1e-8);
  EXPECT_EQ(WeightsOperator(testing::KNearestNeighbours(30, 4, 2)).Symmetric(), nullptr);
}

}  // namespace
}  // namespace hinterland::engine
