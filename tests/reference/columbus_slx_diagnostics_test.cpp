// Spatial diagnostics of the SLX regression on Columbus against R spdep 1.2-7 (R 4.2.2):
// data/columbus/slx_diagnostics.json, script generators/reference_columbus_slx_diagnostics.R:
// lm.morantest and lm.LMtests(test = "all") on lm(CRIME ~ INC + HOVAL + lag.INC + lag.HOVAL) with
// lag.x = lag.listw(lw, x), the regression of spatialreg's lmSLX. Both weight variants (columbus_gal,
// columbus_old) rebuilt from columbus_spatialreg.json's data and neighbours_1based, style "W".
// Tolerance: 1e-8 relative, as the OLS diagnostics (columbus_ols_test.cpp): all closed form.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "estimators/common/durbin_terms.hpp"
#include "estimators/common/model_data.hpp"
#include "estimators/ols/slx_model.hpp"
#include "estimators/ols/spatial_diagnostics.hpp"
#include "tests/reference/sac_impacts/columbus_fixture.hpp"

namespace hinterland::estimators {
namespace {

using nlohmann::json;

constexpr double kRelativeTolerance = 1e-8;

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
  for (const Coefficient& coefficient : result.coefficients) {
    const std::string r_name =
        coefficient.name.rfind("W:", 0) == 0 ? "lag." + coefficient.name.substr(2) : coefficient.name;
    EXPECT_REL_NEAR(coefficient.name, coefficient.estimate, coefficients.at(r_name).get<double>(),
                    kRelativeTolerance);
  }
}

TEST_P(ColumbusSlxDiagnostics, ResidualMoranTestMatchesLmMorantest) {
  const OlsFit fit = Fit();
  const json& expected = Expected().at("moran_residuals");
  ASSERT_FALSE(fit.result.diagnostics.empty());
  const Diagnostic& moran = fit.result.diagnostics[0];
  EXPECT_EQ(moran.name, "Moran's I (residuals)");
  EXPECT_EQ(moran.df, 0.0);
  EXPECT_REL_NEAR("z", moran.statistic, expected.at("z").get<double>(), kRelativeTolerance);
  EXPECT_REL_NEAR("p (greater)", moran.p_value, expected.at("p_value").get<double>(), kRelativeTolerance);

  // The moments themselves, from the same design [X, WX] the fit used.
  const json& variant = columbus::Variant(GetParam());
  const ModelData data{columbus::Frame(variant), columbus::Weights(variant), {}};
  const engine::ModelFrame design =
      AppendDurbinColumns(data.frame, BuildDurbinColumns(data.frame, data.weights, SpatialFitOptions{}));
  const MoranResult moments = MoranTestResiduals(fit, design, data.weights);
  EXPECT_REL_NEAR("I", moments.statistic, expected.at("I").get<double>(), kRelativeTolerance);
  EXPECT_REL_NEAR("E[I]", moments.expectation, expected.at("expectation").get<double>(), kRelativeTolerance);
  EXPECT_REL_NEAR("Var[I]", moments.variance, expected.at("variance").get<double>(), kRelativeTolerance);
}

TEST_P(ColumbusSlxDiagnostics, LagrangeMultiplierTestsMatchLmLMtests) {
  const FitResult result = Fit().result;
  ASSERT_EQ(result.diagnostics.size(), 6u);
  const std::vector<std::string> names = {"LMerr", "LMlag", "RLMerr", "RLMlag", "SARMA"};
  for (std::size_t t = 0; t < names.size(); ++t) {
    const Diagnostic& diagnostic = result.diagnostics[t + 1];
    const json& reference = Expected().at("lm_tests").at(names[t]);
    EXPECT_EQ(diagnostic.name, names[t]);
    EXPECT_EQ(diagnostic.df, reference.at("df").get<double>()) << names[t];
    EXPECT_REL_NEAR(names[t] + " statistic", diagnostic.statistic, reference.at("statistic").get<double>(),
                    kRelativeTolerance);
    EXPECT_REL_NEAR(names[t] + " p", diagnostic.p_value, reference.at("p_value").get<double>(),
                    kRelativeTolerance);
  }
}

INSTANTIATE_TEST_SUITE_P(Columbus,
                         ColumbusSlxDiagnostics,
                         ::testing::Values("columbus_gal", "columbus_old"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           return param_info.param;
                         });

}  // namespace
}  // namespace hinterland::estimators
