// ExactPolynomialTraces up to degree 2 takes a closed form (tr M, tr M^2 from the CSR arrays) rather than
// propagating every unit; it must give what the propagation gives for degree 3 (its first three traces) and
// what a dense matrix gives, for general (kNN) and symmetric matrices, power and Chebyshev bases. Tolerance
// 1e-12 relative: both are sums of the same products in different orders.
#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>
#include <vector>

#include "engine/linalg/symmetric_form.hpp"
#include "engine/linalg/trace_estimators.hpp"
#include "tests/support/test_weights.hpp"

namespace hinterland::engine {
namespace {

void ExpectLowOrdersMatch(const CsrMatrix& matrix, const PolynomialBasis& basis) {
  const std::vector<double> closed = ExactPolynomialTraces(matrix, basis, 2);
  const std::vector<double> propagated = ExactPolynomialTraces(matrix, basis, 3);
  ASSERT_EQ(closed.size(), 3U);
  arma::mat dense(matrix.n, matrix.n, arma::fill::zeros);
  for (std::int64_t i = 0; i < matrix.n; ++i) {
    for (std::int64_t p = matrix.row_offsets[i]; p < matrix.row_offsets[i + 1]; ++p) {
      dense(i, matrix.column_indices[p]) = matrix.values[p];
    }
  }
  const arma::mat x = basis.scale * dense + basis.shift * arma::eye(matrix.n, matrix.n);
  const bool chebyshev = basis.kind == PolynomialBasis::Kind::kChebyshev;
  const double expected[3] = {static_cast<double>(matrix.n), arma::trace(x),
                              chebyshev ? 2.0 * arma::trace(x * x) - matrix.n : arma::trace(x * x)};
  for (int k = 0; k <= 2; ++k) {
    const double scale = std::max(1.0, std::fabs(expected[k]));
    EXPECT_NEAR(closed[k], propagated[k], 1e-12 * scale) << "order " << k;
    EXPECT_NEAR(closed[k], expected[k], 1e-12 * scale) << "order " << k;
  }
  EXPECT_EQ(ExactPolynomialTraces(matrix, basis, 1).size(), 2U);
  EXPECT_EQ(ExactPolynomialTraces(matrix, basis, 0).size(), 1U);
}

TEST(LowOrderTracesTest, ClosedFormMatchesPropagationAndDense) {
  const CsrMatrix knn = ToCsrMatrix(testing::KNearestNeighbours(200, 5, 9));
  const CsrMatrix lattice = FindSymmetricForm(testing::RookLattice(9, 11))->matrix;
  for (const CsrMatrix* matrix : {&knn, &lattice}) {
    ExpectLowOrdersMatch(*matrix, PolynomialBasis::Power(1.0));
    ExpectLowOrdersMatch(*matrix, PolynomialBasis::Power(0.8));
    ExpectLowOrdersMatch(*matrix, PolynomialBasis::Chebyshev(-0.7, 1.0));
  }
}

}  // namespace
}  // namespace hinterland::engine
