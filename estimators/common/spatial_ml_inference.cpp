// Covariances and tests of the ML spatial lag and error models (see spatial_ml_inference.hpp).
// Information matrix in the order (sigma2, rho, beta), with W_A = W (I - rho W)^-1 (Anselin 1988, 6.5):
//   lag:   I_ss = n / (2 s2^2), I_sr = tr(W_A) / s2, I_rr = tr(W_A W_A) + tr(W_A' W_A) + |W_A X b|^2 / s2,
//          I_rb = X' W_A X b / s2, I_bb = X'X / s2, I_sb = 0;
//   error: the same with I_rr = tr(W_A W_A) + tr(W_A' W_A), I_rb = 0 and I_bb = X*'X* / s2 (X* = X - lambda
//   WX).
// Sandwich: V = I^-1 (sum_i g_i g_i') I^-1 with the per-observation scores g_i = (d l_i / d sigma2, d l_i /
// d rho, d l_i / d beta), splitting the log-Jacobian's derivative -tr(W_A) by its diagonal (W_A)_ii. The
// scores are dependent through W, so this is a heteroskedasticity-robust quasi-ML estimate (White 1982), not
// a fully dependence-robust one (for which see Kelejian & Prucha 2010's GMM).
#include "estimators/common/spatial_ml_inference.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "engine/core/error.hpp"
#include "engine/inference/distributions.hpp"
#include "engine/inference/numerical_hessian.hpp"
#include "estimators/common/result_building.hpp"
#include "estimators/common/weights_info.hpp"

