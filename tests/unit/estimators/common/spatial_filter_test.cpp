// SpatialFilter's stochastic traces (probes above exact_max_n) against its exact ones (dense inverse, the
// small-n oracle) on the same W: each of the four traces must lie within 4 of its own reported standard
// errors of the exact value (a 4-sigma miss has probability ~6e-5 per check, so a fixed seed fails only if
// the estimator or its standard error is wrong), for W similar to symmetric (row-standardised rook lattice)
// and general W (k nearest neighbours), rho of either sign. Also: the stopping rule stops the probes at the
// first block where it is met, and the method string records the probes and standard errors.
#include "estimators/common/spatial_filter.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "tests/support/test_weights.hpp"

namespace hinterland::estimators {
namespace {

FilterTraceOptions Stochastic(int probes) {
  FilterTraceOptions options;
  options.exact_max_n = 0;
  options.probes = probes;
  return options;
}

void ExpectWithinStandardErrors(const engine::SpatialWeights& w, double rho) {
  const FilterTraces exact = SpatialFilter(w, rho, FilterTraceOptions{}).Traces();
  const FilterTraces estimated = SpatialFilter(w, rho, Stochastic(64)).Traces();
  ASSERT_EQ(estimated.Probes(), 64);
  const arma::vec se = estimated.StandardErrors();
  const double exact_values[4] = {exact.trace_wa, exact.trace_wa_t_wa, exact.trace_wa_wa, exact.trace_t_a};
  const double estimates[4] = {estimated.trace_wa, estimated.trace_wa_t_wa, estimated.trace_wa_wa,
                               estimated.trace_t_a};
  for (int t = 0; t < 4; ++t) {
    EXPECT_GT(se[t], 0.0) << "trace " << t;
    EXPECT_LT(std::fabs(estimates[t] - exact_values[t]), 4.0 * se[t])
        << "trace " << t << " at rho " << rho << ": " << estimates[t] << " vs exact " << exact_values[t];
  }
  EXPECT_DOUBLE_EQ(estimated.trace_t, exact.trace_t);
  // The diagonal estimate is unbiased with the exact first-order term: its mean matches tr(W_A)'s estimate.
  EXPECT_NEAR(arma::accu(estimated.diagonal_wa), estimated.trace_wa, 1e-8 * std::fabs(exact.trace_wa) + 1e-8);
}

TEST(SpatialFilterTracesTest, StochasticTracesAgreeWithExactOnesOnALattice) {
  const engine::SpatialWeights w = testing::RookLattice(25, 24);
  for (const double rho : {-0.7, 0.4, 0.9}) ExpectWithinStandardErrors(w, rho);
}

TEST(SpatialFilterTracesTest, StochasticTracesAgreeWithExactOnesOnNearestNeighbours) {
  const engine::SpatialWeights w = testing::KNearestNeighbours(500, 6, 21);
  for (const double rho : {-0.5, 0.6}) ExpectWithinStandardErrors(w, rho);
}

// The first-order term is exact, so at small rho (W_A close to W) the probes' spread is far below that of
// plain Hutchinson on W_A, whose per-probe variance is at least 2 sum_{i != j} w_ij^2 for tr(W_A).
TEST(SpatialFilterTracesTest, TheExactFirstOrderTermRemovesMostOfTheVariance) {
  const engine::SpatialWeights w = testing::RookLattice(30, 30);
  const FilterTraces estimated = SpatialFilter(w, 0.2, Stochastic(16)).Traces();
  double plain_variance = 0.0;
  for (const double value : w.Values()) plain_variance += 2.0 * value * value;
  const double spread = estimated.StandardErrors()[0] * std::sqrt(16.0);
  EXPECT_LT(spread * spread, 0.05 * plain_variance);
}

TEST(SpatialFilterTracesTest, ProbesStopAtTheFirstBlockThatMeetsTheRule) {
  const engine::SpatialWeights w = testing::RookLattice(20, 20);
  FilterTraceOptions options = Stochastic(40);
  options.probe_block = 8;
  options.target_relative_error = 0.5;
  const SpatialFilter filter(w, 0.5, options);
  int calls = 0;
  const FilterTraces traces = filter.Traces([&](const FilterTraces& current) {
    ++calls;
    return 8.0 / current.Probes();  // meets 0.5 at 16 probes
  });
  EXPECT_EQ(traces.Probes(), 16);
  EXPECT_EQ(calls, 2);
  EXPECT_DOUBLE_EQ(traces.stopping_value, 0.5);
  EXPECT_NE(traces.method.find("16 Rademacher probes"), std::string::npos) << traces.method;
  EXPECT_NE(traces.method.find("tr(W_A'W_A) = "), std::string::npos) << traces.method;
  EXPECT_NE(traces.method.find("(SE "), std::string::npos) << traces.method;
  // Never met: all 40, the last block short.
  EXPECT_EQ(filter.Traces([](const FilterTraces&) { return 1.0; }).Probes(), 40);
  // Without a rule: exactly `probes`.
  EXPECT_EQ(filter.Traces().Probes(), 40);
}

TEST(SpatialFilterTracesTest, TheSameSeedGivesTheSameTracesWhateverTheSolver) {
  const engine::SpatialWeights w = testing::RookLattice(15, 16);
  FilterTraceOptions iterative = Stochastic(12);
  iterative.solver = engine::ShiftedSolverKind::kIterative;
  FilterTraceOptions direct = Stochastic(12);
  direct.solver = engine::ShiftedSolverKind::kCholesky;
  const FilterTraces a = SpatialFilter(w, 0.6, iterative).Traces();
  const FilterTraces b = SpatialFilter(w, 0.6, direct).Traces();
  EXPECT_LT(arma::abs(a.per_probe - b.per_probe).max(), 1e-7 * arma::abs(b.per_probe).max());
}

}  // namespace
}  // namespace hinterland::estimators
