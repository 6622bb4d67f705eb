// CsrMatrix::MultiplyBlock against the single-vector product, column by column (the block layout is
// row-major: entry (i, c) at i * columns + c). Oracle: CsrMatrix::Multiply; equal up to rounding (1e-14).
#include <gtest/gtest.h>

#include <armadillo>

#include "engine/linalg/sparse_matrix.hpp"
#include "tests/support/test_weights.hpp"

namespace hinterland::engine {
namespace {

TEST(CsrMatrixBlockTest, EachColumnOfTheBlockProductIsTheVectorProduct) {
  const CsrMatrix matrix = ToCsrMatrix(testing::KNearestNeighbours(70, 5, 3));  // asymmetric
  for (const std::int64_t columns : {1, 3, 8}) {
    arma::mat block(columns, matrix.n);  // column i of this matrix is row i of the n x columns block
    block.randn();
    arma::mat product(columns, matrix.n);
    const auto length = static_cast<std::size_t>(block.n_elem);
    matrix.MultiplyBlock(std::span<const double>(block.memptr(), length),
                         std::span<double>(product.memptr(), length), columns);
    for (std::int64_t c = 0; c < columns; ++c) {
      const arma::vec x = block.row(c).t();
      arma::vec y(matrix.n);
      matrix.Multiply(std::span<const double>(x.memptr(), x.n_elem), std::span<double>(y.memptr(), y.n_elem));
      EXPECT_LT(arma::abs(product.row(c).t() - y).max(), 1e-14) << "column " << c << " of " << columns;
    }
  }
}

}  // namespace
}  // namespace hinterland::engine
