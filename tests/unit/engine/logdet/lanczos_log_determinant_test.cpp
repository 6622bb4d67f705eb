// The lanczos back-end (stochastic Lanczos quadrature with a Chebyshev control variate; Ubaru, Chen & Saad
// 2017) against the eigen back-end (every eigenvalue by LAPACK: exact to rounding) on small lattices: a
// row-standardised rook lattice (W similar to symmetric), binary rook and queen lattices (W symmetric). Two
// regimes: the defaults at n <= 1000, where the control variate has exact traces to order 30 and only the
// Gauss rule's truncation is left; and exact_traces_max_n = 0, which forces the large-n regime (exact traces
// to order 8, the rest from 64 probes). Tolerances (relative to |log|I - rho W||) follow the error sources
// and were set about 2x above the largest error measured on these lattices (seed 20240601):
//   value        |rho| <= 0.5 of a bound  0.9 of a bound  0.99 of a bound
//   order 30     1e-10 (seen 1e-13)       1e-7 (1e-8)     2e-4 (5e-5: 30 Gauss nodes vs the log singularity)
//   order 8      1e-5  (seen 7e-7)        1e-3 (3e-4)     5e-3 (3e-3: probe noise)
// The derivative weights the spectrum's end by 1/(1 - rho lambda), up to 100 at 0.99 of a bound, so its
// tolerances are looser (below). Also: the derivative is that of Evaluate (central difference, 1e-6), seeds,
// block sizes, the error estimate's coverage, breakdown on tiny graphs, and errors in domain words.
#include "engine/logdet/lanczos_log_determinant.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/logdet/log_determinant.hpp"
#include "tests/support/expect_throw_mentioning.hpp"
#include "tests/support/test_weights.hpp"

