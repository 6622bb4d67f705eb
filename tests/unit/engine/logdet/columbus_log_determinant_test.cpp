// log|I - rho W| on Columbus against R spatialreg 1.2-6 (log_det.log_det_I_minus_rhoW at 9 rho values, from
// eigenvalues of the row-standardised W; tests/reference/data/columbus/columbus_spatialreg.json, script
// tests/reference/generators/reference_columbus.R), both neighbour variants (col.gal.nb and COL.nb).
// Tolerances: exact back-ends 1e-10 relative (absolute 1e-10 at rho = 0, where the value is 0);
// approximate back-ends (every trace exact at n = 49, so truncation only) 1e-4 relative and within 4 times
// their own error estimate.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <tuple>

#include "engine/logdet/log_determinant.hpp"
#include "tests/support/reference.hpp"
#include "tests/unit/engine/linalg/test_weights.hpp"

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
    const double scale = std::max(std::fabs(expected[r]), 1.0);
    if (log_det->IsExact()) {
      EXPECT_NEAR(actual, expected[r], 1e-10 * scale) << "rho = " << rhos[r];
    } else {
      EXPECT_NEAR(actual, expected[r], 1e-4 * scale) << "rho = " << rhos[r];
      EXPECT_LE(std::fabs(actual - expected[r]), 4.0 * log_det->ErrorEstimate(rhos[r]) + 1e-12)
          << "rho = " << rhos[r] << ": the error estimate understates the error";
    }
  }
}

TEST_P(ColumbusLogDeterminantTest, BoundsAreOneOverTheSpatialregEigenvalues) {
  const auto log_det = Create();
  EXPECT_NEAR(log_det->Bounds().upper, 1.0 / LogDet().at("eig_max").get<double>(), 1e-8);
  if (std::get<1>(GetParam()) != LogDetMethod::kMonteCarlo) {
    EXPECT_NEAR(log_det->Bounds().lower, 1.0 / LogDet().at("eig_min").get<double>(), 1e-8);
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
