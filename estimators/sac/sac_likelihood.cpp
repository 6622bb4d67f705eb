// The SAC concentrated log-likelihood and its gradient (see sac_likelihood.hpp). B A y is formed as
// y - rho W1 y - lambda W2 y + rho lambda W2 W1 y and B X as X - lambda W2 X, spatialreg's transformed data.
#include "estimators/sac/sac_likelihood.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "engine/core/error.hpp"

namespace hinterland::estimators {
namespace {

arma::vec FilteredY(const SacData& data, double rho, double lambda) {
  return data.y - rho * data.wy - lambda * data.w2y + rho * lambda * data.w2wy;
}

arma::mat FilteredX(const SacData& data, double lambda) { return data.x - lambda * data.w2x; }

}  // namespace

namespace {

// y, X and their lags, `lag_1` and `lag_2` applying W1 and W2 to a vector or a matrix.
template <typename Lag1, typename Lag2>
SacData LaggedSacData(const arma::vec& y, const arma::mat& x, const Lag1& lag_1, const Lag2& lag_2) {
  SacData data;
  data.y = y;
  data.x = x;
  data.wy = lag_1(y);
  data.w2y = lag_2(y);
  data.w2wy = lag_2(data.wy);
  data.w2x = lag_2(x);
  data.observations = static_cast<double>(y.n_elem);
  return data;
}

}  // namespace

SacData MakeSacData(const arma::vec& y,
                    const arma::mat& x,
                    const engine::SpatialWeights& w1,
                    const engine::SpatialWeights& w2) {
  return LaggedSacData(
      y, x, [&w1](const auto& v) { return w1.Multiply(v); }, [&w2](const auto& v) { return w2.Multiply(v); });
}

SacData MakePanelSacData(const arma::vec& y,
                         const arma::mat& x,
                         const engine::WeightsOperator& w1,
                         const engine::WeightsOperator& w2) {
  SacData data = LaggedSacData(
      y, x, [&w1](const auto& v) { return w1.Apply(v); }, [&w2](const auto& v) { return w2.Apply(v); });
  data.jacobian_periods = static_cast<double>(w1.Periods());
  return data;
}

SacRegression RegressSac(const SacData& data, double rho, double lambda) {
  const arma::vec filtered_y = FilteredY(data, rho, lambda);
  arma::mat q;
  arma::mat r;
  if (!arma::qr_econ(q, r, FilteredX(data, lambda))) {
    throw engine::NumericalError(fmt::format(
        "QR decomposition of X - lambda W2 X failed at rho={:.10g}, lambda={:.10g}", rho, lambda));
  }
  const arma::vec qy = q.t() * filtered_y;
  SacRegression regression;
  regression.residuals = filtered_y - q * qy;
  regression.sse = arma::dot(regression.residuals, regression.residuals);
  if (!arma::solve(regression.beta, arma::trimatu(r), qy, arma::solve_opts::no_approx)) {
    throw engine::NumericalError(
        fmt::format("X - lambda W2 X is rank deficient at rho={:.10g}, lambda={:.10g}", rho, lambda));
  }
  return regression;
}

double SacLogLikelihood(double sse, double n, double log_det_a, double log_det_b) {
  if (!(sse > 0.0)) return -std::numeric_limits<double>::infinity();
  return log_det_a + log_det_b - 0.5 * n * (std::log(2.0 * std::numbers::pi) + std::log(sse / n) + 1.0);
}

namespace {

// How often the likelihood counts log|I - value W| (data.jacobian_periods), less log(1 - value) each time
// when the unit eigenvalue is removed; and its derivative.
double Jacobian(const SacData& data, const engine::LogDeterminant& log_det, double value) {
  const double removed = data.unit_eigenvalue_removed ? std::log1p(-value) : 0.0;
  return data.jacobian_periods * (log_det.Evaluate(value) - removed);
}
double JacobianDerivative(const SacData& data, const engine::LogDeterminant& log_det, double value) {
  const double removed = data.unit_eigenvalue_removed ? -1.0 / (1.0 - value) : 0.0;
  return data.jacobian_periods * (log_det.Derivative(value) - removed);
}

}  // namespace

double SacConcentratedLogLikelihood(const SacData& data,
                                    const engine::LogDeterminant& log_det_1,
                                    const engine::LogDeterminant& log_det_2,
                                    double rho,
                                    double lambda,
                                    arma::vec2* gradient) {
  const double n = data.observations;
  const SacRegression regression = RegressSac(data, rho, lambda);
  const double value =
      SacLogLikelihood(regression.sse, n, Jacobian(data, log_det_1, rho), Jacobian(data, log_det_2, lambda));
  if (gradient != nullptr && std::isfinite(value)) {
    // By the envelope theorem beta's dependence drops out: d e / d rho = -B W1 y and d e / d lambda = -W2 u.
    const arma::vec& e = regression.residuals;
    const arma::vec b_wy = data.wy - lambda * data.w2wy;
    const arma::vec w2_u = data.w2y - rho * data.w2wy - data.w2x * regression.beta;
    (*gradient)[0] = JacobianDerivative(data, log_det_1, rho) + n * arma::dot(e, b_wy) / regression.sse;
    (*gradient)[1] = JacobianDerivative(data, log_det_2, lambda) + n * arma::dot(e, w2_u) / regression.sse;
  }
  return value;
}

double SacLogLikelihoodAt(const SacData& data,
                          const engine::LogDeterminant& log_det_1,
                          const engine::LogDeterminant& log_det_2,
                          double rho,
                          double lambda,
                          const arma::vec& beta) {
  const arma::vec e = FilteredY(data, rho, lambda) - FilteredX(data, lambda) * beta;
  return SacLogLikelihood(arma::dot(e, e), data.observations, Jacobian(data, log_det_1, rho),
                          Jacobian(data, log_det_2, lambda));
}

}  // namespace hinterland::estimators
