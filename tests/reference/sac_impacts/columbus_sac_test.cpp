// Columbus ML SAC (SARAR) against R spatialreg. Source:
// tests/reference/data/columbus/columbus_spatialreg.json, key sac_ml (R 4.2.2, spatialreg 1.2-6, spdep 1.2-7;
// script tests/reference/generators/reference_columbus.R: sacsarlm(CRIME ~ INC + HOVAL, listw = lw, method =
// "eigen"), listw2 = listw), both weight variants columbus_gal and columbus_old, style W. Tolerances
// (relative): rho, lambda, coefficients, sigma2 and the log-likelihood 1e-6 (both optimisers stop within
// ~1e-8 of the optimum); standard errors, the asymptotic vcov (spatialreg's vcov_asymptotic without its
// sigma2 row) and the LR test 1e-4. spatialreg's SAC Wald test squares lambda's z alone with df 2 (its
// Wald_test_note), so our joint Wald test is checked against the quadratic form of the reference vcov
// instead. Every exact log-determinant must give the same fit.
#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "engine/logdet/log_determinant.hpp"
#include "estimators/sac/sac_model.hpp"
#include "tests/reference/sac_impacts/columbus_fixture.hpp"
#include "tests/support/reference.hpp"

namespace hinterland::estimators {
namespace {

using nlohmann::json;

constexpr double kEstimateTolerance = 1e-6;
constexpr double kStdErrorTolerance = 1e-4;

std::size_t IndexOf(const FitResult& result, const std::string& name) {
  for (std::size_t j = 0; j < result.coefficients.size(); ++j) {
    if (result.coefficients[j].name == name) return j;
  }
  ADD_FAILURE() << "no coefficient " << name;
  return 0;
}

const Diagnostic& FindDiagnostic(const FitResult& result, const std::string& name) {
  for (const Diagnostic& diagnostic : result.diagnostics) {
    if (diagnostic.name == name) return diagnostic;
  }
  ADD_FAILURE() << "no diagnostic " << name;
  static const Diagnostic missing;
  return missing;
}

double Statistic(const FitResult& result, const std::string& name) {
  for (const FitStatistic& statistic : result.statistics) {
    if (statistic.name == name) return statistic.value;
  }
  ADD_FAILURE() << "no statistic " << name;
  return 0.0;
}

// (variant, logdet method)
class ColumbusSacTest : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(ColumbusSacTest, MatchesSacsarlm) {
  const auto& [variant_name, method] = GetParam();
  const json& variant = columbus::Variant(variant_name);
  const json& expected = variant.at("sac_ml");
  const engine::ModelFrame frame = columbus::Frame(variant);
  const engine::SpatialWeights w = columbus::Weights(variant);
  SpatialFitOptions options;
  options.logdet.method = engine::ParseLogDetMethod(method);
  const SacFit fit = FitSacWithOptima(frame, w, w, options);
  const FitResult& result = fit.result;

  EXPECT_EQ(result.status, FitStatus::kConverged) << result.status_message;
  EXPECT_EQ(result.model, "sac");
  EXPECT_EQ(result.provenance.logdet_used, method);
  ASSERT_EQ(result.coefficients.size(), 5u);
  EXPECT_EQ(result.coefficients[3].role, CoefficientRole::kRho);
  EXPECT_EQ(result.coefficients[4].role, CoefficientRole::kLambda);
  for (const auto& [name, value] : expected.at("coefficients").items()) {
    const Coefficient& coefficient = result.coefficients[IndexOf(result, name)];
    EXPECT_REL_NEAR(name, coefficient.estimate, value.get<double>(), kEstimateTolerance);
    EXPECT_REL_NEAR(name + " SE", coefficient.std_error, expected.at("std_errors").at(name).get<double>(),
                    kStdErrorTolerance);
  }
  for (const std::string parameter : {"rho", "lambda"}) {
    const Coefficient& spatial = result.coefficients[IndexOf(result, parameter)];
    EXPECT_REL_NEAR(parameter, spatial.estimate, expected.at(parameter).get<double>(), kEstimateTolerance);
    EXPECT_REL_NEAR(parameter + " SE", spatial.std_error, expected.at(parameter + "_se").get<double>(),
                    kStdErrorTolerance);
    EXPECT_REL_NEAR(parameter + " z", spatial.statistic, expected.at(parameter + "_z").get<double>(),
                    kStdErrorTolerance);
  }
  EXPECT_REL_NEAR("sigma2", result.sigma2, expected.at("sigma2").get<double>(), kEstimateTolerance);
  EXPECT_REL_NEAR("SSE", Statistic(result, "sse"), expected.at("SSE").get<double>(), kEstimateTolerance);
  EXPECT_REL_NEAR("logLik", result.log_likelihood, expected.at("logLik").get<double>(), kEstimateTolerance);
  EXPECT_REL_NEAR("AIC", result.aic, expected.at("AIC").get<double>(), kEstimateTolerance);
  EXPECT_REL_NEAR("BIC", result.bic, expected.at("BIC").get<double>(), kEstimateTolerance);
  EXPECT_REL_NEAR("logLik OLS", Statistic(result, "log_likelihood_ols"),
                  expected.at("logLik_ols").get<double>(), kEstimateTolerance);
  const Diagnostic& lr = FindDiagnostic(result, "LR test (vs OLS)");
  EXPECT_REL_NEAR("LR", lr.statistic, expected.at("LR_test_vs_ols").at("statistic").get<double>(),
                  kStdErrorTolerance);
  EXPECT_EQ(lr.df, 2.0);
  EXPECT_REL_NEAR("LR p", lr.p_value, expected.at("LR_test_vs_ols").at("p_value").get<double>(),
                  kStdErrorTolerance);
  EXPECT_REL_NEAR("rho lower", Statistic(result, "rho_lower"), expected.at("interval_rho")[0].get<double>(),
                  kEstimateTolerance);
  EXPECT_REL_NEAR("lambda lower", Statistic(result, "lambda_lower"),
                  expected.at("interval_lambda")[0].get<double>(), kEstimateTolerance);

