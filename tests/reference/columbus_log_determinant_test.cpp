// log|I - rho W| on Columbus against R spatialreg 1.2-6 (log_det.log_det_I_minus_rhoW at 9 rho values, from
// eigenvalues of the row-standardised W; tests/reference/data/columbus/columbus_spatialreg.json, script
// tests/reference/generators/reference_columbus.R), both neighbour variants (col.gal.nb and COL.nb).
// Tolerances: exact back-ends 1e-10 relative (absolute 1e-10 at rho = 0, where the value is 0);
// approximate back-ends (every trace exact at n = 49, so truncation only) 1e-4 relative and within 4 times
// their own error estimate. Named in tests/support/tolerances.hpp: kExactLogDetTolerance,
// kApproximateLogDetTolerance (both relative to max(|value|, kLogDetAbsoluteFloor = 1)),
// kLogDetErrorEstimateFactor and kRhoBoundsTolerance (1e-8 absolute, the interval against 1 / eigenvalue).
// Moved from tests/unit/engine/logdet/ (a reference test; it now runs in reference_tests).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <tuple>

#include "engine/logdet/log_determinant.hpp"
#include "tests/support/reference.hpp"
#include "tests/support/test_weights.hpp"
#include "tests/support/tolerances.hpp"

namespace hinterland::engine {
namespace {

class ColumbusLogDeterminantTest : public ::testing::TestWithParam<std::tuple<std::string, LogDetMethod>> {
 protected:
  const nlohmann::json& LogDet() const {
    return testing::LoadReference("columbus/columbus_spatialreg.json")
        .at(std::get<0>(GetParam()))
        .at("log_det");
  }
  std::unique_ptr<LogDeterminant> Create() const {
    const auto& reference =
        testing::LoadReference("columbus/columbus_spatialreg.json").at(std::get<0>(GetParam()));
    const SpatialWeights w = testing::FromNeighbourLists(
        reference.at("weights").at("neighbours_1based").get<std::vector<std::vector<int>>>(),
        std::get<0>(GetParam()));
    LogDetOptions options;
    options.method = std::get<1>(GetParam());
    return CreateLogDeterminant(w, options);
  }
};

TEST_P(ColumbusLogDeterminantTest, MatchesSpatialregTable) {
  const auto log_det = Create();
  const auto rhos = LogDet().at("rho").get<std::vector<double>>();
  const auto expected = LogDet().at("log_det_I_minus_rhoW").get<std::vector<double>>();
  ASSERT_EQ(rhos.size(), 9U);
  for (std::size_t r = 0; r < rhos.size(); ++r) {
    if (!log_det->Bounds().Contains(rhos[r])) {
      ADD_FAILURE() << "rho = " << rhos[r] << " outside " << log_det->Describe();
      continue;
    }
    const double actual = log_det->Evaluate(rhos[r]);
    const std::string what = "log|I - rho W| at rho = " + std::to_string(rhos[r]);
    const double tolerance =
        log_det->IsExact() ? testing::kExactLogDetTolerance : testing::kApproximateLogDetTolerance;
    EXPECT_TRUE(testing::RelativelyNear(what, actual, expected[r], tolerance, testing::kLogDetAbsoluteFloor));
    if (!log_det->IsExact()) {
      EXPECT_LE(std::fabs(actual - expected[r]),
                testing::kLogDetErrorEstimateFactor * log_det->ErrorEstimate(rhos[r]) + 1e-12)
          << "rho = " << rhos[r] << ": the error estimate understates the error";
    }
  }
}

TEST_P(ColumbusLogDeterminantTest, BoundsAreOneOverTheSpatialregEigenvalues) {
  const auto log_det = Create();
  EXPECT_NEAR(log_det->Bounds().upper, 1.0 / LogDet().at("eig_max").get<double>(),
              testing::kRhoBoundsTolerance);
  if (std::get<1>(GetParam()) != LogDetMethod::kMonteCarlo) {
    EXPECT_NEAR(log_det->Bounds().lower, 1.0 / LogDet().at("eig_min").get<double>(),
                testing::kRhoBoundsTolerance);
  }
}

INSTANTIATE_TEST_SUITE_P(Columbus,
                         ColumbusLogDeterminantTest,
                         ::testing::Combine(::testing::Values("columbus_gal", "columbus_old"),
                                            ::testing::Values(LogDetMethod::kEigen,
                                                              LogDetMethod::kCholesky,
                                                              LogDetMethod::kLu,
                                                              LogDetMethod::kChebyshev,
                                                              LogDetMethod::kMonteCarlo)),
                         [](const auto& param_info) {
                           return std::get<0>(param_info.param) + "_" +
                                  ToString(std::get<1>(param_info.param));
                         });

}  // namespace
}  // namespace hinterland::engine
