// Baltagi, Song & Koh's conditional LM tests (see bsk_conditional_tests.hpp).
#include "estimators/panel/bsk_conditional_tests.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string>

#include "engine/core/error.hpp"
#include "engine/inference/distributions.hpp"
#include "engine/optim/scalar_maximizer.hpp"
#include "estimators/panel/within_transform.hpp"

namespace hinterland::estimators {
namespace {

struct QuasiDemeanedFit {
  arma::vec beta;
  double sse = 0.0;
};

QuasiDemeanedFit QuasiDemeanedLeastSquares(const engine::ModelFrame& frame,
                                           double theta,
                                           std::int64_t units,
                                           std::int64_t periods) {
  const arma::mat x = QuasiDemean(frame.x, theta, units, periods);
  const arma::vec y = QuasiDemean(frame.y, theta, units, periods);
  QuasiDemeanedFit fit;
  if (!arma::solve(fit.beta, x, y, arma::solve_opts::no_approx)) {
    throw engine::NumericalError(
        fmt::format("the random-effects regression is singular at theta={:.10g}", theta));
  }
  const arma::vec e = y - x * fit.beta;
  fit.sse = arma::dot(e, e);
  return fit;
}

Diagnostic RootOfLm(const std::string& name, double lm, const std::string& note) {
  Diagnostic diagnostic;
  diagnostic.name = name;
  diagnostic.statistic = std::sqrt(lm);
  diagnostic.df = 0.0;  // a z statistic
  diagnostic.p_value = engine::NormalTwoSided(diagnostic.statistic);
  diagnostic.note = note;
  return diagnostic;
}

}  // namespace

RandomEffectsRegression FitRandomEffectsRegression(const engine::ModelFrame& frame,
                                                   std::int64_t units,
                                                   std::int64_t periods) {
  const double observations = static_cast<double>(frame.y.n_elem);
  const auto log_likelihood = [&](double theta) {
    const double sse = QuasiDemeanedLeastSquares(frame, theta, units, periods).sse;
    return static_cast<double>(units) * std::log1p(-theta) -
           observations / 2.0 * (std::log(2.0 * arma::datum::pi) + std::log(sse / observations) + 1.0);
  };
  engine::ScalarMaximizerOptions options;
  options.tolerance = 1e-10;
  options.max_iterations = 200;
  options.argument_name = "theta";
  options.function_name = "random-effects log-likelihood";
  const engine::ScalarMaximum maximum = engine::MaximizeScalar(log_likelihood, 0.0, kThetaMax, options);
  RandomEffectsRegression fit;
  fit.theta = maximum.argument;
  fit.phi = PhiOf(fit.theta, static_cast<double>(periods));
  fit.beta = QuasiDemeanedLeastSquares(frame, fit.theta, units, periods).beta;
  fit.residuals = frame.y - frame.x * fit.beta;
  fit.log_likelihood = maximum.value;
  return fit;
}

Diagnostic ConditionalLambdaTest(const arma::vec& residuals, const engine::WeightsOperator& w) {
  const auto units = static_cast<arma::uword>(w.Units());
  const auto periods = static_cast<arma::uword>(w.Periods());
  const double n = static_cast<double>(units);
  const double t = static_cast<double>(periods);
  const arma::mat by_unit = arma::reshape(residuals, units, periods);
  const arma::vec unit_means = arma::mean(by_unit, 1);
  const double between = t * arma::dot(unit_means, unit_means);  // e'(J_T/T (x) I) e
  const double sigma2_nu = (arma::dot(residuals, residuals) - between) / (n * (t - 1.0));
  const double sigma2_1 = between / n;
  // e'(I_T (x) A) e = 2 e'(I_T (x) W) e and e'(J_T/T (x) A) e = 2 T e_bar'W e_bar, A = W + W'.
  const double total_a = 2.0 * arma::dot(residuals, w.Apply(residuals));
  const arma::vec w_means = w.Weights().ToSparseMatrix() * unit_means;
  const double between_a = 2.0 * t * arma::dot(unit_means, w_means);
  const double d = 0.5 * (sigma2_nu / (sigma2_1 * sigma2_1) * between_a + (total_a - between_a) / sigma2_nu);
  const double ratio = sigma2_nu / sigma2_1;
  const double lm = d * d / (((t - 1.0) + ratio * ratio) * w.Constants().s1);
  return RootOfLm("BSK LM*-lambda (spatial error, given random effects)", lm,
                  fmt::format("conditional on random effects (phi = sigma2_mu / sigma2_nu by ML; sigma2_nu = "
                              "{:.6g}, sigma2_1 = {:.6g}); sqrt of LM, two-sided N(0, 1)",
                              sigma2_nu, sigma2_1));
}

Diagnostic ConditionalMuTest(const arma::vec& residuals,
                             double lambda,
                             const FilterTraces& traces,
                             const engine::WeightsOperator& w) {
  const auto units = static_cast<arma::uword>(w.Units());
  const auto periods = static_cast<arma::uword>(w.Periods());
  const double n = static_cast<double>(units);
  const double t = static_cast<double>(periods);
  const arma::sp_mat weights = w.Weights().ToSparseMatrix();
  const arma::sp_mat b = arma::speye(units, units) - lambda * weights;
  const arma::sp_mat btb = b.t() * b;
  const arma::vec filtered = residuals - lambda * w.Apply(residuals);
  const double sigma2 = arma::dot(filtered, filtered) / (n * t);
  const arma::vec unit_sums = arma::sum(arma::reshape(residuals, units, periods), 1);
  const arma::vec btb_sums = btb * unit_sums;
  const double h = arma::trace(btb);               // tr(B'B)
  const double e = arma::accu(arma::square(btb));  // tr((B'B)^2), B'B symmetric
  const double d =
      2.0 * (arma::trace(weights) - lambda * arma::accu(arma::square(weights)));  // tr(W'B + B'W)
  const double g = 2.0 * traces.trace_wa;
  const double c = 2.0 * (traces.trace_wa_wa + traces.trace_wa_t_wa);
  const double d_mu = -t / (2.0 * sigma2) * h + arma::dot(btb_sums, btb_sums) / (2.0 * sigma2 * sigma2);
  // BSK's numerator 2 sigma^8 / T (N c - g^2) over the denominator sigma^4 [...], sigma^4 cancelled.
  const double numerator = 2.0 * sigma2 * sigma2 / t * (n * c - g * g);
  const double denominator = n * t * e * c - n * d * d - t * g * g * e + 2.0 * g * h * d - h * h * c;
  if (!(denominator > 0.0) || !(numerator > 0.0)) {
    throw engine::NumericalError(
        fmt::format("BSK LM*-mu: the information is not positive at lambda={:.10g} (numerator {:.6g}, "
                    "denominator {:.6g})",
                    lambda, numerator, denominator));
  }
  const double lm = d_mu * d_mu * numerator / denominator;
  return RootOfLm("BSK LM*-mu (random effects, given a spatial error)", lm,
                  traces.per_probe.is_empty()
                      ? "conditional on the pooled SEM's lambda; sqrt of LM, two-sided N(0, 1)"
                      : "conditional on the pooled SEM's lambda; sqrt of LM, two-sided N(0, 1); tr(W_A) and "
                        "tr(W_A W_A + W_A'W_A) are the covariance's Hutchinson estimates, so the statistic "
                        "is stochastic too");
}

}  // namespace hinterland::estimators
