// Covariance of the SAC / SARAR ML estimates (rho, lambda, beta). Analytic: the inverse of the asymptotic
// information matrix over (sigma2, rho, lambda, beta), as spatialreg's sacsarlm computes it for method
// "eigen" (derived from Anselin 1988, sec. 6.3): with A = I - rho W1, B = I - lambda W2, W_A = W1 A^-1,
// W_B = W2 B^-1 and C = B W_A B^-1,
//   I_ss = n / (2 s2^2),  I_s,rho = tr(W_A) / s2,  I_s,lambda = tr(W_B) / s2,
//   I_rho,rho = tr(W_A W_A) + tr(C'C) + |B W_A X b|^2 / s2,  I_lambda,lambda = tr(W_B W_B) + tr(W_B'W_B),
//   I_rho,lambda = tr(W_B'C) + tr(W2 W_A B^-1),  I_rho,beta = (B X)' B W_A X b / s2,  I_beta,beta = (BX)'BX /
//   s2.
// The traces are exact through dense n x n inverses, so it is formed only for n <= exact_covariance_max_n
// (a documented small-n oracle: O(n^2) memory, O(n^3) time). Numerical: the inverse of a central-difference
// Hessian of the log-likelihood in (rho, lambda, beta) with sigma2 concentrated (spatialreg's fdHess route).
#pragma once

#include <armadillo>
#include <string>

#include "engine/logdet/log_determinant.hpp"
#include "engine/weights/spatial_weights.hpp"
#include "estimators/sac/sac_likelihood.hpp"

namespace hinterland::estimators {

struct SacEstimates {
  double rho = 0.0;
  double lambda = 0.0;
  arma::vec beta;  // k
  double sigma2 = 0.0;
};

// (k + 2) x (k + 2) covariance over (beta_1..beta_k, rho, lambda), the FitResult coefficient order.
// For a panel's data (MakePanelSacData: N T rows, period-major) w1 and w2 are the N x N matrices acting
// within each period: every trace is the N x N one times data.jacobian_periods, W_A X b is formed period by
// period and I_ss counts data.observations (Elhorst 2014, eq. 3.25; splm's spfeml for sarar, Lee & Yu 2010,
// eq. 39). Throws engine::NumericalError naming (rho, lambda) when the information matrix is singular.
arma::mat SacAnalyticCovariance(const SacData& data,
                                const engine::SpatialWeights& w1,
                                const engine::SpatialWeights& w2,
                                const SacEstimates& estimates);

// The same order from the numerical Hessian; the steps stay inside the log-determinants' intervals.
// Throws engine::NumericalError when the negative Hessian is singular.
arma::mat SacHessianCovariance(const SacData& data,
                               const engine::LogDeterminant& log_det_1,
                               const engine::LogDeterminant& log_det_2,
                               const SacEstimates& estimates);

}  // namespace hinterland::estimators
