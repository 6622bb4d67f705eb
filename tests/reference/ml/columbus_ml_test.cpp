// Columbus ML SAR, SEM, SDM, SDEM and SLX against R spatialreg.
// Source: tests/reference/data/columbus/columbus_spatialreg.json (R 4.2.2, spatialreg 1.2-6, spdep 1.2-7;
// script tests/reference/generators/reference_columbus.R: lagsarlm / errorsarlm (method "eigen", and
// control = list(fdHess = TRUE)), lagsarlm(type = "mixed"), errorsarlm(Durbin = TRUE), lmSLX), both weight
// variants columbus_gal and columbus_old, CRIME ~ INC + HOVAL, style W.
// Tolerances (relative): coefficients, rho / lambda, sigma2 and log-likelihood 1e-6 (both optimisers stop
// within ~1e-8 of the optimum); standard errors, vcov and the LR, Wald and LM statistics 1e-4; the
// numerical-Hessian covariance against nlme's fdHess 2e-3 (two different finite-difference schemes, each
// with error ~1e-4..1e-3 of the exact Hessian); SLX (closed form) 1e-8. Every exact log-determinant
// (eigen, cholesky, lu) must give the same fit. The tolerances are named in tests/support/tolerances.hpp
// (kCoefficientTolerance, kStandardErrorTolerance, kFdHessStandardErrorTolerance, kClosedFormTolerance) and
// applied by tests/support/check_spatial_fit.hpp (kMaximumLikelihoodFit, kClosedFormFit).
#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "engine/logdet/log_determinant.hpp"
#include "estimators/error/sem_model.hpp"
#include "estimators/lag/sar_model.hpp"
#include "estimators/ols/slx_model.hpp"
#include "tests/support/check_spatial_fit.hpp"
#include "tests/support/columbus_reference.hpp"
#include "tests/support/reference.hpp"

