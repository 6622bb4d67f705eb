// ML SEM and SDEM with the likelihood concentrated in lambda (see sem_model.hpp; Anselin 1988, eqs.
// 6.20-6.23; spatialreg errorsarlm: sar.error.f with a QR of the filtered design per lambda).
#include "estimators/error/sem_model.hpp"

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

double ConcentratedValue(const FilteredRegression& regression,
                         const engine::LogDeterminant& log_determinant,
                         double n,
                         double lambda) {
  return estimators::ConcentratedValue(log_determinant.Evaluate(lambda), regression.sse, n, "lambda", lambda,
                                       "the filtered y is fitted exactly");
}

}  // namespace

SpatialErrorFit FitSpatialError(const SpatialDesign& design,
                                ModelKind kind,
                                const SpatialFitOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  if (kind != ModelKind::kSem && kind != ModelKind::kSdem) {
    throw engine::OptionError("`model` " + ToString(kind) + " is not a spatial error model (sem or sdem)");
  }
  ValidateSpatialFitOptions(options);
  const engine::WeightsOperator& w_operator = design.W();
  const engine::SpatialWeights& w = w_operator.Weights();
  std::vector<std::string> notes;
  const engine::ModelFrame frame =
      FrameWithDurbinColumns(design.Frame(), w_operator, options, kind == ModelKind::kSdem, notes);
  const OlsFit ols = FitOls(frame, OlsOptions{});  // checks n > k, finiteness and collinearity
  const arma::vec wy = w_operator.Apply(frame.y);
  const arma::mat wx = w_operator.Apply(frame.x);
  const double n = static_cast<double>(frame.y.n_elem);

  const std::unique_ptr<engine::LogDeterminant> log_determinant =
      engine::CreateLogDeterminant(w_operator, options.logdet);
  const auto objective = [&](double lambda) {
    return ConcentratedValue(RegressFiltered(frame.y, wy, frame.x, wx, lambda), *log_determinant, n, lambda);
  };
  const engine::ScalarMaximum maximum = MaximizeOverBounds(objective, *log_determinant, options, "lambda");
  const double lambda = maximum.argument;
  const FilteredRegression regression = RegressFiltered(frame.y, wy, frame.x, wx, lambda);

  MlEstimates estimates;
  estimates.process = SpatialProcess::kError;
  estimates.rho = lambda;
  estimates.beta = regression.beta;
  estimates.sigma2 = regression.sse / n;
  estimates.y = frame.y;
  estimates.wy = wy;
  estimates.x = frame.x;
  estimates.wx = wx;
  const MlCovariance covariance = ComputeMlCovariance(estimates, w_operator, *log_determinant,
                                                      options.covariance, TraceOptionsFrom(options));

  SpatialErrorFit fit;
  fit.residuals = frame.y - frame.x * regression.beta;
  fit.filtered_residuals = regression.residuals;
  fit.fitted = frame.y - fit.residuals;
  FitResult& result = fit.result;
  SetMaximumLikelihoodHeader(result, ToString(kind), frame);
  const arma::uword k = frame.x.n_cols;
  for (arma::uword j = 0; j < k; ++j) {
    result.coefficients.push_back(
        NormalCoefficient(DesignCoefficient(frame, j), regression.beta[j], std::sqrt(covariance.vcov(j, j))));
  }
  const double lambda_se = std::sqrt(covariance.vcov(k, k));
  result.coefficients.push_back(NormalCoefficient("lambda", CoefficientRole::kLambda, lambda, lambda_se));
  result.vcov = covariance.vcov;
  result.sigma2 = estimates.sigma2;
  result.log_likelihood = maximum.value;
  const double parameters = static_cast<double>(k) + 2.0;  // beta, lambda and sigma2
  result.aic = -2.0 * result.log_likelihood + 2.0 * parameters;
  result.bic = -2.0 * result.log_likelihood + std::log(n) * parameters;
  const double ols_log_likelihood = ols.result.log_likelihood;
  result.diagnostics.push_back(LikelihoodRatioTest(result.log_likelihood, ols_log_likelihood, 1.0));
  result.diagnostics.push_back(WaldTest("lambda", lambda, lambda_se));
  AddStatistic(result, "sse", regression.sse);
  AddStatistic(result, "log_likelihood_ols", ols_log_likelihood);
  AddStatistic(result, "aic_ols", ols.result.aic);
  AddStatistic(result, "lambda_lower", log_determinant->Bounds().lower);
  AddStatistic(result, "lambda_upper", log_determinant->Bounds().upper);
  AddStatistic(result, "iterations", maximum.iterations);
  FinishOneParameterMlResult(frame, w, *log_determinant, maximum, options, "lambda", std::move(notes),
                             covariance.method, start, result);
  return fit;
}

}  // namespace hinterland::estimators
