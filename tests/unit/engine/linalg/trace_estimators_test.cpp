// Traces of matrix polynomials. Exact power traces against R spatialreg 1.2-6 trW(type = "mult") on Columbus
// (traces.trace_Wk, k = 1..30, in tests/reference/data/columbus/columbus_spatialreg.json; script
// tests/reference/generators/reference_columbus.R), tolerance 1e-10 relative (absolute 1e-10 where the trace
// is 0); exact Chebyshev traces against dense T_k(X) (test oracle, n <= 60), 1e-10; Hutchinson estimates
// against the exact traces within 5 standard errors (seeded, so deterministic).
#include "engine/linalg/trace_estimators.hpp"

#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>

#include "engine/linalg/symmetric_form.hpp"
#include "tests/support/reference.hpp"
#include "tests/support/test_weights.hpp"

namespace hinterland::engine {
namespace {

SpatialWeights Columbus(const std::string& variant) {
  const auto& reference = testing::LoadReference("columbus/columbus_spatialreg.json");
  return testing::FromNeighbourLists(
      reference.at(variant).at("weights").at("neighbours_1based").get<std::vector<std::vector<int>>>(),
      variant);
}

// tr T_k(X), X = scale W + shift I, k = 0..degree, by dense recurrence (oracle).
std::vector<double> DenseChebyshevTraces(const SpatialWeights& w, const PolynomialBasis& basis, int degree) {
  const arma::mat x = basis.scale * arma::mat(w.ToSparseMatrix()) + basis.shift * arma::eye(w.n(), w.n());
  std::vector<double> traces{static_cast<double>(w.n())};
  arma::mat previous = arma::eye(w.n(), w.n());
  arma::mat current = x;
  for (int k = 1; k <= degree; ++k) {
    traces.push_back(arma::trace(current));
    const arma::mat next = 2.0 * x * current - previous;
    previous = current;
    current = next;
  }
  return traces;
}

TEST(ExactPolynomialTracesTest, PowerTracesMatchSpatialregOnColumbus) {
  const auto& traces =
      testing::LoadReference("columbus/columbus_spatialreg.json").at("columbus_gal").at("traces");
  const auto expected = traces.at("trace_Wk").get<std::vector<double>>();
  const SpatialWeights w = Columbus("columbus_gal");
  const auto form = FindSymmetricForm(w);
  ASSERT_TRUE(form.has_value());
  // The symmetric shortcut on S and the general recurrence on W must both reproduce trW.
  for (const CsrMatrix& matrix : {form->matrix, ToCsrMatrix(w)}) {
    const std::vector<double> actual =
        ExactPolynomialTraces(matrix, PolynomialBasis::Power(), static_cast<int>(expected.size()));
    EXPECT_DOUBLE_EQ(actual[0], 49.0);
    for (std::size_t k = 1; k <= expected.size(); ++k) {
      EXPECT_NEAR(actual[k], expected[k - 1], 1e-10 * std::max(1.0, std::fabs(expected[k - 1])))
          << "tr(W^" << k << ") " << (matrix.IsExactlySymmetric() ? "(symmetric form)" : "(W)");
    }
  }
}

TEST(ExactPolynomialTracesTest, ScaledPowersScaleTheTraces) {
  const CsrMatrix matrix = ToCsrMatrix(testing::KNearestNeighbours(50, 4, 9));
  const std::vector<double> plain = ExactPolynomialTraces(matrix, PolynomialBasis::Power(), 8);
  const std::vector<double> scaled = ExactPolynomialTraces(matrix, PolynomialBasis::Power(0.5), 8);
  for (int k = 0; k <= 8; ++k) EXPECT_NEAR(scaled[k], std::pow(0.5, k) * plain[k], 1e-12) << k;
}

TEST(ExactPolynomialTracesTest, ChebyshevTracesMatchDenseRecurrence) {
  const SpatialWeights lattice = testing::Lattice(6, 7, true);
  const SpatialWeights neighbours = testing::KNearestNeighbours(60, 4, 21);
  const PolynomialBasis basis = PolynomialBasis::Chebyshev(-0.6, 1.0);
  const auto lattice_form = FindSymmetricForm(lattice);
  ASSERT_TRUE(lattice_form.has_value());
  const std::vector<std::pair<const SpatialWeights*, CsrMatrix>> cases = {
      {&lattice, lattice_form->matrix},
      {&lattice, ToCsrMatrix(lattice)},
      {&neighbours, ToCsrMatrix(neighbours)}};
  for (const auto& [w, matrix] : cases) {
    const std::vector<double> expected = DenseChebyshevTraces(*w, basis, 25);
    const std::vector<double> actual = ExactPolynomialTraces(matrix, basis, 25);
    for (int k = 0; k <= 25; ++k) {
      EXPECT_NEAR(actual[k], expected[k], 1e-10 * static_cast<double>(w->n())) << w->Source() << " T_" << k;
    }
  }
}

TEST(HutchinsonTracesTest, EstimatesAgreeWithExactTracesWithinTheirStandardErrors) {
  const SpatialWeights lattice = testing::Lattice(20, 20, false);
  const auto form = FindSymmetricForm(lattice);
  ASSERT_TRUE(form.has_value());
  const CsrMatrix neighbours = ToCsrMatrix(testing::KNearestNeighbours(300, 5, 4));
  for (const CsrMatrix* matrix : {&form->matrix, &neighbours}) {
    for (const PolynomialBasis& basis : {PolynomialBasis::Power(), PolynomialBasis::Chebyshev(-1.0, 1.0)}) {
      const std::vector<double> exact = ExactPolynomialTraces(*matrix, basis, 12);
      const StochasticTraces stochastic = HutchinsonPolynomialTraces(*matrix, basis, 12, 200, 99);
      const std::vector<double> mean = stochastic.Mean();
      const std::vector<double> error = stochastic.StandardError();
      // Rademacher probes have v'v = n exactly.
      EXPECT_DOUBLE_EQ(mean[0], static_cast<double>(matrix->n));
      for (int k = 1; k <= 12; ++k) {
        EXPECT_GT(error[k], 0.0) << k;
        EXPECT_LE(std::fabs(mean[k] - exact[k]), 5.0 * error[k] + 1e-9) << "k = " << k;
      }
    }
  }
}

TEST(HutchinsonTracesTest, TheSeedDeterminesTheProbes) {
  const CsrMatrix matrix = ToCsrMatrix(testing::KNearestNeighbours(80, 4, 1));
  const auto basis = PolynomialBasis::Power();
  const arma::mat first = HutchinsonPolynomialTraces(matrix, basis, 6, 10, 7).per_probe;
  const arma::mat again = HutchinsonPolynomialTraces(matrix, basis, 6, 10, 7).per_probe;
  const arma::mat other = HutchinsonPolynomialTraces(matrix, basis, 6, 10, 8).per_probe;
  EXPECT_TRUE(arma::approx_equal(first, again, "absdiff", 0.0));
  EXPECT_FALSE(arma::approx_equal(first, other, "absdiff", 1e-12));
}

TEST(PolynomialTracesTest, LowOrdersAreExactAndCarryNoStandardError) {
  const auto form = FindSymmetricForm(testing::RookLattice(15, 15));
  ASSERT_TRUE(form.has_value());
  const auto basis = PolynomialBasis::Power();
  const std::vector<double> exact = ExactPolynomialTraces(form->matrix, basis, 10);
  const PolynomialTraces hybrid = ComputePolynomialTraces(form->matrix, basis, 10, 4, 16, 5);
  ASSERT_TRUE(hybrid.IsStochastic());
  EXPECT_EQ(hybrid.Probes(), 16);
  for (int k = 0; k <= 4; ++k) EXPECT_DOUBLE_EQ(hybrid.traces[k], exact[k]) << k;
  arma::vec low_orders(11, arma::fill::zeros);
  low_orders.subvec(0, 4).fill(1.0);
  EXPECT_EQ(hybrid.StandardError(low_orders), 0.0);
  arma::vec high_order(11, arma::fill::zeros);
  high_order[10] = 1.0;
  EXPECT_GT(hybrid.StandardError(high_order), 0.0);
  EXPECT_DOUBLE_EQ(hybrid.Combine(high_order), hybrid.traces[10]);
  const PolynomialTraces all_exact = ComputePolynomialTraces(form->matrix, basis, 10, 10, 16, 5);
  EXPECT_FALSE(all_exact.IsStochastic());
  EXPECT_EQ(all_exact.traces, exact);
}

}  // namespace
}  // namespace hinterland::engine
