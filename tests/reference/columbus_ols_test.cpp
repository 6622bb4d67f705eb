// Columbus OLS, spatial diagnostics and HC covariances against R.
// Sources: data/columbus/columbus_spatialreg.json (R 4.2.2, spatialreg 1.2-6, spdep 1.2-7; script
// generators/reference_columbus.R: lm, lm.morantest, lm.LMtests(test = "all"), moran.test) and
// data/columbus/columbus_hc.json (R 4.2.2, sandwich 3.0-2; script generators/reference_columbus_hc.R:
// vcovHC HC0-HC3, hatvalues, Belsley condition number, lm without intercept). Both weight variants
// (columbus_gal, columbus_old) are rebuilt here from the JSON's own data and neighbours_1based,
// row-standardised. Tolerance: 1e-8 relative for every statistic (kRelativeTolerance); all are closed-form,
// so only rounding differs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/formula/model_frame.hpp"
#include "engine/weights/spatial_weights.hpp"
#include "estimators/ols/ols_model.hpp"
#include "estimators/ols/spatial_diagnostics.hpp"
#include "tests/support/reference.hpp"

namespace hinterland::estimators {
namespace {

using nlohmann::json;

constexpr double kRelativeTolerance = 1e-8;
const std::vector<std::string> kNames = {"(Intercept)", "INC", "HOVAL"};

arma::vec Column(const json& values) { return arma::vec(values.get<std::vector<double>>()); }

engine::ModelFrame ColumbusFrame(const json& variant, bool intercept = true) {
  const json& data = variant.at("data");
  engine::ModelFrame frame;
  frame.formula_text = intercept ? "CRIME ~ INC + HOVAL" : "CRIME ~ 0 + INC + HOVAL";
  frame.dependent = "CRIME";
  frame.y = Column(data.at("CRIME"));
  const arma::uword n = frame.y.n_elem;
  if (intercept) {
    frame.x = arma::join_rows(arma::ones<arma::vec>(n), Column(data.at("INC")), Column(data.at("HOVAL")));
    frame.column_names = kNames;
    frame.column_kinds = {engine::ColumnKind::kIntercept, engine::ColumnKind::kNumeric,
                          engine::ColumnKind::kNumeric};
  } else {
    frame.x = arma::join_rows(Column(data.at("INC")), Column(data.at("HOVAL")));
    frame.column_names = {"INC", "HOVAL"};
    frame.column_kinds = {engine::ColumnKind::kNumeric, engine::ColumnKind::kNumeric};
  }
  for (arma::uword i = 0; i < n; ++i) frame.ids.push_back(std::to_string(i + 1));
  frame.source = "columbus_spatialreg.json";
  return frame;
}

// Binary contiguity from spdep's 1-based neighbour lists, then style "W" as nb2listw(nb, style = "W").
engine::SpatialWeights ColumbusWeights(const json& variant) {
  const json& lists = variant.at("weights").at("neighbours_1based");
  std::vector<std::string> ids;
  std::vector<std::int64_t> offsets = {0};
  std::vector<std::int32_t> columns;
  for (std::size_t i = 0; i < lists.size(); ++i) {
    ids.push_back(std::to_string(i + 1));
    for (const json& neighbour : lists[i]) columns.push_back(neighbour.get<std::int32_t>() - 1);
    offsets.push_back(static_cast<std::int64_t>(columns.size()));
  }
  std::vector<double> ones(columns.size(), 1.0);
  const engine::SpatialWeights binary(ids, offsets, columns, ones, engine::WeightsStyle::kBinary,
                                      "neighbours_1based");
  return binary.Transform(engine::WeightsStyle::kRowStandardised);
}

double Statistic(const FitResult& result, const std::string& name) {
  for (const FitStatistic& statistic : result.statistics) {
    if (statistic.name == name) return statistic.value;
  }
  ADD_FAILURE() << "no statistic " << name;
  return 0.0;
}

void ExpectCoefficientTable(const std::string& label,
                            const FitResult& result,
                            const json& std_errors,
                            const json& t_values,
                            const json& p_values,
                            const json& vcov,
                            const std::vector<std::string>& names) {
  ASSERT_EQ(result.coefficients.size(), names.size());
  for (std::size_t j = 0; j < names.size(); ++j) {
    const Coefficient& coefficient = result.coefficients[j];
    EXPECT_EQ(coefficient.name, names[j]);
    EXPECT_REL_NEAR(label + " se " + names[j], coefficient.std_error, std_errors.at(names[j]).get<double>(),
                    kRelativeTolerance);
    EXPECT_REL_NEAR(label + " t " + names[j], coefficient.statistic, t_values.at(names[j]).get<double>(),
                    kRelativeTolerance);
    EXPECT_REL_NEAR(label + " p " + names[j], coefficient.p_value, p_values.at(names[j]).get<double>(),
                    kRelativeTolerance);
    for (std::size_t l = 0; l < names.size(); ++l) {
      EXPECT_REL_NEAR(label + " vcov " + names[j] + "," + names[l], result.vcov(j, l),
                      vcov.at(names[j]).at(names[l]).get<double>(), kRelativeTolerance);
    }
  }
}

class ColumbusOlsAgainstR : public ::testing::TestWithParam<std::string> {
 protected:
  const json& Variant() const {
    return testing::LoadReference("columbus/columbus_spatialreg.json").at(GetParam());
  }
  const json& HcVariant() const { return testing::LoadReference("columbus/columbus_hc.json").at(GetParam()); }
};

TEST_P(ColumbusOlsAgainstR, CoefficientsStandardErrorsAndVcovMatchLm) {
  const json& ols = Variant().at("ols");
  const OlsFit fit = FitOls(ColumbusFrame(Variant()), OlsOptions{});
  for (std::size_t j = 0; j < kNames.size(); ++j) {
    EXPECT_REL_NEAR("beta " + kNames[j], fit.result.coefficients[j].estimate,
                    ols.at("coefficients").at(kNames[j]).get<double>(), kRelativeTolerance);
  }
  ExpectCoefficientTable("classical", fit.result, ols.at("std_errors"), ols.at("t_values"),
                         ols.at("p_values"), ols.at("vcov"), kNames);
  EXPECT_EQ(fit.result.provenance.vcov_method, "classical");
}

TEST_P(ColumbusOlsAgainstR, FitStatisticsMatchSummaryLmAndLogLik) {
  const json& ols = Variant().at("ols");
  const FitResult result = FitOls(ColumbusFrame(Variant()), OlsOptions{}).result;
  EXPECT_EQ(result.n, ols.at("n").get<std::int64_t>());
  EXPECT_REL_NEAR("sigma2", result.sigma2, ols.at("sigma2_unbiased").get<double>(), kRelativeTolerance);
  EXPECT_REL_NEAR("sigma2_ml", Statistic(result, "sigma2_ml"), ols.at("sigma2_ml").get<double>(),
                  kRelativeTolerance);
  EXPECT_REL_NEAR("r_squared", Statistic(result, "r_squared"), ols.at("r_squared").get<double>(),
                  kRelativeTolerance);
  EXPECT_REL_NEAR("adj_r_squared", Statistic(result, "adj_r_squared"), ols.at("adj_r_squared").get<double>(),
                  kRelativeTolerance);
  const json& f = ols.at("fstatistic");
  EXPECT_REL_NEAR("F", Statistic(result, "f_statistic"), f.at("value").get<double>(), kRelativeTolerance);
  EXPECT_EQ(Statistic(result, "f_df1"), f.at("numdf").get<double>());
  EXPECT_EQ(Statistic(result, "f_df2"), f.at("dendf").get<double>());
  EXPECT_EQ(Statistic(result, "residual_df"), ols.at("df_residual").get<double>());
  EXPECT_REL_NEAR("logLik", result.log_likelihood, ols.at("logLik").get<double>(), kRelativeTolerance);
  EXPECT_REL_NEAR("AIC", result.aic, ols.at("AIC").get<double>(), kRelativeTolerance);
  EXPECT_REL_NEAR("BIC", result.bic, ols.at("BIC").get<double>(), kRelativeTolerance);
}

TEST_P(ColumbusOlsAgainstR, ResidualMoranTestMatchesLmMorantest) {
  const json& expected = Variant().at("moran_ols_residuals");
  const engine::ModelFrame frame = ColumbusFrame(Variant());
  const OlsFit fit = FitOls(frame, OlsOptions{});
  const MoranResult moran = MoranTestResiduals(fit, frame, ColumbusWeights(Variant()));
  EXPECT_REL_NEAR("I", moran.statistic, expected.at("I").get<double>(), kRelativeTolerance);
  EXPECT_REL_NEAR("E[I]", moran.expectation, expected.at("expectation").get<double>(), kRelativeTolerance);
  EXPECT_REL_NEAR("Var[I]", moran.variance, expected.at("variance").get<double>(), kRelativeTolerance);
  EXPECT_REL_NEAR("z", moran.z, expected.at("z").get<double>(), kRelativeTolerance);
  EXPECT_REL_NEAR("p (greater)", moran.p_value, expected.at("p_value").get<double>(), kRelativeTolerance);
}

TEST_P(ColumbusOlsAgainstR, LagrangeMultiplierTestsMatchLmLMtests) {
  const json& expected = Variant().at("lm_tests");
  const engine::ModelFrame frame = ColumbusFrame(Variant());
  const OlsFit fit = FitOls(frame, OlsOptions{});
  const std::vector<Diagnostic> diagnostics = SpatialDiagnostics(fit, frame, ColumbusWeights(Variant()));
  ASSERT_EQ(diagnostics.size(), 6u);
  EXPECT_EQ(diagnostics[0].name, "Moran's I (residuals)");
  EXPECT_REL_NEAR("Moran z", diagnostics[0].statistic,
                  Variant().at("moran_ols_residuals").at("z").get<double>(), kRelativeTolerance);
  const std::vector<std::string> names = {"LMerr", "LMlag", "RLMerr", "RLMlag", "SARMA"};
  for (std::size_t t = 0; t < names.size(); ++t) {
    const Diagnostic& diagnostic = diagnostics[t + 1];
    const json& reference = expected.at(names[t]);
    EXPECT_EQ(diagnostic.name, names[t]);
    EXPECT_EQ(diagnostic.df, reference.at("df").get<double>()) << names[t];
    EXPECT_REL_NEAR(names[t] + " statistic", diagnostic.statistic, reference.at("statistic").get<double>(),
                    kRelativeTolerance);
    EXPECT_REL_NEAR(names[t] + " p", diagnostic.p_value, reference.at("p_value").get<double>(),
                    kRelativeTolerance);
  }
}

TEST_P(ColumbusOlsAgainstR, CrimeMoranUnderRandomisationMatchesMoranTest) {
  const json& expected = Variant().at("moran_crime_randomisation");
  const MoranResult moran =
      MoranTestVariable(Column(Variant().at("data").at("CRIME")), ColumbusWeights(Variant()), true);
  EXPECT_REL_NEAR("I", moran.statistic, expected.at("I").get<double>(), kRelativeTolerance);
  EXPECT_REL_NEAR("E[I]", moran.expectation, expected.at("expectation").get<double>(), kRelativeTolerance);
  EXPECT_REL_NEAR("Var[I]", moran.variance, expected.at("variance").get<double>(), kRelativeTolerance);
  EXPECT_REL_NEAR("z", moran.z, expected.at("z").get<double>(), kRelativeTolerance);
  EXPECT_REL_NEAR("p (greater)", moran.p_value, expected.at("p_value").get<double>(), kRelativeTolerance);
}

TEST_P(ColumbusOlsAgainstR, HeteroskedasticityConsistentVcovMatchesSandwich) {
  const json& hc = HcVariant();
  // The sandwich script read the same data set; make sure it is the same numbers.
  ASSERT_EQ(hc.at("data").at("CRIME"), Variant().at("data").at("CRIME"));
  ASSERT_EQ(hc.at("data").at("INC"), Variant().at("data").at("INC"));
  ASSERT_EQ(hc.at("data").at("HOVAL"), Variant().at("data").at("HOVAL"));
  const engine::ModelFrame frame = ColumbusFrame(Variant());
  for (const CovarianceEstimator type : {CovarianceEstimator::kHC0, CovarianceEstimator::kHC1,
                                         CovarianceEstimator::kHC2, CovarianceEstimator::kHC3}) {
    const std::string name = ToString(type);
    const json& expected = hc.at(name);
    const OlsFit fit = FitOls(frame, OlsOptions{.vcov = type});
    EXPECT_EQ(fit.result.provenance.vcov_method, name);
    ExpectCoefficientTable(name, fit.result, expected.at("std_errors"), expected.at("t_values"),
                           expected.at("p_values"), expected.at("vcov"), kNames);
  }
}

TEST_P(ColumbusOlsAgainstR, LeveragesAndConditionNumberMatchR) {
  const json& hc = HcVariant();
  const OlsFit fit = FitOls(ColumbusFrame(Variant()), OlsOptions{});
  const arma::vec leverages = Column(hc.at("leverages"));
  ASSERT_EQ(fit.leverages.n_elem, leverages.n_elem);
  for (arma::uword i = 0; i < leverages.n_elem; ++i) {
    EXPECT_REL_NEAR("h_" + std::to_string(i + 1), fit.leverages[i], leverages[i], kRelativeTolerance);
  }
  EXPECT_REL_NEAR("condition number", Statistic(fit.result, "condition_number"),
                  hc.at("condition_number").get<double>(), kRelativeTolerance);
  EXPECT_TRUE(fit.result.warnings.empty());  // 6.54 is below Belsley's 30
}

TEST_P(ColumbusOlsAgainstR, FitWithoutInterceptMatchesLmWithUncentredRSquared) {
  const json& expected = HcVariant().at("no_intercept");
  const FitResult result = FitOls(ColumbusFrame(Variant(), false), OlsOptions{}).result;
  ExpectCoefficientTable("no intercept", result, expected.at("std_errors"), expected.at("t_values"),
                         expected.at("p_values"), expected.at("vcov"), {"INC", "HOVAL"});
  EXPECT_REL_NEAR("r_squared", Statistic(result, "r_squared"), expected.at("r_squared").get<double>(),
                  kRelativeTolerance);
  EXPECT_REL_NEAR("adj_r_squared", Statistic(result, "adj_r_squared"),
                  expected.at("adj_r_squared").get<double>(), kRelativeTolerance);
  const json& f = expected.at("fstatistic");
  EXPECT_REL_NEAR("F", Statistic(result, "f_statistic"), f.at("value").get<double>(), kRelativeTolerance);
  EXPECT_EQ(Statistic(result, "f_df1"), f.at("numdf").get<double>());
  EXPECT_REL_NEAR("logLik", result.log_likelihood, expected.at("logLik").get<double>(), kRelativeTolerance);
  EXPECT_REL_NEAR("AIC", result.aic, expected.at("AIC").get<double>(), kRelativeTolerance);
  EXPECT_REL_NEAR("BIC", result.bic, expected.at("BIC").get<double>(), kRelativeTolerance);
}

INSTANTIATE_TEST_SUITE_P(Columbus,
                         ColumbusOlsAgainstR,
                         ::testing::Values("columbus_gal", "columbus_old"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           return param_info.param;
                         });

}  // namespace
}  // namespace hinterland::estimators
