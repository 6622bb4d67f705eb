// CovarianceEstimator: the one vocabulary of coefficient-covariance estimators, for every model family.
// Least squares (ols, slx): kClassical, sigma2 (X'X)^-1 with sigma2 = SSE / (n - k) (summary.lm), and the
// heteroskedasticity-consistent sandwiches of MacKinnon & White (1985): kHC0 e_i^2, kHC1 n / (n - k) HC0,
// kHC2 e_i^2 / (1 - h_ii), kHC3 e_i^2 / (1 - h_ii)^2. Maximum likelihood (sar, sem, sdm, sdem, sac):
// kAnalytic, the inverse of the asymptotic information matrix (spatialreg's default); kNumericalHessian, the
// inverse of a central-difference Hessian of the log-likelihood (spatialreg's fdHess); kSandwich, the
// quasi-ML H^-1 G H^-1 (White 1982); kCluster, panels only, the same sandwich with the scores summed over
// each unit's periods (clustered by unit, as Stata's vce(cluster id) after ml; G / (G - 1)). GMM will add its
// robust estimators to this list, with a family of its own.
#pragma once

#include <string>

namespace hinterland::estimators {

enum class CovarianceEstimator {
  kClassical,
  kHC0,
  kHC1,
  kHC2,
  kHC3,
  kAnalytic,
  kNumericalHessian,
  kSandwich,
  kCluster,
};

// Which models an estimator applies to (ModelCapabilities::covariance).
enum class CovarianceFamily { kLeastSquares, kMaximumLikelihood };

// "classical", "HC0", "HC1", "HC2", "HC3", "analytic", "hessian", "sandwich", "cluster".
std::string ToString(CovarianceEstimator estimator);
// The words above, case-insensitive; engine::OptionError with the problem {key "vcov", text, the words}.
CovarianceEstimator ParseCovarianceEstimator(const std::string& text);

CovarianceFamily FamilyOf(CovarianceEstimator estimator);
// The family's default: kClassical (least squares), kAnalytic (maximum likelihood).
CovarianceEstimator DefaultCovariance(CovarianceFamily family);
// "classical, HC0, HC1, HC2 and HC3" / "analytic, hessian, sandwich and cluster".
std::string CovarianceWords(CovarianceFamily family);

}  // namespace hinterland::estimators
