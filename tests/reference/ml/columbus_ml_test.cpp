// Columbus ML SAR, SEM, SDM, SDEM and SLX against R spatialreg.
// Source: tests/reference/data/columbus/columbus_spatialreg.json (R 4.2.2, spatialreg 1.2-6, spdep 1.2-7;
// script tests/reference/generators/reference_columbus.R: lagsarlm / errorsarlm (method "eigen", and
// control = list(fdHess = TRUE)), lagsarlm(type = "mixed"), errorsarlm(Durbin = TRUE), lmSLX), both weight
// variants columbus_gal and columbus_old, CRIME ~ INC + HOVAL, style W.
// Tolerances (relative): coefficients, rho / lambda, sigma2 and log-likelihood 1e-6 (both optimisers stop
// within ~1e-8 of the optimum); standard errors, vcov and the LR, Wald and LM statistics 1e-4; the
// numerical-Hessian covariance against nlme's fdHess 2e-3 (two different finite-difference schemes, each
// with error ~1e-4..1e-3 of the exact Hessian); SLX (closed form) 1e-8. Every exact log-determinant
// (eigen, cholesky, lu) must give the same fit.
#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "engine/logdet/log_determinant.hpp"
#include "estimators/error/sem_model.hpp"
#include "estimators/lag/sar_model.hpp"
#include "estimators/ols/slx_model.hpp"
#include "tests/reference/ml/columbus_fixture.hpp"
#include "tests/support/reference.hpp"

