// The auto policy above the exact range (ChooseLogDetMethod: approximate back-end, probes, exact trace order,
// the rho interval from the row sums) and --rho-interval (LogDetOptions::rho_interval): checked against
// the eigenvalues where they are computed, refused outside the interval where log|I - rho W| is defined,
// and reported by Describe(). The large W here are cheap to build (a lattice and a directed ring); only
// ChooseLogDetMethod, not a back-end, runs on them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/logdet/log_determinant.hpp"
#include "tests/support/test_weights.hpp"

namespace hinterland::engine {
namespace {

// Row-standardised directed ring: unit i links to i + 1 and i + 2 (mod n). Not similar to symmetric.
SpatialWeights DirectedRing(std::int64_t n) {
  std::vector<std::string> ids(n);
  std::vector<std::int64_t> offsets(n + 1, 0);
  std::vector<std::int32_t> neighbours;
  for (std::int64_t i = 0; i < n; ++i) {
    ids[i] = std::to_string(i + 1);
    std::vector<std::int32_t> row = {static_cast<std::int32_t>((i + 1) % n),
                                     static_cast<std::int32_t>((i + 2) % n)};
    std::sort(row.begin(), row.end());
    neighbours.insert(neighbours.end(), row.begin(), row.end());
    offsets[i + 1] = static_cast<std::int64_t>(neighbours.size());
  }
  std::vector<double> values(neighbours.size(), 0.5);
  return SpatialWeights(std::move(ids), std::move(offsets), std::move(neighbours), std::move(values),
                        WeightsStyle::kRowStandardised, "<directed ring>");
}

TEST(AutoPolicyTest, LargeWSimilarToSymmetricGetsChebyshevWithFewerProbesAndTheRowSumInterval) {
  const SpatialWeights w = testing::RookLattice(600, 600);  // n = 360,000
  const AutoLogDetChoice choice = ChooseLogDetMethod(w, true, LogDetOptions{});
  EXPECT_EQ(choice.method, LogDetMethod::kChebyshev);
  EXPECT_EQ(choice.options.mc_probes, 18);  // ceil(6.4e6 / 360000)
  EXPECT_EQ(choice.options.exact_trace_order, LogDetOptions{}.exact_trace_order);
  EXPECT_TRUE(choice.bound_smallest_by_row_sum);
  EXPECT_NE(choice.reason.find("n = 360000"), std::string::npos) << choice.reason;
  EXPECT_NE(choice.reason.find("18 probes"), std::string::npos) << choice.reason;
}

// An unbalanced panel's W_t are each factorised at every rho: auto weighs the exact back-ends by their
// units together (auto_workload), so eight W_t of 40,000 units go approximate where one stays exact, while
// the probes still follow each W_t's own n.
TEST(AutoPolicyTest, TheWorkloadOfSeveralWeighsAgainstTheExactBackEnds) {
  const SpatialWeights w = testing::RookLattice(200, 200);  // n = 40,000
  EXPECT_EQ(ChooseLogDetMethod(w, true, LogDetOptions{}).method, LogDetMethod::kCholesky);
  LogDetOptions eight;
  eight.auto_workload = 8 * 40000;
  const AutoLogDetChoice choice = ChooseLogDetMethod(w, true, eight);
  EXPECT_EQ(choice.method, LogDetMethod::kChebyshev);
  EXPECT_EQ(choice.options.mc_probes, 64);  // ceil(6.4e6 / 40000) = 160 for this W_t, capped at the 64 given
  EXPECT_NE(choice.reason.find("320000 units over every W_t"), std::string::npos) << choice.reason;
  LogDetOptions four;
  four.auto_workload = 4 * 40000;
  EXPECT_EQ(ChooseLogDetMethod(w, true, four).method, LogDetMethod::kCholesky);
}

TEST(AutoPolicyTest, LargeGeneralWGetsMcWithLowExactOrderAndSmallWStaysExact) {
  const AutoLogDetChoice large = ChooseLogDetMethod(DirectedRing(2000000), false, LogDetOptions{});
  EXPECT_EQ(large.method, LogDetMethod::kMonteCarlo);
  EXPECT_EQ(large.options.mc_probes, 16);
  EXPECT_EQ(large.options.exact_trace_order, 2);
  EXPECT_TRUE(large.bound_smallest_by_row_sum);
  EXPECT_NE(large.reason.find("not similar to symmetric"), std::string::npos) << large.reason;
  const AutoLogDetChoice small = ChooseLogDetMethod(DirectedRing(5000), false, LogDetOptions{});
  EXPECT_EQ(small.method, LogDetMethod::kLu);
  EXPECT_EQ(small.options.mc_probes, LogDetOptions{}.mc_probes);
  EXPECT_FALSE(small.bound_smallest_by_row_sum);
  // Fewer probes than auto's floor are kept when given.
  LogDetOptions few;
  few.mc_probes = 8;
  EXPECT_EQ(ChooseLogDetMethod(DirectedRing(2000000), false, few).options.mc_probes, 8);
}

TEST(RhoIntervalTest, InsideTheRowSumBoundNeedsNoEigenvaluesAndIsReported) {
  const SpatialWeights w = testing::KNearestNeighbours(700, 5, 2);  // general W, lambda_min > -1
  LogDetOptions options;
  options.method = LogDetMethod::kLu;
  options.rho_interval = RhoBounds{-0.9, 0.95};
  const auto log_det = CreateLogDeterminant(w, options);
  EXPECT_EQ(log_det->Bounds().lower, -0.9);
  EXPECT_EQ(log_det->Bounds().upper, 0.95);
  EXPECT_NE(log_det->Describe().find("given by `rho_interval`"), std::string::npos) << log_det->Describe();
  EXPECT_NE(log_det->Describe().find("from the row sums alone"), std::string::npos) << log_det->Describe();
  EXPECT_NE(log_det->Eigenvalues().method.find("a bound"), std::string::npos)
      << log_det->Eigenvalues().method;
  EXPECT_THROW(log_det->Evaluate(-0.95), NumericalError);
  EXPECT_NO_THROW(log_det->Evaluate(0.9));
}

TEST(RhoIntervalTest, BeyondTheRowSumBoundIsCheckedAgainstTheEigenvalues) {
  // Rook lattice: bipartite, lambda in [-1, 1]: (-1.2, 0.5) reaches below 1/lambda_min = -1.
  const SpatialWeights lattice = testing::RookLattice(30, 30);
  LogDetOptions options;
  options.method = LogDetMethod::kCholesky;
  options.rho_interval = RhoBounds{-1.2, 0.5};
  try {
    CreateLogDeterminant(lattice, options);
    ADD_FAILURE() << "an interval reaching below 1/lambda_min was accepted";
  } catch (const OptionError& error) {
    EXPECT_NE(std::string(error.what()).find("`rho_interval`"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("lambda_min"), std::string::npos) << error.what();
  }
  // kNN: lambda_min > -1, so part of (-1.3, -1) is admissible and is accepted once the eigenvalues show it.
  const SpatialWeights knn = testing::KNearestNeighbours(600, 5, 4);
  LogDetOptions wide;
  wide.method = LogDetMethod::kLu;
  const double lower = 0.5 * (-1.0 + 1.0 / CreateLogDeterminant(knn, wide)->Eigenvalues().lambda_min);
  wide.rho_interval = RhoBounds{lower, 0.9};
  const auto log_det = CreateLogDeterminant(knn, wide);
  EXPECT_EQ(log_det->Bounds().lower, lower);
  EXPECT_EQ(log_det->Describe().find("from the row sums alone"), std::string::npos) << log_det->Describe();
}

TEST(RhoIntervalTest, McRefusesAnIntervalBeyondItsSeriesAndBadIntervalsAreRefused) {
  const SpatialWeights w = testing::KNearestNeighbours(600, 5, 4);
  LogDetOptions options;
  options.method = LogDetMethod::kMonteCarlo;
  options.rho_interval = RhoBounds{-1.05, 0.5};  // below -1/r = -1, where the power series diverges
  EXPECT_THROW(CreateLogDeterminant(w, options), OptionError);
  options.rho_interval = RhoBounds{0.5, 0.5};
  EXPECT_THROW(CreateLogDeterminant(w, options), OptionError);
  options.rho_interval = RhoBounds{-0.5, std::nan("")};
  EXPECT_THROW(CreateLogDeterminant(w, options), OptionError);
}

}  // namespace
}  // namespace hinterland::engine