namespace hinterland::engine {
namespace {

constexpr double kFractions[] = {-0.99, -0.9, -0.5, -0.1, 0.1, 0.5, 0.9, 0.99};

std::unique_ptr<LogDeterminant> Create(const SpatialWeights& w, LogDetOptions options = {}) {
  options.method = LogDetMethod::kLanczos;
  return CreateLogDeterminant(w, options);
}

std::unique_ptr<LogDeterminant> Eigen(const SpatialWeights& w) {
  LogDetOptions options;
  options.method = LogDetMethod::kEigen;
  return CreateLogDeterminant(w, options);
}

LogDetOptions StochasticRegime() {
  LogDetOptions options;
  options.exact_traces_max_n = 0;  // exact traces to exact_trace_order (8) only, as above n = 1000
  return options;
}

double RhoAt(const RhoBounds& bounds, double fraction) {
  return fraction < 0 ? -fraction * bounds.lower : fraction * bounds.upper;
}

// Tolerances by regime and distance to the bound (see the header comment).
double ValueTolerance(bool stochastic, double fraction) {
  const double size = std::fabs(fraction);
  if (stochastic) return size <= 0.5 ? 1e-5 : size <= 0.9 ? 1e-3 : 5e-3;
  return size <= 0.5 ? 1e-10 : size <= 0.9 ? 1e-7 : 2e-4;
}
// Measured largest relative derivative errors: order 30 1e-14 / 2e-7 / 3e-3; order 8 3e-6 / 2e-3 / 3e-2.
double DerivativeTolerance(bool stochastic, double fraction) {
  const double size = std::fabs(fraction);
  if (stochastic) return size <= 0.5 ? 1e-4 : size <= 0.9 ? 5e-3 : 0.1;
  return size <= 0.5 ? 1e-10 : size <= 0.9 ? 1e-6 : 1e-2;
}

const std::vector<SpatialWeights>& SmallLattices() {
  static const std::vector<SpatialWeights> lattices = {
      testing::RookLattice(20, 20),                            // similar to symmetric, lambda in [-1, 1]
      testing::Lattice(20, 20, false, WeightsStyle::kBinary),  // symmetric, lambda in [-3.96, 3.96]
      testing::Lattice(15, 16, true, WeightsStyle::kBinary),   // symmetric, lambda in [-3.86, 7.78]
  };
  return lattices;
}

TEST(LanczosLogDeterminantTest, ValuesAndDerivativesMatchEigenInBothRegimes) {
  for (const SpatialWeights& w : SmallLattices()) {
    const auto eigen = Eigen(w);
    for (const bool stochastic : {false, true}) {
      const auto lanczos = Create(w, stochastic ? StochasticRegime() : LogDetOptions{});
      EXPECT_NEAR(lanczos->Bounds().lower, eigen->Bounds().lower, 1e-12 * std::fabs(eigen->Bounds().lower));
      EXPECT_NEAR(lanczos->Bounds().upper, eigen->Bounds().upper, 1e-12 * eigen->Bounds().upper);
      for (const double fraction : kFractions) {
        const double rho = RhoAt(lanczos->Bounds(), fraction);
        const double expected = eigen->Evaluate(rho);
        EXPECT_NEAR(lanczos->Evaluate(rho), expected,
                    ValueTolerance(stochastic, fraction) * std::fabs(expected))
            << lanczos->Describe() << " at rho = " << rho;
        const double slope = eigen->Derivative(rho);
        EXPECT_NEAR(lanczos->Derivative(rho), slope,
                    DerivativeTolerance(stochastic, fraction) * std::fabs(slope))
            << lanczos->Describe() << " derivative at rho = " << rho;
      }
    }
  }
}

// The derivative is the exact derivative of the approximation, so it matches a central difference of
// Evaluate to the difference's own error (h = 1e-5 of the bound: O(h^2) terms, largest near the bound where
// they were 2e-7 relative), far below the approximation's error at order 8 (up to 3e-2 near the bounds).
TEST(LanczosLogDeterminantTest, DerivativeIsTheSlopeOfEvaluate) {
  const SpatialWeights w = testing::RookLattice(20, 20);
  const auto lanczos = Create(w, StochasticRegime());
  for (const double fraction : kFractions) {
    const double rho = RhoAt(lanczos->Bounds(), fraction);
    const double h = 1e-5 * lanczos->Bounds().upper;
    const double slope = (lanczos->Evaluate(rho + h) - lanczos->Evaluate(rho - h)) / (2.0 * h);
    EXPECT_NEAR(lanczos->Derivative(rho), slope, 1e-6 * std::fabs(slope)) << "rho = " << rho;
  }
}

TEST(LanczosLogDeterminantTest, SameSeedSameValueOtherSeedOtherValue) {
  const SpatialWeights w = testing::RookLattice(20, 20);
  LogDetOptions options = StochasticRegime();
  const double first = Create(w, options)->Evaluate(0.9);
  EXPECT_EQ(Create(w, options)->Evaluate(0.9), first);
  options.seed += 1;
  const double other = Create(w, options)->Evaluate(0.9);
  // The probe noise at rho = 0.9 is ~1e-4 relative; different probes move the value by far more than
  // rounding.
  EXPECT_GT(std::fabs(other - first), 1e-8 * std::fabs(first));
}

// Each probe has its own recurrence: blocking changes only how the products are batched, not the values
// (block 16 and 8 use the fixed-width products, 5 the general one, 1 a single vector).
TEST(LanczosLogDeterminantTest, BlockSizeDoesNotChangeTheValue) {
  const SpatialWeights w = testing::Lattice(15, 16, true, WeightsStyle::kBinary);
  LogDetOptions options = StochasticRegime();
  options.lanczos_probes = 20;
  options.lanczos_block_size = 1;
  const auto reference = Create(w, options);
  for (const int block : {5, 8, 16, 64}) {
    options.lanczos_block_size = block;
    const auto blocked = Create(w, options);
    for (const double fraction : {-0.9, 0.5, 0.95}) {
      const double rho = RhoAt(reference->Bounds(), fraction);
      EXPECT_NEAR(blocked->Evaluate(rho), reference->Evaluate(rho),
                  1e-12 * std::fabs(reference->Evaluate(rho)))
          << "block " << block << " at rho = " << rho;
    }
  }
}

// Over 5 seeds x 10 rho the standard error (plus the m - 1 vs m truncation estimate) should cover the error
// at 2 estimates in most cases (a normal error exceeds 2 standard errors 5% of the time) and at 5 in all;
// and it must not be vacuous: per rho, the mean estimate stays within 5 times the RMS error over seeds.
TEST(LanczosLogDeterminantTest, ErrorEstimateCoversTheObservedError) {
  const SpatialWeights w = testing::RookLattice(30, 30);
  const auto eigen = Eigen(w);
  std::vector<std::unique_ptr<LogDeterminant>> runs;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    LogDetOptions options = StochasticRegime();
    options.seed = seed;
    runs.push_back(Create(w, options));
  }
  int covered = 0;
  int cases = 0;
  for (const double fraction : {-0.95, -0.9, -0.7, -0.5, -0.3, 0.3, 0.5, 0.7, 0.9, 0.95}) {
    const double rho = RhoAt(eigen->Bounds(), fraction);
    const double expected = eigen->Evaluate(rho);
    double squared_errors = 0.0;
    double estimates = 0.0;
    for (const auto& run : runs) {
      const double error = std::fabs(run->Evaluate(rho) - expected);
      const double estimate = run->ErrorEstimate(rho);
      EXPECT_LE(error, 5.0 * estimate) << "seed run at rho = " << rho;
      covered += error <= 2.0 * estimate ? 1 : 0;
      cases += 1;
      squared_errors += error * error;
      estimates += estimate;
    }
    const double rms_error = std::sqrt(squared_errors / static_cast<double>(runs.size()));
    EXPECT_LE(estimates / static_cast<double>(runs.size()), 5.0 * rms_error) << "vacuous at rho = " << rho;
  }
  EXPECT_GE(covered, (cases * 8) / 10) << covered << " of " << cases << " covered at 2 estimates";
}

// On a 3 x 3 lattice every probe's Krylov space is invariant after at most 9 steps (fewer: the lattice's
// symmetry repeats eigenvalues of S), so the probes stop early with exact Gauss rules. What is left is the
// probe noise of log(1 - rho x) minus its order-30 interpolant, below 1e-8 relative for |rho| <= 0.9 of a
// bound but 1e-3 at 0.99, where the interpolant misses the singularity near the eigenvalues +-1 (left out
// here).
TEST(LanczosLogDeterminantTest, EarlyBreakdownOnATinyGraphIsExact) {
  const SpatialWeights w = testing::RookLattice(3, 3);
  const auto lanczos = Create(w);
  const auto eigen = Eigen(w);
  EXPECT_NE(lanczos->Describe().find("ended early"), std::string::npos) << lanczos->Describe();
  for (const double fraction : {-0.9, -0.5, -0.1, 0.1, 0.5, 0.9}) {
    const double rho = RhoAt(eigen->Bounds(), fraction);
    EXPECT_NEAR(lanczos->Evaluate(rho), eigen->Evaluate(rho), 1e-8 * std::fabs(eigen->Evaluate(rho)))
        << "rho = " << rho;
  }
}

TEST(LanczosLogDeterminantTest, WeightsWithoutLinksGiveZero) {
  const SpatialWeights w({"a", "b", "c"}, {0, 0, 0, 0}, {}, {}, WeightsStyle::kBinary);
  const auto lanczos = Create(w);
  EXPECT_NEAR(lanczos->Bounds().upper, 1.0, 1e-15);  // the control variate lives on [-1, 1], as chebyshev's
  EXPECT_NEAR(lanczos->Evaluate(0.7), 0.0, 1e-12);
  EXPECT_NEAR(lanczos->Derivative(-0.7), 0.0, 1e-12);
}

TEST(LanczosLogDeterminantTest, DescribeNamesTheSettings) {
  const LogDetOptions options = StochasticRegime();
  const auto lanczos = Create(testing::RookLattice(20, 20), options);
  const std::string expected = "lanczos: stochastic Lanczos quadrature (Ubaru, Chen & Saad 2017), " +
                               std::to_string(options.lanczos_steps) + " steps, " +
                               std::to_string(options.lanczos_probes) + " Rademacher probes in blocks of " +
                               std::to_string(options.lanczos_block_size) + ", exact traces to order " +
                               std::to_string(options.exact_trace_order);
  EXPECT_EQ(lanczos->Describe().rfind(expected, 0), 0U) << lanczos->Describe();
  EXPECT_FALSE(lanczos->IsExact());
  EXPECT_EQ(lanczos->MethodUsed(), LogDetMethod::kLanczos);
  EXPECT_EQ(ParseLogDetMethod("lanczos"), LogDetMethod::kLanczos);
}

TEST(LanczosLogDeterminantTest, AsymmetricWeightsAreAnOptionErrorSuggestingMc) {
  const SpatialWeights w = testing::KNearestNeighbours(60, 4, 1);
  EXPECT_THROW_MENTIONING(
      OptionError, Create(w),
      {"`logdet` lanczos", "symmetric or similar to symmetric", "<knn points>", "`logdet` mc"});
}

TEST(LanczosLogDeterminantTest, OptionsOutOfRangeAreOptionErrorsNamingTheOption) {
  const SpatialWeights w = testing::RookLattice(5, 5);
  LogDetOptions options;
  options.lanczos_steps = 1;
  EXPECT_THROW_MENTIONING(OptionError, Create(w, options), {"`lanczos_steps` 1", "between 2 and"});
  options = {};
  options.lanczos_steps = 1001;
  EXPECT_THROW_MENTIONING(OptionError, Create(w, options), {"`lanczos_steps` 1001"});
  options = {};
  options.lanczos_probes = 1;
  EXPECT_THROW_MENTIONING(OptionError, Create(w, options), {"`lanczos_probes` 1"});
  options = {};
  options.lanczos_block_size = 0;
  EXPECT_THROW_MENTIONING(OptionError, Create(w, options), {"`lanczos_block_size` 0"});
}

TEST(LanczosLogDeterminantTest, OutsideTheBoundsIsANumericalError) {
  const auto lanczos = Create(testing::RookLattice(6, 7));
  EXPECT_THROW_MENTIONING(NumericalError, lanczos->Evaluate(1.0), {"lanczos", "rho = 1", "is outside"});
  EXPECT_THROW_MENTIONING(NumericalError, lanczos->ErrorEstimate(-1.5), {"is outside"});
}

}  // namespace
}  // namespace hinterland::engine
