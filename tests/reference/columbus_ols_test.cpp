// Columbus OLS, spatial diagnostics and HC covariances against R.
// Sources: data/columbus/columbus_spatialreg.json (R 4.2.2, spatialreg 1.2-6, spdep 1.2-7; script
// generators/reference_columbus.R: lm, lm.morantest, lm.LMtests(test = "all"), moran.test) and
// data/columbus/columbus_hc.json (R 4.2.2, sandwich 3.0-2; script generators/reference_columbus_hc.R:
// vcovHC HC0-HC3, hatvalues, Belsley condition number, lm without intercept). Both weight variants
// (columbus_gal, columbus_old) are rebuilt here from the JSON's own data and neighbours_1based,
// row-standardised (tests/support/columbus_reference.hpp). Tolerance: 1e-8 relative for every statistic
// (kClosedFormTolerance, tests/support/tolerances.hpp); all are closed-form, so only rounding differs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/formula/model_frame.hpp"
#include "estimators/ols/ols_model.hpp"
#include "estimators/ols/spatial_diagnostics.hpp"
#include "tests/support/check_spatial_fit.hpp"
#include "tests/support/columbus_reference.hpp"
#include "tests/support/reference.hpp"

namespace hinterland::estimators {
namespace {

using nlohmann::json;
using testing::CheckSpatialFit;
using testing::kClosedFormFit;
using testing::kClosedFormTolerance;
using testing::SpatialFitReference;

const std::vector<std::string> kNames = {"(Intercept)", "INC", "HOVAL"};
const columbus::CoefficientKeys kLmTable = {
    .estimate = "coefficients", .std_error = "std_errors", .statistic = "t_values", .p_value = "p_values"};
const columbus::CoefficientKeys kSandwichTable = {
    .estimate = "", .std_error = "std_errors", .statistic = "t_values", .p_value = "p_values"};

double Statistic(const FitResult& result, const std::string& name) {
  for (const FitStatistic& statistic : result.statistics) {
    if (statistic.name == name) return statistic.value;
  }
  ADD_FAILURE() << "no statistic " << name;
  return 0.0;
}

// lm's coefficient table (names in order, t, p, vcov) from `block`, read with `keys`.
SpatialFitReference CoefficientTable(const std::string& label,
                                     const json& block,
                                     const columbus::CoefficientKeys& keys,
                                     const std::vector<std::string>& names) {
  return {.label = label,
          .source = "columbus_spatialreg.json / columbus_hc.json",
          .tolerances = kClosedFormFit,
          .coefficient_names = names,
          .coefficients = columbus::CoefficientTable(block, keys),
          .vcov = columbus::VcovEntries(block.at("vcov"))};
}

// summary.lm's and logLik's scalars; "sigma2" only where the block states sigma2_unbiased.
SpatialFitReference FitStatistics(const std::string& label, const json& block) {
  const json& f = block.at("fstatistic");
  SpatialFitReference reference{.label = label, .source = "columbus lm", .tolerances = kClosedFormFit};
  reference.log_likelihood = block.at("logLik").get<double>();
  reference.aic = block.at("AIC").get<double>();
  reference.bic = block.at("BIC").get<double>();
  reference.statistics = {{"r_squared", block.at("r_squared").get<double>()},
                          {"adj_r_squared", block.at("adj_r_squared").get<double>()},
                          {"f_statistic", f.at("value").get<double>()}};
  reference.exact_statistics = {{"f_df1", f.at("numdf").get<double>()}};
  return reference;
}

// lm.morantest / moran.test's I, E[I], Var[I], z and p ("greater"), each to kClosedFormTolerance.
void CheckMoran(const MoranResult& moran, const json& expected) {
  EXPECT_REL_NEAR("I", moran.statistic, expected.at("I").get<double>(), kClosedFormTolerance);
  EXPECT_REL_NEAR("E[I]", moran.expectation, expected.at("expectation").get<double>(), kClosedFormTolerance);
  EXPECT_REL_NEAR("Var[I]", moran.variance, expected.at("variance").get<double>(), kClosedFormTolerance);
  EXPECT_REL_NEAR("z", moran.z, expected.at("z").get<double>(), kClosedFormTolerance);
  EXPECT_REL_NEAR("p (greater)", moran.p_value, expected.at("p_value").get<double>(), kClosedFormTolerance);
}

class ColumbusOlsAgainstR : public ::testing::TestWithParam<std::string> {
 protected:
  const json& Variant() const { return columbus::Variant(GetParam()); }
  const json& HcVariant() const { return testing::LoadReference("columbus/columbus_hc.json").at(GetParam()); }
};

TEST_P(ColumbusOlsAgainstR, CoefficientsStandardErrorsAndVcovMatchLm) {
  const OlsFit fit = FitOls(columbus::Frame(Variant()), OlsOptions{});
  CheckSpatialFit(fit.result, CoefficientTable("classical", Variant().at("ols"), kLmTable, kNames));
  EXPECT_EQ(fit.result.provenance.vcov_method, "classical");
}

TEST_P(ColumbusOlsAgainstR, FitStatisticsMatchSummaryLmAndLogLik) {
  const json& ols = Variant().at("ols");
  const FitResult result = FitOls(columbus::Frame(Variant()), OlsOptions{}).result;
  SpatialFitReference reference = FitStatistics(GetParam(), ols);
  reference.n = ols.at("n").get<std::int64_t>();
  reference.sigma2 = ols.at("sigma2_unbiased").get<double>();
  reference.statistics.push_back({"sigma2_ml", ols.at("sigma2_ml").get<double>()});
  reference.exact_statistics.push_back({"f_df2", ols.at("fstatistic").at("dendf").get<double>()});
  reference.exact_statistics.push_back({"residual_df", ols.at("df_residual").get<double>()});
  CheckSpatialFit(result, reference);
}

TEST_P(ColumbusOlsAgainstR, ResidualMoranTestMatchesLmMorantest) {
  const engine::ModelFrame frame = columbus::Frame(Variant());
  const OlsFit fit = FitOls(frame, OlsOptions{});
  CheckMoran(MoranTestResiduals(fit, frame, columbus::Weights(Variant())),
             Variant().at("moran_ols_residuals"));
}

TEST_P(ColumbusOlsAgainstR, LagrangeMultiplierTestsMatchLmLMtests) {
  const json& expected = Variant().at("lm_tests");
  const engine::ModelFrame frame = columbus::Frame(Variant());
  const OlsFit fit = FitOls(frame, OlsOptions{});
  FitResult result = fit.result;
  result.diagnostics = SpatialDiagnostics(fit, frame, columbus::Weights(Variant()));
  ASSERT_EQ(result.diagnostics.size(), 6u);
  EXPECT_EQ(result.diagnostics[0].name, "Moran's I (residuals)");
  SpatialFitReference reference{.label = GetParam(), .source = "lm.LMtests", .tolerances = kClosedFormFit};
  reference.diagnostics.push_back({.name = "Moran's I (residuals)",
                                   .statistic = Variant().at("moran_ols_residuals").at("z").get<double>()});
  const std::vector<std::string> names = {"LMerr", "LMlag", "RLMerr", "RLMlag", "SARMA"};
  for (std::size_t t = 0; t < names.size(); ++t) {
    const json& test = expected.at(names[t]);
    EXPECT_EQ(result.diagnostics[t + 1].name, names[t]);
    reference.diagnostics.push_back({.name = names[t],
                                     .statistic = test.at("statistic").get<double>(),
                                     .p_value = test.at("p_value").get<double>(),
                                     .df = test.at("df").get<double>()});
  }
  CheckSpatialFit(result, reference);
}

TEST_P(ColumbusOlsAgainstR, CrimeMoranUnderRandomisationMatchesMoranTest) {
  const arma::vec crime = columbus::JsonColumn(Variant().at("data").at("CRIME"));
  CheckMoran(MoranTestVariable(crime, columbus::Weights(Variant()), true),
             Variant().at("moran_crime_randomisation"));
}

TEST_P(ColumbusOlsAgainstR, HeteroskedasticityConsistentVcovMatchesSandwich) {
  const json& hc = HcVariant();
  // The sandwich script read the same data set; make sure it is the same numbers.
  ASSERT_EQ(hc.at("data").at("CRIME"), Variant().at("data").at("CRIME"));
  ASSERT_EQ(hc.at("data").at("INC"), Variant().at("data").at("INC"));
  ASSERT_EQ(hc.at("data").at("HOVAL"), Variant().at("data").at("HOVAL"));
  const engine::ModelFrame frame = columbus::Frame(Variant());
  for (const CovarianceEstimator type : {CovarianceEstimator::kHC0, CovarianceEstimator::kHC1,
                                         CovarianceEstimator::kHC2, CovarianceEstimator::kHC3}) {
    const std::string name = ToString(type);
    const OlsFit fit = FitOls(frame, OlsOptions{.vcov = type});
    EXPECT_EQ(fit.result.provenance.vcov_method, name);
    CheckSpatialFit(fit.result, CoefficientTable(name, hc.at(name), kSandwichTable, kNames));
  }
}

TEST_P(ColumbusOlsAgainstR, LeveragesAndConditionNumberMatchR) {
  const json& hc = HcVariant();
  const OlsFit fit = FitOls(columbus::Frame(Variant()), OlsOptions{});
  const arma::vec leverages = columbus::JsonColumn(hc.at("leverages"));
  ASSERT_EQ(fit.leverages.n_elem, leverages.n_elem);
  for (arma::uword i = 0; i < leverages.n_elem; ++i) {
    EXPECT_REL_NEAR("h_" + std::to_string(i + 1), fit.leverages[i], leverages[i], kClosedFormTolerance);
  }
  EXPECT_REL_NEAR("condition number", Statistic(fit.result, "condition_number"),
                  hc.at("condition_number").get<double>(), kClosedFormTolerance);
  EXPECT_TRUE(fit.result.warnings.empty());  // 6.54 is below Belsley's 30
}

TEST_P(ColumbusOlsAgainstR, FitWithoutInterceptMatchesLmWithUncentredRSquared) {
  const json& expected = HcVariant().at("no_intercept");
  const FitResult result = FitOls(columbus::Frame(Variant(), false), OlsOptions{}).result;
  CheckSpatialFit(result, CoefficientTable("no intercept", expected, kSandwichTable, {"INC", "HOVAL"}));
  CheckSpatialFit(result, FitStatistics("no intercept", expected));
}

INSTANTIATE_TEST_SUITE_P(Columbus,
                         ColumbusOlsAgainstR,
                         ::testing::Values("columbus_gal", "columbus_old"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           return param_info.param;
                         });

}  // namespace
}  // namespace hinterland::estimators
