// Ordinary least squares with classical and heteroskedasticity-consistent covariances (MacKinnon & White
// 1985: HC0-HC3) and a Belsley, Kuh & Welsch (1980) collinearity check on the column-scaled design.
// Solved through the thin SVD of X with columns scaled to unit length: it gives the rank, the condition
// number, the null space for collinearity messages and the leverages h_ii without any n x n matrix.
#pragma once

#include <armadillo>
#include <string>

#include "engine/formula/model_frame.hpp"
#include "estimators/common/covariance.hpp"
#include "estimators/common/fit_result.hpp"

namespace hinterland::estimators {

struct OlsOptions {
  // The least-squares family of CovarianceEstimator (classical, HC0-HC3; covariance.hpp); classical is what
  // summary.lm reports.
  CovarianceEstimator vcov = CovarianceEstimator::kClassical;
  // Belsley's rule of thumb: a scaled condition number above 30 signals harmful collinearity; a warning is
  // added to the result naming the regressors most involved.
  double condition_number_warning = 30.0;
  // A design whose scaled condition number exceeds 1 / rank_tolerance is treated as exactly collinear
  // (a DataError): at 1e10 fewer than about 6 significant digits of the coefficients would survive.
  double rank_tolerance = 1e-10;
  // Degrees of freedom the data lost before the fit, beyond the k coefficients: the fixed effects a within
  // transformation removed (N - 1, T - 1 or N + T - 2 besides the intercept, as plm and Stata's xtreg, fe).
  // The residual degrees of freedom are n - k - this (sigma2, the t tests, F, adjusted R^2 and HC1).
  double absorbed_degrees_of_freedom = 0.0;
};

struct OlsFit {
  FitResult result;
  arma::vec residuals;    // n: e = y - X beta
  arma::vec fitted;       // n: X beta
  arma::mat xtx_inverse;  // k x k: (X'X)^-1, whatever the vcov type (the spatial diagnostics need it)
  arma::vec leverages;    // n: h_ii, the diagonal of X (X'X)^-1 X'
};

// Fits y on X. Throws engine::DataError when n <= k, when a value is not finite, when a regressor is zero in
// every observation, or when regressors are exactly collinear (naming them and the relation), and
// engine::NumericalError when HC2/HC3 meet an observation with leverage 1 (naming its id).
OlsFit FitOls(const engine::ModelFrame& frame, const OlsOptions& options);

}  // namespace hinterland::estimators
