// Columbus ML SAC (SARAR) against R spatialreg. Source:
// tests/reference/data/columbus/columbus_spatialreg.json, key sac_ml (R 4.2.2, spatialreg 1.2-6, spdep 1.2-7;
// script tests/reference/generators/reference_columbus.R: sacsarlm(CRIME ~ INC + HOVAL, listw = lw, method =
// "eigen"), listw2 = listw), both weight variants columbus_gal and columbus_old, style W. Tolerances
// (relative): rho, lambda, coefficients, sigma2 and the log-likelihood 1e-6 (both optimisers stop within
// ~1e-8 of the optimum); standard errors, the asymptotic vcov (spatialreg's vcov_asymptotic without its
// sigma2 row) and the LR test 1e-4. spatialreg's SAC Wald test squares lambda's z alone with df 2 (its
// Wald_test_note), so our joint Wald test is checked against the quadratic form of the reference vcov
// instead. Every exact log-determinant must give the same fit. The tolerances are named in
// tests/support/tolerances.hpp (kCoefficientTolerance, kStandardErrorTolerance) and applied by
// tests/support/check_spatial_fit.hpp (kMaximumLikelihoodFit).
#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "engine/logdet/log_determinant.hpp"
#include "estimators/sac/sac_model.hpp"
#include "tests/support/check_spatial_fit.hpp"
#include "tests/support/columbus_reference.hpp"
#include "tests/support/reference.hpp"

namespace hinterland::estimators {
namespace {

using nlohmann::json;
using testing::SpatialFitReference;

double Statistic(const FitResult& result, const std::string& name) {
  for (const FitStatistic& statistic : result.statistics) {
    if (statistic.name == name) return statistic.value;
  }
  ADD_FAILURE() << "no statistic " << name;
  return 0.0;
}

// The joint Wald statistic of (rho, lambda) from the reference estimates and vcov block (not spatialreg's
// Wald_test, which squares lambda's z alone).
double JointWald(const json& expected) {
  const json& vcov = expected.at("vcov_asymptotic");
  const arma::vec2 spatial = {expected.at("rho").get<double>(), expected.at("lambda").get<double>()};
  const arma::mat22 block = {
      {vcov.at("rho").at("rho").get<double>(), vcov.at("rho").at("lambda").get<double>()},
      {vcov.at("lambda").at("rho").get<double>(), vcov.at("lambda").at("lambda").get<double>()}};
  return arma::dot(spatial, arma::solve(block, spatial));
}

// spatialreg's sac_ml block: betas (estimates, SEs), rho and lambda (estimates, SEs, z), sigma2, SSE, the
// log-likelihoods of SAC and OLS, AIC, BIC, the lower ends of the intervals, the LR test and the vcov.
SpatialFitReference Sacsarlm(const std::string& label, const json& expected) {
  SpatialFitReference reference{.label = label,
                                .source = "columbus_spatialreg.json sac_ml",
                                .tolerances = testing::kMaximumLikelihoodFit};
  reference.coefficients = columbus::CoefficientTable(expected);
  reference.coefficients.push_back(columbus::SpatialParameter(expected, "rho", true));
  reference.coefficients.push_back(columbus::SpatialParameter(expected, "lambda", true));
  reference.vcov = columbus::VcovEntries(expected.at("vcov_asymptotic"));
  reference.sigma2 = expected.at("sigma2").get<double>();
  reference.log_likelihood = expected.at("logLik").get<double>();
  reference.aic = expected.at("AIC").get<double>();
  reference.bic = expected.at("BIC").get<double>();
  reference.statistics = {{"sse", expected.at("SSE").get<double>()},
                          {"log_likelihood_ols", expected.at("logLik_ols").get<double>()},
                          {"rho_lower", expected.at("interval_rho")[0].get<double>()},
                          {"lambda_lower", expected.at("interval_lambda")[0].get<double>()}};
  const json& lr = expected.at("LR_test_vs_ols");
  reference.diagnostics = {{.name = "LR test (vs OLS)",
                            .statistic = lr.at("statistic").get<double>(),
                            .p_value = lr.at("p_value").get<double>(),
                            .df = 2.0},
                           {.name = "Wald test (rho, lambda)", .statistic = JointWald(expected), .df = 2.0}};
  return reference;
}

// (variant, logdet method)
class ColumbusSacTest : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(ColumbusSacTest, MatchesSacsarlm) {
  const auto& [variant_name, method] = GetParam();
  const json& variant = columbus::Variant(variant_name);
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
  testing::CheckSpatialFit(result, Sacsarlm(variant_name + " sac " + method, variant.at("sac_ml")));

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
  SpatialFitReference reference{.label = "FitSac",
                                .source = "columbus_spatialreg.json sac_ml",
                                .tolerances = testing::kMaximumLikelihoodFit};
  reference.coefficients = {{.name = "rho", .estimate = variant.at("sac_ml").at("rho").get<double>()}};
  testing::CheckSpatialFit(FitSac(frame, w, w, {}), reference);
}

}  // namespace
}  // namespace hinterland::estimators
