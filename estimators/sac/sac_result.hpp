// The parts of a SAC fit's result that the cross-section (sac_model.hpp) and the panel
// (estimators/panel/panel_sac_model.hpp) fits share: the covariance of the estimates (analytic below the
// exact-trace limit, the numerical Hessian above it), the joint Wald test of (rho, lambda), the search's
// status and the list of local maxima.
#pragma once

#include <armadillo>
#include <memory>
#include <string>
#include <vector>

#include "engine/linalg/weights_operator.hpp"
#include "engine/logdet/log_determinant.hpp"
#include "engine/weights/spatial_weights.hpp"
#include "estimators/common/fit_result.hpp"
#include "estimators/common/spatial_fit_options.hpp"
#include "estimators/sac/sac_covariance.hpp"
#include "estimators/sac/sac_likelihood.hpp"
#include "estimators/sac/sac_search.hpp"

namespace hinterland::estimators {

// The log-determinants of W1 and W2 (W1's serves both when they have the same links), the multi-start
// search and the regression at its highest maximum, with sigma2 = SSE / data.observations.
struct SacSolution {
  std::unique_ptr<engine::LogDeterminant> log_det_1;
  std::unique_ptr<engine::LogDeterminant> own_log_det_2;  // null when W2 has W1's links
  SacSearch search;
  SacRegression regression;
  SacEstimates estimates;
  bool SameWeights() const { return own_log_det_2 == nullptr; }
  const engine::LogDeterminant& LogDet2() const { return own_log_det_2 ? *own_log_det_2 : *log_det_1; }
};
SacSolution SolveSac(const SacData& data,
                     const engine::WeightsOperator& w1,
                     const engine::WeightsOperator& w2,
                     const SpatialFitOptions& options);
// The same with the log-determinants already set up (own_log_det_2 null: W2 is W1).
SacSolution SolveSac(const SacData& data,
                     std::unique_ptr<engine::LogDeterminant> log_det_1,
                     std::unique_ptr<engine::LogDeterminant> own_log_det_2,
                     const SpatialFitOptions& options);

// A warning for each approximate log-determinant (W2's only when it differs from W1), with its error estimate
// at the estimate.
void WarnApproximateLogDeterminants(const engine::LogDeterminant& log_det_1,
                                    const engine::LogDeterminant& log_det_2,
                                    bool same_weights,
                                    const SacEstimates& estimates,
                                    FitResult& result);

struct SacCovariance {
  arma::mat vcov;  // over (beta, rho, lambda)
  std::string method;
  std::vector<std::string> warnings;
};

// kAnalytic: the information matrix with exact traces (dense N x N inverses) when the N of w1 is at most
// options.exact_covariance_max_n, else the numerical Hessian with a warning; kNumericalHessian: always the
// Hessian. A panel's data (more rows than w1 has units) take each trace T times (SacAnalyticCovariance).
// The caller refuses the other estimators.
SacCovariance ComputeSacCovariance(const SacData& data,
                                   const engine::SpatialWeights& w1,
                                   const engine::SpatialWeights& w2,
                                   const engine::LogDeterminant& log_det_1,
                                   const engine::LogDeterminant& log_det_2,
                                   const SacEstimates& estimates,
                                   const SpatialFitOptions& options);

// (rho, lambda)' V^-1 (rho, lambda) against chi-squared(2), V their covariance block.
Diagnostic JointWaldTest(const arma::vec2& estimates, const arma::mat& block);

// The status of the search's best maximum: at a bound or not converged (with a warning), else converged.
void ApplySacOutcome(const SacSearch& search,
                     const engine::LogDeterminant& log_det_1,
                     const engine::LogDeterminant& log_det_2,
                     const SpatialFitOptions& options,
                     FitResult& result);

// The statistics local_optima and starts, and a warning listing the maxima when there are several.
void ReportOptima(const SacSearch& search, FitResult& result);

}  // namespace hinterland::estimators