  const json& vcov = expected.at("vcov_asymptotic");
  for (const auto& [row, columns] : vcov.items()) {
    if (row == "sigma") continue;
    for (const auto& [column, value] : columns.items()) {
      if (column == "sigma") continue;
      const std::size_t i = IndexOf(result, row);
      const std::size_t j = IndexOf(result, column);
      EXPECT_TRUE(hinterland::testing::RelativelyNear("vcov " + row + "," + column, result.vcov(i, j),
                                                      value.get<double>(), kStdErrorTolerance, 1e-10));
    }
  }
  // Joint Wald test of (rho, lambda) from the reference estimates and vcov block (not spatialreg's quirk).
  const arma::vec2 spatial = {expected.at("rho").get<double>(), expected.at("lambda").get<double>()};
  const arma::mat22 block = {
      {vcov.at("rho").at("rho").get<double>(), vcov.at("rho").at("lambda").get<double>()},
      {vcov.at("lambda").at("rho").get<double>(), vcov.at("lambda").at("lambda").get<double>()}};
  const Diagnostic& wald = FindDiagnostic(result, "Wald test (rho, lambda)");
  EXPECT_REL_NEAR("joint Wald", wald.statistic, arma::dot(spatial, arma::solve(block, spatial)),
                  kStdErrorTolerance);
  EXPECT_EQ(wald.df, 2.0);

  // The reported optimum is the first of the distinct local maxima, and the highest.
  ASSERT_FALSE(fit.optima.empty());
  EXPECT_EQ(fit.kept, 0);
  EXPECT_EQ(Statistic(result, "local_optima"), static_cast<double>(fit.optima.size()));
  for (const LocalOptimum& optimum : fit.optima) EXPECT_LE(optimum.log_likelihood, result.log_likelihood);
  EXPECT_EQ(fit.optima.front().rho, result.coefficients[3].estimate);
}

std::string CaseName(const ::testing::TestParamInfo<ColumbusSacTest::ParamType>& info) {
  return std::get<0>(info.param) + "_" + std::get<1>(info.param);
}

INSTANTIATE_TEST_SUITE_P(EveryExactLogDeterminant,
                         ColumbusSacTest,
                         ::testing::Combine(::testing::Values("columbus_gal", "columbus_old"),
                                            ::testing::Values("eigen", "cholesky", "lu")),
                         CaseName);

// FitSac with W2 = W1 is the same fit as FitSacWithOptima's result.
TEST(ColumbusSac, FitSacReturnsTheSameResult) {
  const json& variant = columbus::Variant("columbus_gal");
  const engine::ModelFrame frame = columbus::Frame(variant);
  const engine::SpatialWeights w = columbus::Weights(variant);
  const FitResult result = FitSac(frame, w, w, {});
  EXPECT_REL_NEAR("rho", result.coefficients[3].estimate, variant.at("sac_ml").at("rho").get<double>(),
                  kEstimateTolerance);
}

}  // namespace
}  // namespace hinterland::estimators
