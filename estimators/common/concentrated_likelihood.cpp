// The concentrated log-likelihood pieces (see concentrated_likelihood.hpp).
#include "estimators/common/concentrated_likelihood.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "engine/core/error.hpp"

namespace hinterland::estimators {

LagCrossProducts CrossProducts(const arma::mat& x, const arma::vec& y, const arma::vec& wy) {
  arma::mat q;
  arma::mat r;
  if (!arma::qr_econ(q, r, x)) throw engine::NumericalError("QR decomposition of the design failed");
  LagCrossProducts products;
  const arma::vec qy = q.t() * y;
  const arma::vec qwy = q.t() * wy;
  products.b0 = arma::solve(arma::trimatu(r), qy);
  products.b_lag = arma::solve(arma::trimatu(r), qwy);
  const arma::vec e0 = y - q * qy;
  const arma::vec el = wy - q * qwy;
  products.e0_e0 = arma::dot(e0, e0);
  products.el_e0 = arma::dot(el, e0);
  products.el_el = arma::dot(el, el);
  return products;
}

FilteredRegression RegressFiltered(
    const arma::vec& y, const arma::vec& wy, const arma::mat& x, const arma::mat& wx, double lambda) {
  const arma::vec filtered_y = y - lambda * wy;
  const arma::mat filtered_x = x - lambda * wx;
  arma::mat q;
  arma::mat r;
  if (!arma::qr_econ(q, r, filtered_x)) {
    throw engine::NumericalError(
        fmt::format("QR decomposition of X - lambda W X failed at lambda={:.10g}", lambda));
  }
  const arma::vec qy = q.t() * filtered_y;
  FilteredRegression regression;
  regression.residuals = filtered_y - q * qy;
  regression.sse = arma::dot(regression.residuals, regression.residuals);
  if (!arma::solve(regression.beta, arma::trimatu(r), qy)) {
    throw engine::NumericalError(fmt::format("X - lambda W X is rank deficient at lambda={:.10g}", lambda));
  }
  return regression;
}

double ConcentratedValue(double jacobian,
                         double sse,
                         double n,
                         const std::string& parameter,
                         double value,
                         const std::string& why) {
  if (!(sse > 0.0)) {
    throw engine::NumericalError(
        fmt::format("log-likelihood is not finite at {}={:.10g}: the residual sum of squares is {:g} ({})",
                    parameter, value, sse, why));
  }
  return jacobian - 0.5 * n * (std::log(2.0 * std::numbers::pi) + std::log(sse / n) + 1.0);
}

}  // namespace hinterland::estimators