namespace hinterland::estimators {
namespace {

using nlohmann::json;

constexpr double kEstimateTolerance = 1e-6;
constexpr double kStdErrorTolerance = 1e-4;
constexpr double kFdHessTolerance = 2e-3;
constexpr double kClosedFormTolerance = 1e-8;

const json& Variant(const std::string& name) {
  return hinterland::testing::LoadReference("columbus/columbus_spatialreg.json").at(name);
}

const Coefficient& Find(const FitResult& result, const std::string& name) {
  for (const Coefficient& coefficient : result.coefficients) {
    if (coefficient.name == name) return coefficient;
  }
  ADD_FAILURE() << "no coefficient " << name;
  static const Coefficient missing;
  return missing;
}

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

FitResult Fit(const std::string& model, const ModelData& data, const SpatialFitOptions& options) {
  const ModelKind kind = ParseModelKind(model);
  if (kind == ModelKind::kSar || kind == ModelKind::kSdm) return FitSpatialLag(data, kind, options).result;
  return FitSpatialError(data, kind, options).result;
}

// (variant, model, logdet method)
class ColumbusMlTest : public ::testing::TestWithParam<std::tuple<std::string, std::string, std::string>> {};

TEST_P(ColumbusMlTest, MatchesSpatialreg) {
  const auto& [variant_name, model, method] = GetParam();
  const json& variant = Variant(variant_name);
  const json& expected = variant.at(model + "_ml");
  SpatialFitOptions options;
  options.logdet.method = engine::ParseLogDetMethod(method);
  const FitResult result = Fit(model, testing::ColumbusData(variant), options);
  const bool lag = model == "sar" || model == "sdm";
  const std::string parameter = lag ? "rho" : "lambda";

  EXPECT_EQ(result.status, FitStatus::kConverged) << result.status_message;
  EXPECT_EQ(result.provenance.logdet_used, method);
  for (const auto& [name, value] : expected.at("coefficients").items()) {
    const Coefficient& coefficient = Find(result, testing::HinterlandName(name));
    EXPECT_REL_NEAR(name, coefficient.estimate, value.get<double>(), kEstimateTolerance);
    EXPECT_REL_NEAR(name + " SE", coefficient.std_error, expected.at("std_errors").at(name).get<double>(),
                    kStdErrorTolerance);
  }
  const Coefficient& spatial = Find(result, parameter);
  EXPECT_REL_NEAR(parameter, spatial.estimate, expected.at(parameter).get<double>(), kEstimateTolerance);
  EXPECT_REL_NEAR(parameter + " SE", spatial.std_error, expected.at(parameter + "_se").get<double>(),
                  kStdErrorTolerance);
  EXPECT_REL_NEAR("sigma2", result.sigma2, expected.at("sigma2").get<double>(), kEstimateTolerance);
  EXPECT_REL_NEAR("logLik", result.log_likelihood, expected.at("logLik").get<double>(), kEstimateTolerance);
  EXPECT_REL_NEAR("AIC", result.aic, expected.at("AIC").get<double>(), kEstimateTolerance);
  EXPECT_REL_NEAR("BIC", result.bic, expected.at("BIC").get<double>(), kEstimateTolerance);
  EXPECT_REL_NEAR("LR", FindDiagnostic(result, "LR test (vs OLS)").statistic,
                  expected.at("LR_test_vs_ols").at("statistic").get<double>(), kStdErrorTolerance);
  EXPECT_REL_NEAR("Wald", FindDiagnostic(result, "Wald test (" + parameter + ")").statistic,
                  expected.at("Wald_test").at("statistic").get<double>(), kStdErrorTolerance);
  if (lag) {
    EXPECT_REL_NEAR("LM", FindDiagnostic(result, "LM test for residual autocorrelation").statistic,
                    expected.at("LM_test_residual_autocorrelation").at("statistic").get<double>(),
                    kStdErrorTolerance);
  }
  // The asymptotic vcov over (parameter, betas); spatialreg's first row / column is sigma2's.
  const json& vcov = expected.at("vcov_asymptotic");
  for (const auto& [row, columns] : vcov.items()) {
    if (row == "sigma") continue;
    for (const auto& [column, value] : columns.items()) {
      if (column == "sigma") continue;
      const std::size_t i = IndexOf(result, testing::HinterlandName(row));
      const std::size_t j = IndexOf(result, testing::HinterlandName(column));
      EXPECT_TRUE(hinterland::testing::RelativelyNear("vcov " + row + "," + column, result.vcov(i, j),
                                                      value.get<double>(), kStdErrorTolerance, 1e-10));
    }
  }
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
  const json& variant = Variant(variant_name);
  const json& expected = variant.at(model + "_ml").at("fdHess");
  SpatialFitOptions options;
  options.logdet.method = engine::LogDetMethod::kEigen;
  options.covariance = CovarianceEstimator::kNumericalHessian;
  const FitResult result = Fit(model, testing::ColumbusData(variant), options);
  for (const auto& [name, value] : expected.at("std_errors").items()) {
    EXPECT_REL_NEAR(name + " SE (fdHess)", Find(result, name).std_error, value.get<double>(),
                    kFdHessTolerance);
  }
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
    const json& variant = Variant(variant_name);
    const json& expected = variant.at("slx");
    const OlsFit fit = FitSlx(testing::ColumbusData(variant), SpatialFitOptions{}, OlsOptions{});
    EXPECT_EQ(fit.result.model, "slx");
    for (const auto& [name, value] : expected.at("coefficients").items()) {
      const Coefficient& coefficient = Find(fit.result, testing::HinterlandName(name));
      EXPECT_REL_NEAR(variant_name + " " + name, coefficient.estimate, value.get<double>(),
                      kClosedFormTolerance);
      EXPECT_REL_NEAR(variant_name + " " + name + " SE", coefficient.std_error,
                      expected.at("std_errors").at(name).get<double>(), kClosedFormTolerance);
      EXPECT_EQ(coefficient.role == CoefficientRole::kLaggedRegressor, name.rfind("lag.", 0) == 0) << name;
    }
    EXPECT_REL_NEAR("logLik", fit.result.log_likelihood, expected.at("logLik").get<double>(),
                    kClosedFormTolerance);
  }
}

// Anselin (1988), Spatial Econometrics: Methods and Models, Table 12.2, ML spatial lag column for Columbus
// (data and neighbours as spdep's oldcol, datasets/columbus/SOURCE.md): rho = 0.431, constant 45.079,
// INC -1.0316, HOVAL -0.2659. The book prints 3-5 significant digits, so the tolerance is half a unit in
// the last printed digit.
TEST(Anselin1988Table12_2, SpatialLagColumn) {
  SpatialFitOptions options;
  options.logdet.method = engine::LogDetMethod::kEigen;
  const FitResult result =
      FitSpatialLag(testing::ColumbusData(Variant("columbus_old")), ModelKind::kSar, options).result;
  EXPECT_NEAR(Find(result, "rho").estimate, 0.431, 0.0005);
  EXPECT_NEAR(Find(result, "(Intercept)").estimate, 45.079, 0.0005);
  EXPECT_NEAR(Find(result, "INC").estimate, -1.0316, 0.00005);
  EXPECT_NEAR(Find(result, "HOVAL").estimate, -0.2659, 0.00005);
}

}  // namespace
}  // namespace hinterland::estimators
