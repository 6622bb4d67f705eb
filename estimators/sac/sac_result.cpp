// The shared parts of SAC results (see sac_result.hpp), as the cross-section fit has always built them.
#include "estimators/sac/sac_result.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "engine/inference/distributions.hpp"
#include "estimators/common/result_building.hpp"

namespace hinterland::estimators {

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

SacSolution SolveSac(const SacData& data,
                     const engine::WeightsOperator& w1,
                     const engine::WeightsOperator& w2,
                     const SpatialFitOptions& options) {
  std::unique_ptr<engine::LogDeterminant> own_log_det_2;
  if (&w1 != &w2 && !w1.Weights().SameLinks(w2.Weights())) {
    own_log_det_2 = engine::CreateLogDeterminant(w2, options.logdet);
  }
  return SolveSac(data, engine::CreateLogDeterminant(w1, options.logdet), std::move(own_log_det_2), options);
}

SacSolution SolveSac(const SacData& data,
                     std::unique_ptr<engine::LogDeterminant> log_det_1,
                     std::unique_ptr<engine::LogDeterminant> own_log_det_2,
                     const SpatialFitOptions& options) {
  SacSolution solution;
  solution.log_det_1 = std::move(log_det_1);
  solution.own_log_det_2 = std::move(own_log_det_2);
  solution.search = SearchSacMaximum(data, *solution.log_det_1, solution.LogDet2(), options);
  const LocalOptimum& best = solution.search.optima.front();
  solution.regression = RegressSac(data, best.rho, best.lambda);
  solution.estimates = {best.rho, best.lambda, solution.regression.beta,
                        solution.regression.sse / data.observations};
  return solution;
}

void WarnApproximateLogDeterminants(const engine::LogDeterminant& log_det_1,
                                    const engine::LogDeterminant& log_det_2,
                                    bool same_weights,
                                    const SacEstimates& estimates,
                                    FitResult& result) {
  const engine::LogDeterminant* determinants[2] = {&log_det_1, &log_det_2};
  const double arguments[2] = {estimates.rho, estimates.lambda};
  for (int i = 0; i < (same_weights ? 1 : 2); ++i) {
    if (determinants[i]->IsExact()) continue;
    result.warnings.push_back(fmt::format("log-determinant of W{} is approximate ({}): error about {:.2g}",
                                          i + 1, determinants[i]->Describe(),
                                          determinants[i]->ErrorEstimate(arguments[i])));
  }
}

SacCovariance ComputeSacCovariance(const SacData& data,
                                   const engine::SpatialWeights& w1,
                                   const engine::SpatialWeights& w2,
                                   const engine::LogDeterminant& log_det_1,
                                   const engine::LogDeterminant& log_det_2,
                                   const SacEstimates& estimates,
                                   const SpatialFitOptions& options) {
  SacCovariance covariance;
  const std::int64_t n = w1.n();  // the dense inverses' order: the units, also of a panel
  const bool panel = static_cast<std::int64_t>(data.y.n_elem) > n;
  if (options.covariance == CovarianceEstimator::kAnalytic && n <= options.exact_covariance_max_n) {
    covariance.vcov = SacAnalyticCovariance(data, w1, w2, estimates);
    covariance.method =
        panel ? "analytic asymptotic information matrix; exact traces (dense N x N inverses of I - rho W1 "
                "and I - lambda W2), each taken T times"
              : "analytic asymptotic information matrix; exact traces (dense inverses of I - rho W1 "
                "and I - lambda W2)";
    return covariance;
  }
  if (options.covariance == CovarianceEstimator::kAnalytic) {
    covariance.warnings.push_back(fmt::format(
        "`vcov` analytic needs exact traces of dense {} inverses for sac, formed only for {} <= {} "
        "(exact_covariance_max_n); {} = {}, so the numerical Hessian was used",
        panel ? "N x N" : "n x n", panel ? "N" : "n", options.exact_covariance_max_n, panel ? "N" : "n", n));
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

}  // namespace hinterland::estimators
