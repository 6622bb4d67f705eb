// ML SAC / SARAR fit (see sac_model.hpp): checks, the multi-start search (sac_search.hpp), the GLS beta and
// sigma2 at the kept maximum, the covariance (sac_covariance.hpp) and the FitResult. The LR test is against
// OLS with df 2 (rho and lambda); the joint Wald test of (rho, lambda) uses their 2 x 2 covariance block with
// df 2 (not spatialreg's Wald1.Sarlm, which squares lambda's z alone but reports df 2).
#include "estimators/sac/sac_model.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <cmath>
#include <memory>

#include "engine/core/error.hpp"
#include "engine/inference/distributions.hpp"
#include "engine/logdet/log_determinant.hpp"
#include "estimators/common/durbin_terms.hpp"
#include "estimators/common/result_building.hpp"
#include "estimators/common/spatial_ml_inference.hpp"
#include "estimators/common/weights_info.hpp"
#include "estimators/ols/ols_model.hpp"
#include "estimators/sac/sac_covariance.hpp"
#include "estimators/sac/sac_likelihood.hpp"
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

// (rho, lambda)' V^-1 (rho, lambda) against chi-squared(2), V their covariance block.
Diagnostic JointWaldTest(const arma::vec2& estimates, const arma::mat& block) {
  Diagnostic diagnostic;
  diagnostic.name = "Wald test (rho, lambda)";
  diagnostic.df = 2.0;
  arma::vec solution;
  if (!arma::solve(solution, block, estimates, arma::solve_opts::no_approx)) {
    diagnostic.statistic = arma::datum::nan;
    diagnostic.p_value = arma::datum::nan;
    diagnostic.note = "the covariance of (rho, lambda) is singular";
    return diagnostic;
  }
  diagnostic.statistic = arma::dot(estimates, solution);
  diagnostic.p_value = engine::ChiSquaredUpperTail(diagnostic.statistic, 2.0);
  return diagnostic;
}

struct SacCovariance {
  arma::mat vcov;
  std::string method;
  std::vector<std::string> warnings;
};

SacCovariance ComputeSacCovariance(const SacData& data,
                                   const engine::SpatialWeights& w1,
                                   const engine::SpatialWeights& w2,
                                   const engine::LogDeterminant& log_det_1,
                                   const engine::LogDeterminant& log_det_2,
                                   const SacEstimates& estimates,
                                   const SpatialFitOptions& options) {
  SacCovariance covariance;
  const auto n = static_cast<std::int64_t>(data.y.n_elem);
  if (options.covariance == CovarianceEstimator::kAnalytic && n <= options.exact_covariance_max_n) {
    covariance.vcov = SacAnalyticCovariance(data, w1, w2, estimates);
    covariance.method =
        "analytic asymptotic information matrix; exact traces (dense inverses of I - rho W1 "
        "and I - lambda W2)";
    return covariance;
  }
  if (options.covariance == CovarianceEstimator::kAnalytic) {
    covariance.warnings.push_back(fmt::format(
        "`vcov` analytic needs exact traces of dense n x n inverses for sac, formed only for n <= {} "
        "(exact_covariance_max_n); n = {}, so the numerical Hessian was used",
        options.exact_covariance_max_n, n));
  }
  covariance.vcov = SacHessianCovariance(data, log_det_1, log_det_2, estimates);
  covariance.method = "numerical Hessian (central differences) of the log-likelihood, sigma2 concentrated";
  return covariance;
}