namespace hinterland::estimators {
namespace {

std::string ParameterName(SpatialProcess process) {
  return process == SpatialProcess::kLag ? "rho" : "lambda";
}

// Residual e at (rho, beta): y - rho W y - X beta (lag) or (y - rho W y) - (X - rho W X) beta (error).
arma::vec ResidualsAt(const MlEstimates& data, double rho, const arma::vec& beta) {
  if (data.process == SpatialProcess::kLag) return data.y - rho * data.wy - data.x * beta;
  return (data.y - rho * data.wy) - (data.x - rho * data.wx) * beta;
}

arma::mat FilteredDesign(const MlEstimates& data) {
  return data.process == SpatialProcess::kLag ? data.x : arma::mat(data.x - data.rho * data.wx);
}

// The (k + 2) information matrix in the order (sigma2, rho, beta) without its trace terms: those are added
// by WithTraces, so that the stopping rule of the stochastic traces can re-evaluate it cheaply.
arma::mat InformationWithoutTraces(const MlEstimates& data,
                                   const SpatialFilter& filter,
                                   const engine::SpatialWeights& w) {
  const arma::uword k = data.beta.n_elem;
  const double n = static_cast<double>(data.y.n_elem);
  const double s2 = data.sigma2;
  const arma::mat design = FilteredDesign(data);
  arma::mat information(k + 2, k + 2, arma::fill::zeros);
  information(0, 0) = n / (2.0 * s2 * s2);
  if (data.process == SpatialProcess::kLag) {
    const arma::vec w_a_xb = w.Multiply(filter.Solve(arma::vec(data.x * data.beta)));  // W_A X b
    information(1, 1) = arma::dot(w_a_xb, w_a_xb) / s2;
    const arma::vec cross = data.x.t() * w_a_xb / s2;
    information.submat(2, 1, k + 1, 1) = cross;
    information.submat(1, 2, 1, k + 1) = cross.t();
  }
  information.submat(2, 2, k + 1, k + 1) = design.t() * design / s2;
  return information;
}

// I_sr = tr(W_A) / s2 and I_rr += tr(W_A W_A) + tr(W_A' W_A).
arma::mat WithTraces(
    arma::mat information, double trace_wa, double trace_wa_wa, double trace_wa_t_wa, double s2) {
  information(0, 1) = information(1, 0) = trace_wa / s2;
  information(1, 1) += trace_wa_wa + trace_wa_t_wa;
  return information;
}

// The relative standard error that the probes' noise puts on the analytic standard errors (and, for the lag
// model, on the LM test's denominator), by the delta method over probes. With V = I^-1 and u_j = V e_j, a
// change dI moves V_jj by -u_j' dI u_j, i.e. by -(2 u_j0 u_j1 dtr(W_A) / s2 + u_j1^2 (dtr(W_A W_A) +
// dtr(W_A' W_A))): that linear combination of each probe's traces has a spread over probes whose standard
// error, relative to V_jj, is twice the relative standard error of the standard error sqrt(V_jj).
double TracesRelativeError(const MlEstimates& data, const arma::mat& base, const FilterTraces& traces) {
  const arma::mat& per_probe = traces.per_probe;
  if (per_probe.n_rows < 2) return arma::datum::inf;
  const double s2 = data.sigma2;
  arma::mat variance;
  if (!arma::inv(variance, WithTraces(base, traces.trace_wa, traces.trace_wa_wa, traces.trace_wa_t_wa, s2))) {
    return arma::datum::inf;
  }
  const double probes = static_cast<double>(per_probe.n_rows);
  double worst = 0.0;
  for (arma::uword j = 1; j < variance.n_rows; ++j) {  // rho (or lambda) and the betas, not sigma2
    const arma::vec u = variance.col(j);
    const arma::vec moved =
        2.0 * u[0] * u[1] / s2 * per_probe.col(0) + u[1] * u[1] * (per_probe.col(2) + per_probe.col(1));
    worst = std::max(worst, 0.5 * arma::stddev(moved) / std::sqrt(probes) / variance(j, j));
  }
  if (data.process == SpatialProcess::kLag) {
    // LM denominator tr(T) - tr(TA)^2 var(rho): per probe, its first-order change.
    const double rho_variance = variance(1, 1);
    const arma::vec u = variance.col(1);
    const arma::vec moved_variance =
        -(2.0 * u[0] * u[1] / s2 * per_probe.col(0) + u[1] * u[1] * (per_probe.col(2) + per_probe.col(1)));
    const double t_a = traces.trace_t_a;
    const arma::vec moved = -2.0 * t_a * rho_variance * per_probe.col(3) - t_a * t_a * moved_variance;
    const double denominator = traces.trace_t - t_a * t_a * rho_variance;
    worst = std::max(worst, arma::stddev(moved) / std::sqrt(probes) / std::fabs(denominator));
  }
  return worst;
}

arma::mat Invert(const arma::mat& matrix, const std::string& what, const MlEstimates& data) {
  arma::mat inverse;
  if (!arma::inv_sympd(inverse, arma::symmatu(matrix)) && !arma::inv(inverse, matrix)) {
    throw engine::NumericalError(fmt::format("the {} is singular at {}={:.10g}; no covariance", what,
                                             ParameterName(data.process), data.rho));
  }
  return inverse;
}

// Reorders a covariance over (rho, beta) (after dropping sigma2, when present) to (beta, rho).
arma::mat ToCoefficientOrder(const arma::mat& rho_beta) {
  const arma::uword p = rho_beta.n_rows;
  arma::uvec order(p);
  for (arma::uword j = 0; j + 1 < p; ++j) order[j] = j + 1;
  order[p - 1] = 0;
  return rho_beta.submat(order, order);
}

arma::mat HessianCovariance(const MlEstimates& data, const engine::LogDeterminant& log_determinant) {
  const arma::uword k = data.beta.n_elem;
  arma::vec theta(k + 1);
  theta[0] = data.rho;
  theta.tail(k) = data.beta;
  engine::NumericalHessianOptions options;
  options.lower_limits.set_size(k + 1);
  options.upper_limits.set_size(k + 1);
  options.lower_limits.fill(-arma::datum::inf);
  options.upper_limits.fill(arma::datum::inf);
  options.lower_limits[0] = log_determinant.Bounds().lower;
  options.upper_limits[0] = log_determinant.Bounds().upper;
  const auto log_likelihood = [&](const arma::vec& point) {
    return ConcentratedLogLikelihood(data, log_determinant, point[0], point.tail(k));
  };
  const arma::mat hessian = engine::NumericalHessian(log_likelihood, theta, options);
  return ToCoefficientOrder(Invert(-hessian, "numerical Hessian of the log-likelihood", data));
}

arma::mat SandwichCovariance(const MlEstimates& data,
                             const FilterTraces& traces,
                             const arma::mat& bread,
                             const engine::SpatialWeights& w) {
  const arma::uword k = data.beta.n_elem;
  const double s2 = data.sigma2;
  const arma::vec e = ResidualsAt(data, data.rho, data.beta);
  const arma::vec w_dependent =
      data.process == SpatialProcess::kLag ? data.wy : w.Multiply(arma::vec(data.y - data.x * data.beta));
  const arma::mat design = FilteredDesign(data);
  arma::mat scores(e.n_elem, k + 2);
  scores.col(0) = (arma::square(e) / s2 - 1.0) / (2.0 * s2);
  scores.col(1) = w_dependent % e / s2 - traces.diagonal_wa;
  scores.cols(2, k + 1) = design.each_col() % (e / s2);
  const arma::mat meat = scores.t() * scores;
  const arma::mat full = bread * meat * bread;
  return ToCoefficientOrder(full.submat(1, 1, k + 1, k + 1));
}

}  // namespace

double ConcentratedLogLikelihood(const MlEstimates& data,
                                 const engine::LogDeterminant& log_determinant,
                                 double rho,
                                 const arma::vec& beta) {
  const double n = static_cast<double>(data.y.n_elem);
  const arma::vec e = ResidualsAt(data, rho, beta);
  const double sse = arma::dot(e, e);
  return log_determinant.Evaluate(rho) -
         0.5 * n * (std::log(2.0 * std::numbers::pi) + std::log(sse / n) + 1.0);
}

MlCovariance ComputeMlCovariance(const MlEstimates& estimates,
                                 const engine::WeightsOperator& w_operator,
                                 const engine::LogDeterminant& log_determinant,
                                 CovarianceEstimator method,
                                 const FilterTraceOptions& trace_options) {
  const engine::SpatialWeights& w = w_operator.Weights();
  const SpatialFilter filter(w_operator, estimates.rho, trace_options);
  const arma::mat base = InformationWithoutTraces(estimates, filter, w);
  MlCovariance covariance;
  covariance.traces =
      filter.Traces([&](const FilterTraces& traces) { return TracesRelativeError(estimates, base, traces); });
  const arma::uword k = estimates.beta.n_elem;
  const FilterTraces& traces = covariance.traces;
  const arma::mat information =
      WithTraces(base, traces.trace_wa, traces.trace_wa_wa, traces.trace_wa_t_wa, estimates.sigma2);
  const arma::mat inverse = Invert(information, "asymptotic information matrix", estimates);
  covariance.analytic = ToCoefficientOrder(inverse.submat(1, 1, k + 1, k + 1));
  switch (method) {
    case CovarianceEstimator::kAnalytic:
      covariance.vcov = covariance.analytic;
      covariance.method = "analytic asymptotic information matrix; " + covariance.traces.method;
      break;
    case CovarianceEstimator::kNumericalHessian:
      covariance.vcov = HessianCovariance(estimates, log_determinant);
      covariance.method =
          "numerical Hessian (central differences) of the log-likelihood, sigma2 concentrated";
      break;
    case CovarianceEstimator::kSandwich:
      covariance.vcov = SandwichCovariance(estimates, covariance.traces, inverse, w);
      covariance.method = "quasi-ML sandwich I^-1 G I^-1 (White 1982) with per-observation scores; " +
                          covariance.traces.method;
      break;
    case CovarianceEstimator::kCluster:
      throw engine::OptionError("`vcov` cluster clusters by unit: it needs a panel (`time`)");
    default:
      HINTERLAND_CHECK(
          false, "a least-squares covariance asked of an ML fit (ValidateSpatialFitOptions refuses it)");
  }
  covariance.vcov = arma::symmatu(covariance.vcov);
  return covariance;
}

Diagnostic LagResidualAutocorrelationTest(const MlEstimates& estimates,
                                          const engine::SpatialWeights& w,
                                          const MlCovariance& covariance,
                                          const arma::vec& residuals) {
  const double rho_variance =
      covariance.analytic(covariance.analytic.n_rows - 1, covariance.analytic.n_cols - 1);
  const double score = arma::dot(residuals, w.Multiply(residuals)) / estimates.sigma2;
  const double denominator =
      covariance.traces.trace_t - covariance.traces.trace_t_a * covariance.traces.trace_t_a * rho_variance;
  Diagnostic diagnostic;
  diagnostic.name = "LM test for residual autocorrelation";
  diagnostic.statistic = score * score / denominator;
  diagnostic.df = 1.0;
  diagnostic.p_value = engine::ChiSquaredUpperTail(diagnostic.statistic, 1.0);
  return diagnostic;
}

Coefficient NormalCoefficient(const std::string& name,
                              CoefficientRole role,
                              double estimate,
                              double std_error) {
  Coefficient coefficient;
  coefficient.name = name;
  coefficient.role = role;
  return NormalCoefficient(std::move(coefficient), estimate, std_error);
}

Coefficient NormalCoefficient(Coefficient coefficient, double estimate, double std_error) {
  coefficient.estimate = estimate;
  coefficient.std_error = std_error;
  coefficient.statistic = estimate / std_error;
  coefficient.p_value = engine::NormalTwoSided(coefficient.statistic);
  return coefficient;
}

Diagnostic LikelihoodRatioTest(double log_likelihood, double null_log_likelihood, double df) {
  Diagnostic diagnostic;
  diagnostic.name = "LR test (vs OLS)";
  diagnostic.statistic = 2.0 * (log_likelihood - null_log_likelihood);
  diagnostic.df = df;
  diagnostic.p_value = engine::ChiSquaredUpperTail(diagnostic.statistic, df);
  diagnostic.note = fmt::format("log-likelihood {:.6f} vs OLS {:.6f}", log_likelihood, null_log_likelihood);
  return diagnostic;
}

Diagnostic WaldTest(const std::string& parameter, double estimate, double std_error) {
  Diagnostic diagnostic;
  diagnostic.name = "Wald test (" + parameter + ")";
  diagnostic.statistic = (estimate / std_error) * (estimate / std_error);
  diagnostic.df = 1.0;
  diagnostic.p_value = engine::ChiSquaredUpperTail(diagnostic.statistic, 1.0);
  return diagnostic;
}

}  // namespace hinterland::estimators

