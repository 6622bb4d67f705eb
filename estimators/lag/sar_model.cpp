// ML SAR and SDM with the likelihood concentrated in rho (see sar_model.hpp; Anselin 1988, eqs. 6.12-6.16;
// spatialreg lagsarlm: sar.lag.mixed.f). SDM is SAR on the design [X, WX] (durbin_terms.hpp).
#include "estimators/lag/sar_model.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <numbers>

#include "engine/core/error.hpp"
#include "engine/logdet/log_determinant.hpp"
#include "estimators/common/concentrated_likelihood.hpp"
#include "estimators/common/durbin_terms.hpp"
#include "estimators/common/result_building.hpp"
#include "estimators/common/spatial_ml_inference.hpp"
#include "estimators/common/weights_info.hpp"
#include "estimators/ols/ols_model.hpp"

namespace hinterland::estimators {
namespace {

double ConcentratedValue(const LagCrossProducts& products,
                         const engine::LogDeterminant& log_determinant,
                         double n,
                         double rho) {
  return estimators::ConcentratedValue(log_determinant.Evaluate(rho), products.Sse(rho), n, "rho", rho,
                                       "y - rho W y is fitted exactly by X");
}

}  // namespace

SpatialLagFit FitSpatialLag(const SpatialDesign& design, ModelKind kind, const SpatialFitOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  if (kind != ModelKind::kSar && kind != ModelKind::kSdm) {
    throw engine::OptionError("`model` " + ToString(kind) + " is not a spatial lag model (sar or sdm)");
  }
  ValidateSpatialFitOptions(options);
  const engine::WeightsOperator& w_operator = design.W();
  const engine::SpatialWeights& w = w_operator.Weights();
  std::vector<std::string> notes;
  const engine::ModelFrame frame =
      FrameWithDurbinColumns(design.Frame(), w_operator, options, kind == ModelKind::kSdm, notes);
  const OlsFit ols = FitOls(frame, OlsOptions{});  // checks n > k, finiteness and collinearity
  const arma::vec wy = w_operator.Apply(frame.y);
  const LagCrossProducts products = CrossProducts(frame.x, frame.y, wy);
  const double n = static_cast<double>(frame.y.n_elem);

  const std::unique_ptr<engine::LogDeterminant> log_determinant =
      engine::CreateLogDeterminant(w_operator, options.logdet);
  const auto objective = [&](double rho) { return ConcentratedValue(products, *log_determinant, n, rho); };
  const engine::ScalarMaximum maximum = MaximizeOverBounds(objective, *log_determinant, options, "rho");

  MlEstimates estimates;
  estimates.process = SpatialProcess::kLag;
  estimates.rho = maximum.argument;
  estimates.beta = products.b0 - estimates.rho * products.b_lag;
  estimates.y = frame.y;
  estimates.wy = wy;
  estimates.x = frame.x;
  SpatialLagFit fit;
  fit.residuals = frame.y - estimates.rho * wy - frame.x * estimates.beta;
  fit.fitted = frame.y - fit.residuals;
  const double sse = arma::dot(fit.residuals, fit.residuals);
  estimates.sigma2 = sse / n;
  const MlCovariance covariance = ComputeMlCovariance(estimates, w_operator, *log_determinant,
                                                      options.covariance, TraceOptionsFrom(options));

  FitResult& result = fit.result;
  SetMaximumLikelihoodHeader(result, ToString(kind), frame);
  const arma::uword k = frame.x.n_cols;
  for (arma::uword j = 0; j < k; ++j) {
    result.coefficients.push_back(
        NormalCoefficient(DesignCoefficient(frame, j), estimates.beta[j], std::sqrt(covariance.vcov(j, j))));
  }
  const double rho_se = std::sqrt(covariance.vcov(k, k));
  result.coefficients.push_back(NormalCoefficient("rho", CoefficientRole::kRho, estimates.rho, rho_se));
  result.vcov = covariance.vcov;
  result.sigma2 = estimates.sigma2;
  result.log_likelihood = maximum.value;
  const double parameters = static_cast<double>(k) + 2.0;  // beta, rho and sigma2
  result.aic = -2.0 * result.log_likelihood + 2.0 * parameters;
  result.bic = -2.0 * result.log_likelihood + std::log(n) * parameters;
  const double ols_log_likelihood = ols.result.log_likelihood;
  result.diagnostics.push_back(LikelihoodRatioTest(result.log_likelihood, ols_log_likelihood, 1.0));
  result.diagnostics.push_back(WaldTest("rho", estimates.rho, rho_se));
  result.diagnostics.push_back(LagResidualAutocorrelationTest(estimates, w, covariance, fit.residuals));
  AddStatistic(result, "sse", sse);
  AddStatistic(result, "log_likelihood_ols", ols_log_likelihood);
  AddStatistic(result, "aic_ols", ols.result.aic);
  AddStatistic(result, "rho_lower", log_determinant->Bounds().lower);
  AddStatistic(result, "rho_upper", log_determinant->Bounds().upper);
  AddStatistic(result, "iterations", maximum.iterations);
  FinishOneParameterMlResult(frame, w, *log_determinant, maximum, options, "rho", std::move(notes),
                             covariance.method, start, result);
  return fit;
}

}  // namespace hinterland::estimators