void ApplySacOutcome(const SacSearch& search,
                     const engine::LogDeterminant& log_det_1,
                     const engine::LogDeterminant& log_det_2,
                     const SpatialFitOptions& options,
                     FitResult& result) {
  const LocalOptimum& best = search.optima.front();
  if (best.at_bound) {
    const engine::RhoBounds bounds[2] = {log_det_1.Bounds(), log_det_2.Bounds()};
    const double values[2] = {best.rho, best.lambda};
    const char* names[2] = {"rho", "lambda"};
    std::vector<std::string> parts;
    for (int i = 0; i < 2; ++i) {
      const double width = bounds[i].upper - bounds[i].lower;
      const bool lower = values[i] - bounds[i].lower <= 1e-6 * width;
      const bool upper = bounds[i].upper - values[i] <= 1e-6 * width;
      if (lower || upper) {
        parts.push_back(fmt::format("{} = {:.8g} at the {} bound {:.6g} of ({:.6g}, {:.6g})", names[i],
                                    values[i], lower ? "lower" : "upper",
                                    lower ? bounds[i].lower : bounds[i].upper, bounds[i].lower,
                                    bounds[i].upper));
      }
    }
    const std::string where =
        parts.empty() ? std::string("at a bound") : fmt::format("{}", fmt::join(parts, "; "));
    result.status = FitStatus::kAtBound;
    result.status_message = where;
    result.warnings.push_back(where + ": the likelihood has no interior maximum; results should not be used");
    return;
  }
  if (!best.converged) {
    result.status = FitStatus::kNotConverged;
    result.status_message =
        fmt::format("BFGS search for (rho, lambda) did not converge in {} iterations ({})", search.iterations,
                    search.message);
    result.warnings.push_back(fmt::format(
        "the search for (rho, lambda) did not converge in {} iterations (`max_iterations` {}); results "
        "should not be used",
        search.iterations, options.max_iterations));
    return;
  }
  result.status = FitStatus::kConverged;
  result.status_message = fmt::format(
      "BFGS search for (rho, lambda) converged from {} starts ({} distinct "
      "local maxima)",
      search.starts, search.optima.size());
}

void ReportOptima(const SacSearch& search, FitResult& result) {
  AddStatistic(result, "local_optima", static_cast<double>(search.optima.size()));
  AddStatistic(result, "starts", static_cast<double>(search.starts));
  if (search.optima.size() < 2) return;
  std::vector<std::string> listed;
  for (const LocalOptimum& optimum : search.optima) {
    listed.push_back(fmt::format("(rho={:.6g}, lambda={:.6g}, logL={:.6f}, {} starts)", optimum.rho,
                                 optimum.lambda, optimum.log_likelihood, optimum.starts));
  }
  result.warnings.push_back(fmt::format(
      "the SAC log-likelihood has {} local maxima over (rho, lambda): {}; the highest (first) is reported",
      search.optima.size(), fmt::join(listed, ", ")));
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
  const bool same_weights = &w1_operator == &w2_operator || w1.SameLinks(w2);
  const SacData data = MakeSacData(frame.y, frame.x, w1, w2);
  const double n = static_cast<double>(frame.y.n_elem);

  const std::unique_ptr<engine::LogDeterminant> log_det_1 =
      engine::CreateLogDeterminant(w1_operator, options.logdet);
  std::unique_ptr<engine::LogDeterminant> own_log_det_2;
  if (!same_weights) own_log_det_2 = engine::CreateLogDeterminant(w2_operator, options.logdet);
  const engine::LogDeterminant& log_det_2 = same_weights ? *log_det_1 : *own_log_det_2;

  const SacSearch search = SearchSacMaximum(data, *log_det_1, log_det_2, options);
  const LocalOptimum& best = search.optima.front();
  const SacRegression regression = RegressSac(data, best.rho, best.lambda);
  SacEstimates estimates{best.rho, best.lambda, regression.beta, regression.sse / n};
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
  const engine::LogDeterminant* determinants[2] = {log_det_1.get(), &log_det_2};
  const double arguments[2] = {estimates.rho, estimates.lambda};
  for (int i = 0; i < (same_weights ? 1 : 2); ++i) {
    if (determinants[i]->IsExact()) continue;
    result.warnings.push_back(fmt::format("log-determinant of W{} is approximate ({}): error about {:.2g}",
                                          i + 1, determinants[i]->Describe(),
                                          determinants[i]->ErrorEstimate(arguments[i])));
  }
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
