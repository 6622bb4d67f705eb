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

// Each row's scores of the log-likelihood at the estimates, over (sigma2, rho, lambda, beta): with
// u = A y - X b and e = B u, (e_r^2 / s2 - 1) / (2 s2); (B W1 y)_r e_r / s2 - (W_A)_ii; (W2 u)_r e_r / s2 -
// (W_B)_ii; (B X)_r e_r / s2, the Jacobians' derivatives -T tr(W_A) and -T tr(W_B) split by the diagonals
// (row r of a panel is unit i = r mod N). They sum to 0 at the maximum. The first form forms the dense
// inverses (small N only, as SacAnalyticCovariance); the second takes diag(W_A) and diag(W_B).
arma::mat SacRowScores(const SacData& data,
                       const engine::SpatialWeights& w1,
                       const engine::SpatialWeights& w2,
                       const SacEstimates& estimates);
arma::mat SacRowScores(const SacData& data,
                       const arma::vec& diagonal_wa,
                       const arma::vec& diagonal_wb,
                       const SacEstimates& estimates);

// Clustered by unit (a balanced panel's rows, period-major): I^-1 (sum over units of s_i s_i') I^-1 times
// G / (G - 1), G units, s_i a unit's row scores summed over its periods and I the analytic information
// (exact traces: small N only). The direct approach's likelihood (observations = rows). Coefficient order.
arma::mat SacClusteredCovariance(const SacData& data,
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
