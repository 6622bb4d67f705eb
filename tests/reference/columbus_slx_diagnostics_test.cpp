// Spatial diagnostics of the SLX regression on Columbus against R spdep 1.2-7 (R 4.2.2):
// data/columbus/slx_diagnostics.json, script generators/reference_columbus_slx_diagnostics.R:
// lm.morantest and lm.LMtests(test = "all") on lm(CRIME ~ INC + HOVAL + lag.INC + lag.HOVAL) with
// lag.x = lag.listw(lw, x), the regression of spatialreg's lmSLX. Both weight variants (columbus_gal,
// columbus_old) rebuilt from columbus_spatialreg.json's data and neighbours_1based, style "W".
// Tolerance: 1e-8 relative, as the OLS diagnostics (columbus_ols_test.cpp): all closed form
// (kClosedFormTolerance in tests/support/tolerances.hpp, kClosedFormFit in check_spatial_fit.hpp).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "estimators/common/durbin_terms.hpp"
#include "estimators/common/model_data.hpp"
#include "estimators/ols/slx_model.hpp"
#include "estimators/ols/spatial_diagnostics.hpp"
#include "tests/support/check_spatial_fit.hpp"
#include "tests/support/columbus_reference.hpp"

namespace hinterland::estimators {
namespace {

using nlohmann::json;
using testing::kClosedFormTolerance;
using testing::SpatialFitReference;

SpatialFitReference LmSlx(const std::string& label) {
  return {.label = label, .source = "slx_diagnostics.json", .tolerances = testing::kClosedFormFit};
}

class ColumbusSlxDiagnostics : public ::testing::TestWithParam<std::string> {
 protected:
  const json& Expected() const {
    return testing::LoadReference("columbus/slx_diagnostics.json").at(GetParam());
  }
  OlsFit Fit() const {
    const json& variant = columbus::Variant(GetParam());
    const ModelData data{columbus::Frame(variant), columbus::Weights(variant), {}};
    return FitSlx(data, SpatialFitOptions{}, OlsOptions{});
  }
};

TEST_P(ColumbusSlxDiagnostics, RegressionIsTheOneRDiagnosed) {
  const FitResult result = Fit().result;
  const json& coefficients = Expected().at("coefficients");
  ASSERT_EQ(result.coefficients.size(), coefficients.size());
  SpatialFitReference reference = LmSlx(GetParam());
  reference.coefficients =
      columbus::CoefficientTable(Expected(), {.estimate = "coefficients", .std_error = ""});
  testing::CheckSpatialFit(result, reference);
}

TEST_P(ColumbusSlxDiagnostics, ResidualMoranTestMatchesLmMorantest) {
  const OlsFit fit = Fit();
  const json& expected = Expected().at("moran_residuals");
  ASSERT_FALSE(fit.result.diagnostics.empty());
  EXPECT_EQ(fit.result.diagnostics[0].name, "Moran's I (residuals)");
  SpatialFitReference reference = LmSlx(GetParam());
  reference.diagnostics = {{.name = "Moran's I (residuals)",
                            .statistic = expected.at("z").get<double>(),
                            .p_value = expected.at("p_value").get<double>(),
                            .df = 0.0}};
  testing::CheckSpatialFit(fit.result, reference);

  // The moments themselves, from the same design [X, WX] the fit used.
  const json& variant = columbus::Variant(GetParam());
  const ModelData data{columbus::Frame(variant), columbus::Weights(variant), {}};
  const engine::ModelFrame design = AppendDurbinColumns(
      data.frame, BuildDurbinColumns(data.frame, engine::WeightsOperator(data.weights), SpatialFitOptions{}));
  const MoranResult moments = MoranTestResiduals(fit, design, data.weights);
  EXPECT_REL_NEAR("I", moments.statistic, expected.at("I").get<double>(), kClosedFormTolerance);
  EXPECT_REL_NEAR("E[I]", moments.expectation, expected.at("expectation").get<double>(),
                  kClosedFormTolerance);
  EXPECT_REL_NEAR("Var[I]", moments.variance, expected.at("variance").get<double>(), kClosedFormTolerance);
}

TEST_P(ColumbusSlxDiagnostics, LagrangeMultiplierTestsMatchLmLMtests) {
  const FitResult result = Fit().result;
  ASSERT_EQ(result.diagnostics.size(), 6u);
  SpatialFitReference reference = LmSlx(GetParam());
  const std::vector<std::string> names = {"LMerr", "LMlag", "RLMerr", "RLMlag", "SARMA"};
  for (std::size_t t = 0; t < names.size(); ++t) {
    const json& test = Expected().at("lm_tests").at(names[t]);
    EXPECT_EQ(result.diagnostics[t + 1].name, names[t]);
    reference.diagnostics.push_back({.name = names[t],
                                     .statistic = test.at("statistic").get<double>(),
                                     .p_value = test.at("p_value").get<double>(),
                                     .df = test.at("df").get<double>()});
  }
  testing::CheckSpatialFit(result, reference);
}

INSTANTIATE_TEST_SUITE_P(Columbus,
                         ColumbusSlxDiagnostics,
                         ::testing::Values("columbus_gal", "columbus_old"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           return param_info.param;
                         });

}  // namespace
}  // namespace hinterland::estimators
