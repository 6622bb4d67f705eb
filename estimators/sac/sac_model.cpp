// ML SAC / SARAR fit (see sac_model.hpp): checks, the multi-start search (sac_search.hpp), the GLS beta and
// sigma2 at the kept maximum, the covariance (sac_covariance.hpp) and the FitResult. The LR test is against
// OLS with df 2 (rho and lambda); the joint Wald test of (rho, lambda) uses their 2 x 2 covariance block with
// df 2 (not spatialreg's Wald1.Sarlm, which squares lambda's z alone but reports df 2).
#include "estimators/sac/sac_model.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <memory>

#include "engine/core/error.hpp"
#include "engine/logdet/log_determinant.hpp"
#include "estimators/common/durbin_terms.hpp"
#include "estimators/common/result_building.hpp"
#include "estimators/common/spatial_ml_inference.hpp"
#include "estimators/common/weights_info.hpp"
#include "estimators/ols/ols_model.hpp"
#include "estimators/sac/sac_covariance.hpp"
#include "estimators/sac/sac_likelihood.hpp"
#include "estimators/sac/sac_result.hpp"
#include "estimators/sac/sac_search.hpp"

namespace hinterland::estimators {
namespace {

void RequireMatchingRows(const engine::ModelFrame& frame, const engine::SpatialWeights& w, const char* name) {
  if (static_cast<arma::uword>(w.n()) != frame.y.n_elem) {
    throw engine::WeightsError(fmt::format("{} has {} units but the data have {} rows ({})", name, w.n(),
                                           frame.y.n_elem, frame.source));
  }
  if (frame.ids.size() != frame.y.n_elem) return;  // no ids to compare (frames built in memory)
  for (std::size_t i = 0; i < frame.ids.size(); ++i) {
    if (w.Ids()[i] != frame.ids[i]) {
      throw engine::WeightsError(
          fmt::format("{} row {} is unit '{}' but data row {} is '{}': align the data "
                      "and weights by id first",
                      name, i + 1, w.Ids()[i], i + 1, frame.ids[i]));
    }
  }
}

}  // namespace

SacFit FitSacWithOptima(const engine::ModelFrame& frame,
                        const engine::SpatialWeights& w1,
                        const engine::SpatialWeights& w2,
                        const SpatialFitOptions& options) {
  const engine::WeightsOperator lag_weights(w1);
  if (w1.SameLinks(w2)) return FitSacWithOptima(frame, lag_weights, lag_weights, options);
  return FitSacWithOptima(frame, lag_weights, engine::WeightsOperator(w2), options);
}

SacFit FitSacWithOptima(const engine::ModelFrame& frame,
                        const engine::WeightsOperator& w1_operator,
                        const engine::WeightsOperator& w2_operator,
                        const SpatialFitOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const engine::SpatialWeights& w1 = w1_operator.Weights();
  const engine::SpatialWeights& w2 = w2_operator.Weights();
  ValidateSpatialFitOptions(options);
  if (options.covariance == CovarianceEstimator::kSandwich ||
      options.covariance == CovarianceEstimator::kCluster) {
    throw engine::OptionError("`vcov` " + ToString(options.covariance) +
                              " is not available for `model` sac (use analytic or hessian)");
  }
  RequireMatchingRows(frame, w1, "W1 (lag weights)");
  RequireMatchingRows(frame, w2, "W2 (error weights)");
  const OlsFit ols = FitOls(frame, OlsOptions{});  // checks n > k, finiteness and collinearity
  const SacData data = MakeSacData(frame.y, frame.x, w1, w2);
  const double n = static_cast<double>(frame.y.n_elem);
  const SacSolution solution = SolveSac(data, w1_operator, w2_operator, options);
  const bool same_weights = solution.SameWeights();
  const std::unique_ptr<engine::LogDeterminant>& log_det_1 = solution.log_det_1;
  const engine::LogDeterminant& log_det_2 = solution.LogDet2();
  const SacSearch& search = solution.search;
  const LocalOptimum& best = search.optima.front();
  const SacRegression& regression = solution.regression;
  const SacEstimates& estimates = solution.estimates;
  const SacCovariance covariance =
      ComputeSacCovariance(data, w1, w2, *log_det_1, log_det_2, estimates, options);

  SacFit fit;
  fit.optima = search.optima;
  fit.kept = 0;
  fit.residuals = regression.residuals;
  fit.fitted = frame.y - fit.residuals;
  FitResult& result = fit.result;
  SetMaximumLikelihoodHeader(result, "sac", frame);
  const arma::uword k = frame.x.n_cols;
  for (arma::uword j = 0; j < k; ++j) {
    result.coefficients.push_back(
        NormalCoefficient(DesignCoefficient(frame, j), estimates.beta[j], std::sqrt(covariance.vcov(j, j))));
  }
  const double rho_se = std::sqrt(covariance.vcov(k, k));
  const double lambda_se = std::sqrt(covariance.vcov(k + 1, k + 1));
  result.coefficients.push_back(NormalCoefficient("rho", CoefficientRole::kRho, estimates.rho, rho_se));
  result.coefficients.push_back(
      NormalCoefficient("lambda", CoefficientRole::kLambda, estimates.lambda, lambda_se));
  result.vcov = covariance.vcov;
  result.sigma2 = estimates.sigma2;
  result.log_likelihood = best.log_likelihood;
  const double parameters = static_cast<double>(k) + 3.0;  // beta, rho, lambda and sigma2
  result.aic = -2.0 * result.log_likelihood + 2.0 * parameters;
  result.bic = -2.0 * result.log_likelihood + std::log(n) * parameters;
  const double ols_log_likelihood = ols.result.log_likelihood;
  result.diagnostics.push_back(LikelihoodRatioTest(result.log_likelihood, ols_log_likelihood, 2.0));
  result.diagnostics.push_back(WaldTest("rho", estimates.rho, rho_se));
  result.diagnostics.push_back(WaldTest("lambda", estimates.lambda, lambda_se));
  result.diagnostics.push_back(
      JointWaldTest(arma::vec2{estimates.rho, estimates.lambda}, covariance.vcov.submat(k, k, k + 1, k + 1)));
  AddStatistic(result, "sse", regression.sse);
  AddStatistic(result, "log_likelihood_ols", ols_log_likelihood);
  AddStatistic(result, "aic_ols", ols.result.aic);
  AddStatistic(result, "rho_lower", log_det_1->Bounds().lower);
  AddStatistic(result, "rho_upper", log_det_1->Bounds().upper);
  AddStatistic(result, "lambda_lower", log_det_2.Bounds().lower);
  AddStatistic(result, "lambda_upper", log_det_2.Bounds().upper);
  AddStatistic(result, "iterations", search.iterations);
  AddStatistic(result, "evaluations", search.evaluations);
  ReportOptima(search, result);
  result.warnings.insert(result.warnings.end(), search.notes.begin(), search.notes.end());
  result.warnings.insert(result.warnings.end(), covariance.warnings.begin(), covariance.warnings.end());
  if (!same_weights) {
    result.warnings.push_back(fmt::format(
        "error weights W2 differ from lag weights W1: W2 from {} ({} links)", w2.Source(), w2.LinkCount()));
  }
  WarnApproximateLogDeterminants(*log_det_1, log_det_2, same_weights, estimates, result);
  RecordDroppedRows(frame, result);
  ApplySacOutcome(search, *log_det_1, log_det_2, options, result);
  result.has_weights = true;
  result.weights = DescribeWeights(w1);
  result.has_weights2 = true;
  result.weights2 = DescribeWeights(w2);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  FillMlProvenance(*log_det_1, options, covariance.method, seconds, result.provenance);
  if (!same_weights) {  // W2's back-end is given/used too (auto may choose another for it)
    result.provenance.logdet_description += "; W2: " + log_det_2.Describe();
  }
  return fit;
}

FitResult FitSac(const engine::ModelFrame& frame,
                 const engine::SpatialWeights& w1,
                 const engine::SpatialWeights& w2,
                 const SpatialFitOptions& options) {
  return FitSacWithOptima(frame, w1, w2, options).result;
}

}  // namespace hinterland::estimators