namespace hinterland::estimators {

engine::ScalarMaximum MaximizeOverBounds(const std::function<double(double)>& concentrated_log_likelihood,
                                         const engine::LogDeterminant& log_determinant,
                                         const SpatialFitOptions& options,
                                         const std::string& parameter) {
  const engine::RhoBounds bounds = log_determinant.Bounds();
  if (!std::isfinite(bounds.lower) || !std::isfinite(bounds.upper)) {
    throw engine::NumericalError(
        fmt::format("the interval of {} ({}, {}) is not finite: W has no negative or no "
                    "positive eigenvalue",
                    parameter, bounds.lower, bounds.upper));
  }
  const double margin = std::sqrt(std::numeric_limits<double>::epsilon()) * (bounds.upper - bounds.lower);
  engine::ScalarMaximizerOptions maximizer;
  maximizer.tolerance = options.tolerance;
  maximizer.max_iterations = options.max_iterations;
  maximizer.argument_name = parameter;
  maximizer.function_name = "log-likelihood";
  if (options.iteration_log) {
    maximizer.on_evaluation = [&options, &parameter](int evaluation, double argument, double value) {
      options.iteration_log(fmt::format("Iteration {}: log likelihood = {:.10g}  ({} = {:.8g})", evaluation,
                                        value, parameter, argument));
    };
  }
  return engine::MaximizeScalar(concentrated_log_likelihood, bounds.lower + margin, bounds.upper - margin,
                                maximizer);
}

void ApplySearchOutcome(const engine::ScalarMaximum& maximum,
                        const engine::LogDeterminant& log_determinant,
                        const SpatialFitOptions& options,
                        const std::string& parameter,
                        FitResult& result) {
  const engine::RhoBounds bounds = log_determinant.Bounds();
  if (maximum.at_lower_bound || maximum.at_upper_bound) {
    const double bound = maximum.at_lower_bound ? bounds.lower : bounds.upper;
    result.status = FitStatus::kAtBound;
    result.status_message =
        fmt::format("{} at the {} bound {:.6g} of ({:.6g}, {:.6g})", parameter,
                    maximum.at_lower_bound ? "lower" : "upper", bound, bounds.lower, bounds.upper);
    result.warnings.push_back(
        fmt::format("{} = {:.8g} is at the {} bound {:.6g} of its interval ({:.6g}, {:.6g}): the likelihood "
                    "has no interior "
                    "maximum; results should not be used",
                    parameter, maximum.argument, maximum.at_lower_bound ? "lower" : "upper", bound,
                    bounds.lower, bounds.upper));
    return;
  }
  if (!maximum.converged) {
    result.status = FitStatus::kNotConverged;
    result.status_message =
        fmt::format("Brent search for {} did not converge in {} iterations", parameter, maximum.iterations);
    result.warnings.push_back(
        fmt::format("the search for {} did not converge in {} iterations (`max_iterations` {}, `tolerance` "
                    "{:g}); results "
                    "should not be used",
                    parameter, maximum.iterations, options.max_iterations, options.tolerance));
    return;
  }
  result.status = FitStatus::kConverged;
  result.status_message = fmt::format("Brent search for {} converged in {} iterations (to {:.2g})", parameter,
                                      maximum.iterations, maximum.tolerance_used);
}

void FillMlProvenance(const engine::LogDeterminant& log_determinant,
                      const SpatialFitOptions& options,
                      const std::string& vcov_method,
                      double seconds,
                      Provenance& provenance) {
  provenance.logdet_given = engine::ToString(log_determinant.MethodGiven());
  provenance.logdet_used = engine::ToString(log_determinant.MethodUsed());
  provenance.logdet_description = log_determinant.Describe();
  provenance.vcov_method = vcov_method;
  FillEngineProvenance(provenance);
  provenance.seed = options.seed;
  provenance.stage_seconds.emplace_back("fit", seconds);
}

arma::mat SumByCluster(const arma::mat& row_scores,
                       const std::vector<std::int64_t>& clusters,
                       std::int64_t count) {
  HINTERLAND_CHECK(clusters.size() == row_scores.n_rows, "SumByCluster: one cluster per row");
  arma::mat sums(static_cast<arma::uword>(count), row_scores.n_cols, arma::fill::zeros);
  for (arma::uword r = 0; r < row_scores.n_rows; ++r)
    sums.row(static_cast<arma::uword>(clusters[r])) += row_scores.row(r);
  return sums;
}

arma::mat ClusteredSandwich(const arma::mat& inverse, const arma::mat& cluster_scores) {
  const double g = static_cast<double>(cluster_scores.n_rows);
  return (g / (g - 1.0)) * inverse * (cluster_scores.t() * cluster_scores) * inverse;
}

FilterTraceOptions TraceOptionsFrom(const SpatialFitOptions& options) {
  FilterTraceOptions traces;
  traces.exact_max_n = options.exact_covariance_max_n;
  traces.probes = options.trace_probes;
  traces.target_relative_error = options.trace_relative_error;
  traces.seed = options.seed;
  return traces;
}

void FinishOneParameterMlResult(const engine::ModelFrame& frame,
                                const engine::SpatialWeights& w,
                                const engine::LogDeterminant& log_determinant,
                                const engine::ScalarMaximum& maximum,
                                const SpatialFitOptions& options,
                                const std::string& parameter,
                                std::vector<std::string> notes,
                                const std::string& vcov_method,
                                std::chrono::steady_clock::time_point start,
                                FitResult& result) {
  result.warnings = std::move(notes);
  if (!log_determinant.IsExact()) {
    result.warnings.push_back(fmt::format("log-determinant is approximate ({}): error about {:.2g} at {}",
                                          log_determinant.Describe(),
                                          log_determinant.ErrorEstimate(maximum.argument), parameter));
  }
  RecordDroppedRows(frame, result);
  ApplySearchOutcome(maximum, log_determinant, options, parameter, result);
  result.has_weights = true;
  result.weights = DescribeWeights(w);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  FillMlProvenance(log_determinant, options, vcov_method, seconds, result.provenance);
}

}  // namespace hinterland::estimators