namespace hinterland::estimators {
namespace {

using nlohmann::json;
using testing::CheckSpatialFit;
using testing::SpatialFitReference;

FitResult Fit(const std::string& model, const ModelData& data, const SpatialFitOptions& options) {
  const ModelKind kind = ParseModelKind(model);
  if (kind == ModelKind::kSar || kind == ModelKind::kSdm) return FitSpatialLag(data, kind, options).result;
  return FitSpatialError(data, kind, options).result;
}

// spatialreg's <model>_ml block: betas and rho / lambda (estimates and SEs), sigma2, logLik, AIC, BIC, the
// LR and Wald tests (and the LM test of the lag models), and the asymptotic vcov over (parameter, betas)
// (spatialreg's first row / column is sigma2's, left out).
SpatialFitReference SpatialregFit(const std::string& label, const json& expected, const std::string& model) {
  const bool lag = model == "sar" || model == "sdm";
  const std::string parameter = lag ? "rho" : "lambda";
  SpatialFitReference reference{.label = label,
                                .source = "columbus_spatialreg.json " + model + "_ml",
                                .tolerances = testing::kMaximumLikelihoodFit};
  reference.coefficients = columbus::CoefficientTable(expected);
  reference.coefficients.push_back(columbus::SpatialParameter(expected, parameter));
  reference.vcov = columbus::VcovEntries(expected.at("vcov_asymptotic"));
  reference.sigma2 = expected.at("sigma2").get<double>();
  reference.log_likelihood = expected.at("logLik").get<double>();
  reference.aic = expected.at("AIC").get<double>();
  reference.bic = expected.at("BIC").get<double>();
  reference.diagnostics = {
      {.name = "LR test (vs OLS)", .statistic = expected.at("LR_test_vs_ols").at("statistic").get<double>()},
      {.name = "Wald test (" + parameter + ")",
       .statistic = expected.at("Wald_test").at("statistic").get<double>()}};
  if (lag) {
    reference.diagnostics.push_back(
        {.name = "LM test for residual autocorrelation",
         .statistic = expected.at("LM_test_residual_autocorrelation").at("statistic").get<double>()});
  }
  return reference;
}

// (variant, model, logdet method)
class ColumbusMlTest : public ::testing::TestWithParam<std::tuple<std::string, std::string, std::string>> {};

TEST_P(ColumbusMlTest, MatchesSpatialreg) {
  const auto& [variant_name, model, method] = GetParam();
  const json& variant = columbus::Variant(variant_name);
  SpatialFitOptions options;
  options.logdet.method = engine::ParseLogDetMethod(method);
  const FitResult result = Fit(model, columbus::Data(variant), options);

  EXPECT_EQ(result.status, FitStatus::kConverged) << result.status_message;
  EXPECT_EQ(result.provenance.logdet_used, method);
  CheckSpatialFit(result,
                  SpatialregFit(variant_name + " " + model + " " + method, variant.at(model + "_ml"), model));
}

std::string CaseName(const ::testing::TestParamInfo<ColumbusMlTest::ParamType>& info) {
  return std::get<0>(info.param) + "_" + std::get<1>(info.param) + "_" + std::get<2>(info.param);
}

INSTANTIATE_TEST_SUITE_P(EveryExactLogDeterminant,
                         ColumbusMlTest,
                         ::testing::Combine(::testing::Values("columbus_gal", "columbus_old"),
                                            ::testing::Values("sar", "sem", "sdm", "sdem"),
                                            ::testing::Values("eigen", "cholesky", "lu")),
                         CaseName);

// control = list(fdHess = TRUE): the numerical Hessian of the log-likelihood in (rho, beta), sigma2
// concentrated.
class ColumbusFdHessTest : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(ColumbusFdHessTest, NumericalHessianMatchesFdHess) {
  const auto& [variant_name, model] = GetParam();
  const json& variant = columbus::Variant(variant_name);
  SpatialFitOptions options;
  options.logdet.method = engine::LogDetMethod::kEigen;
  options.covariance = CovarianceEstimator::kNumericalHessian;
  const FitResult result = Fit(model, columbus::Data(variant), options);
  SpatialFitReference reference{.label = variant_name + " " + model + " (fdHess)",
                                .source = "columbus_spatialreg.json " + model + "_ml fdHess",
                                .tolerances = testing::kMaximumLikelihoodFit};
  reference.tolerances.standard_error = testing::kFdHessStandardErrorTolerance;
  reference.coefficients = columbus::CoefficientTable(variant.at(model + "_ml").at("fdHess"),
                                                      {.estimate = "", .std_error = "std_errors"});
  CheckSpatialFit(result, reference);
  EXPECT_NE(result.provenance.vcov_method.find("numerical Hessian"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(LagAndError,
                         ColumbusFdHessTest,
                         ::testing::Combine(::testing::Values("columbus_gal", "columbus_old"),
                                            ::testing::Values("sar", "sem")),
                         [](const auto& param_info) {
                           return std::get<0>(param_info.param) + "_" + std::get<1>(param_info.param);
                         });

TEST(ColumbusSlxTest, MatchesLmSlx) {
  for (const std::string variant_name : {"columbus_gal", "columbus_old"}) {
    const json& expected = columbus::Variant(variant_name).at("slx");
    const OlsFit fit =
        FitSlx(columbus::Data(columbus::Variant(variant_name)), SpatialFitOptions{}, OlsOptions{});
    EXPECT_EQ(fit.result.model, "slx");
    SpatialFitReference reference{.label = variant_name,
                                  .source = "columbus_spatialreg.json slx",
                                  .tolerances = testing::kClosedFormFit};
    reference.coefficients = columbus::CoefficientTable(expected);
    reference.log_likelihood = expected.at("logLik").get<double>();
    CheckSpatialFit(fit.result, reference);
    for (const auto& [name, value] : expected.at("coefficients").items()) {
      const Coefficient& coefficient =
          ::hinterland::testing::FindCoefficient(fit.result, columbus::HinterlandName(name));
      EXPECT_EQ(coefficient.role == CoefficientRole::kLaggedRegressor, name.rfind("lag.", 0) == 0) << name;
    }
  }
}

// Anselin (1988), Spatial Econometrics: Methods and Models, Table 12.2, ML spatial lag column for Columbus
// (data and neighbours as spdep's oldcol, datasets/columbus/SOURCE.md): rho = 0.431, constant 45.079,
// INC -1.0316, HOVAL -0.2659. The book prints 3-5 significant digits, so the tolerance is half a unit in
// the last printed digit (kHalfPrintedUnit).
TEST(Anselin1988Table12_2, SpatialLagColumn) {
  SpatialFitOptions options;
  options.logdet.method = engine::LogDetMethod::kEigen;
  const FitResult result =
      FitSpatialLag(columbus::Data(columbus::Variant("columbus_old")), ModelKind::kSar, options).result;
  testing::CheckPrintedCoefficients(
      result, {{"rho", "0.431"}, {"(Intercept)", "45.079"}, {"INC", "-1.0316"}, {"HOVAL", "-0.2659"}},
      "Anselin (1988) Table 12.2");
}

}  // namespace
}  // namespace hinterland::estimators
