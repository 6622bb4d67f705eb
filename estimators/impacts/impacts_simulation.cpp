// NormalDrawer and the draw summaries for impacts inference.
#include "estimators/impacts/impacts_simulation.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "engine/inference/distributions.hpp"

namespace hinterland::estimators {

NormalDrawer::NormalDrawer(const arma::vec& mean,
                           const arma::mat& vcov,
                           std::uint64_t seed,
                           const std::string& what)
    : mean_(mean), engine_(seed) {
  const bool symmetric = arma::approx_equal(vcov, vcov.t(), "reldiff", 1e-8);
  if (!symmetric || !arma::chol(lower_factor_, vcov, "lower")) {
    throw engine::NumericalError(
        "impacts: the covariance of " + what +
        " is not positive definite, so it cannot be simulated; check the fit's vcov");
  }
}

double NormalDrawer::StandardNormal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  constexpr double kTwoToMinus53 = 1.0 / 9007199254740992.0;
  double u = 0.0, v = 0.0, s = 0.0;
  do {
    u = 2.0 * static_cast<double>(engine_() >> 11) * kTwoToMinus53 - 1.0;
    v = 2.0 * static_cast<double>(engine_() >> 11) * kTwoToMinus53 - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * std::log(s) / s);
  spare_ = v * factor;
  has_spare_ = true;
  return u * factor;
}

arma::vec NormalDrawer::Draw() {
  arma::vec standard(mean_.n_elem);
  for (double& value : standard) value = StandardNormal();
  return mean_ + lower_factor_ * standard;
}

namespace {

double Quantile(const arma::vec& sorted, double probability) {
  const double position = probability * static_cast<double>(sorted.n_elem - 1);
  const arma::uword below = static_cast<arma::uword>(std::floor(position));
  const arma::uword above = std::min<arma::uword>(below + 1, sorted.n_elem - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted(below) + fraction * (sorted(above) - sorted(below));
}

void FillTest(ImpactEstimate& result) {
  if (result.std_error > 0.0) {
    result.z = result.estimate / result.std_error;
    result.p_value = engine::NormalTwoSided(result.z);
  } else {
    result.z = 0.0;
    result.p_value = 1.0;
  }
}

}  // namespace

ImpactEstimate SummariseDraws(double estimate, const arma::vec& sample) {
  ImpactEstimate result;
  result.estimate = estimate;
  result.mean = arma::mean(sample);
  result.std_error = sample.n_elem > 1 ? arma::stddev(sample) : 0.0;
  FillTest(result);
  const arma::vec sorted = arma::sort(sample);
  result.lower = Quantile(sorted, 0.025);
  result.upper = Quantile(sorted, 0.975);
  return result;
}

ImpactEstimate AnalyticEstimate(double estimate, double std_error) {
  ImpactEstimate result;
  result.estimate = estimate;
  result.mean = estimate;
  result.std_error = std_error;
  FillTest(result);
  const double half_width = engine::NormalQuantile(0.975) * std_error;
  result.lower = estimate - half_width;
  result.upper = estimate + half_width;
  return result;
}

}  // namespace hinterland::estimators
