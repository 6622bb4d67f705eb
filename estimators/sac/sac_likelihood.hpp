// The concentrated log-likelihood of the SAC / SARAR model y = rho W1 y + X beta + u, u = lambda W2 u + e
// (Anselin 1988, sec. 6.3; LeSage & Pace 2009, sec. 2.7; spatialreg's sacsarlm: sacsar.f). With A = I - rho
// W1 and B = I - lambda W2, beta(rho, lambda) is the least-squares fit of B A y on B X, sigma2 = e'e / n and
// logL = -n/2 (log(2 pi sigma2) + 1) + log|A| + log|B|. Its gradient follows from the envelope theorem. The
// products W1 y, W2 y, W2 W1 y and W2 X are formed once, so one evaluation costs a thin QR of B X. A balanced
// panel of T periods (estimators/panel/panel_sac_model.hpp) is the same likelihood with n = N T rows, W1 and
// W2 acting within each period (I_T (x) W) and the Jacobians T log|A| + T log|B| of the N x N back-ends.
#pragma once

#include <armadillo>

#include "engine/linalg/weights_operator.hpp"
#include "engine/logdet/log_determinant.hpp"
#include "engine/weights/spatial_weights.hpp"

namespace hinterland::estimators {

// The data of a SAC fit and its lags, fixed for the search.
struct SacData {
  arma::vec y;     // n
  arma::mat x;     // n x k
  arma::vec wy;    // W1 y
  arma::vec w2y;   // W2 y
  arma::vec w2wy;  // W2 W1 y
  arma::mat w2x;   // W2 X
  // The n of the likelihood: the rows, or fewer under Lee & Yu's (2010) transformation of a panel, which
  // drops one period per unit (panel_sac_model.hpp).
  double observations = 0.0;
  // How many times each N x N log-determinant enters the likelihood: 1 for a cross-section, T for a panel
  // of T periods (the Jacobian of I_T (x) A is T log|A|), T - 1 under Lee & Yu's transformation.
  double jacobian_periods = 1.0;
  // Lee & Yu's transformation under time effects (a panel whose W1 and W2 have rows summing to 1): each
  // Jacobian is that of F_N'W F_N, log|I - rho W| - log(1 - rho), W's unit eigenvalue removed.
  bool unit_eigenvalue_removed = false;
};

SacData MakeSacData(const arma::vec& y,
                    const arma::mat& x,
                    const engine::SpatialWeights& w1,
                    const engine::SpatialWeights& w2);

// The same for a panel's rows (period-major): W1 and W2 act within each period (I_T (x) W), and the
// Jacobians count w1.Periods() times over N T observations (the caller may lower both for Lee & Yu).
SacData MakePanelSacData(const arma::vec& y,
                         const arma::mat& x,
                         const engine::WeightsOperator& w1,
                         const engine::WeightsOperator& w2);

// The filtered regression at (rho, lambda).
struct SacRegression {
  arma::vec beta;       // k: least squares of B A y on B X
  arma::vec residuals;  // n: e = B A y - B X beta (spatialreg's residuals)
  double sse = 0.0;     // e'e
};

// Throws engine::NumericalError naming (rho, lambda) when B X is rank deficient.
SacRegression RegressSac(const SacData& data, double rho, double lambda);

// -n/2 (log(2 pi) + log(sse / n) + 1) + log|A| + log|B| (each log-determinant as often as the likelihood
// counts it); -infinity when sse is not positive.
double SacLogLikelihood(double sse, double n, double log_det_a, double log_det_b);

// The concentrated log-likelihood at (rho, lambda), with its gradient when `gradient` is not null
// (d/drho = d log|A|/drho + n e'(B W1 y) / e'e; d/dlambda = d log|B|/dlambda + n e'(W2 u) / e'e, u = A y - X
// beta; n = data.observations and the log-determinant terms times data.jacobian_periods). Both
// log-determinants must accept their argument (inside their Bounds()).
double SacConcentratedLogLikelihood(const SacData& data,
                                    const engine::LogDeterminant& log_det_1,
                                    const engine::LogDeterminant& log_det_2,
                                    double rho,
                                    double lambda,
                                    arma::vec2* gradient = nullptr);

// The log-likelihood with sigma2 concentrated at any (rho, lambda, beta), for the numerical Hessian.
double SacLogLikelihoodAt(const SacData& data,
                          const engine::LogDeterminant& log_det_1,
                          const engine::LogDeterminant& log_det_2,
                          double rho,
                          double lambda,
                          const arma::vec& beta);

}  // namespace hinterland::estimators
