// The pieces of the concentrated log-likelihoods of the ML lag and error models, shared by the cross-section
// (sar_model, sem_model) and panel (panel_ml_model) estimators: the lag model's cross products, which make
// SSE(rho) a quadratic (Anselin 1988, sec. 6.2; spatialreg's sar.lag.mixed.f), the error model's regression
// on the filtered design per lambda (spatialreg's sar.error.f), and the value itself.
#pragma once

#include <armadillo>
#include <string>

namespace hinterland::estimators {

// The parts of the lag model's SSE(rho) = e0'e0 - 2 rho eL'e0 + rho^2 eL'eL that do not depend on rho.
struct LagCrossProducts {
  arma::vec b0;        // k: OLS of y on X
  arma::vec b_lag;     // k: OLS of W y on X
  double e0_e0 = 0.0;  // e0'e0
  double el_e0 = 0.0;  // eL'e0
  double el_el = 0.0;  // eL'eL
  double Sse(double rho) const { return e0_e0 - 2.0 * rho * el_e0 + rho * rho * el_el; }
};
LagCrossProducts CrossProducts(const arma::mat& x, const arma::vec& y, const arma::vec& wy);

struct FilteredRegression {
  arma::vec beta;       // k: GLS coefficients at lambda
  arma::vec residuals;  // n: filtered residuals e
  double sse = 0.0;
};
// OLS of y - lambda W y on X - lambda W X through a thin QR (as spatialreg's sar_error_sse).
FilteredRegression RegressFiltered(
    const arma::vec& y, const arma::vec& wy, const arma::mat& x, const arma::mat& wx, double lambda);

// jacobian - n/2 (log(2 pi) + log(sse / n) + 1), jacobian being log|I - value W| (times T for a panel).
// Throws engine::NumericalError naming `parameter`=value and `why` (what a zero SSE means) unless sse > 0.
double ConcentratedValue(double jacobian,
                         double sse,
                         double n,
                         const std::string& parameter,
                         double value,
                         const std::string& why);

}  // namespace hinterland::estimators
