// Inference shared by the ML spatial lag (SAR, SDM) and error (SEM, SDEM) models: the covariance of
// (beta, rho) or (beta, lambda) by the analytic asymptotic information matrix (Anselin 1988, eqs. 6.5 and
// 6.21; spatialreg's lagsarlm/errorsarlm "asyvar"), by a numerical Hessian of the log-likelihood with sigma2
// concentrated (spatialreg's fdHess), or by a quasi-ML sandwich (White 1982); the lag model's LM test for
// residual autocorrelation (Anselin 1988, eq. 13.x, as lagsarlm's LMtest); and small result helpers.
#pragma once

#include <armadillo>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/formula/model_frame.hpp"
#include "engine/linalg/weights_operator.hpp"
#include "engine/logdet/log_determinant.hpp"
#include "engine/optim/scalar_maximizer.hpp"
#include "engine/weights/spatial_weights.hpp"
#include "estimators/common/covariance.hpp"
#include "estimators/common/fit_result.hpp"
#include "estimators/common/spatial_filter.hpp"
#include "estimators/common/spatial_fit_options.hpp"

namespace hinterland::estimators {

enum class SpatialProcess { kLag, kError };

// The ML estimates and the data they came from. For kError the filtered design is formed inside.
struct MlEstimates {
  SpatialProcess process = SpatialProcess::kLag;
  double rho = 0.0;     // rho (lag) or lambda (error)
  arma::vec beta;       // k
  double sigma2 = 0.0;  // SSE / n
  arma::vec y;          // n
  arma::vec wy;         // n: W y
  arma::mat x;          // n x k design (unfiltered)
  arma::mat wx;         // n x k: W X (kError only)
};

struct MlCovariance {
  arma::mat vcov;      // (k + 1) x (k + 1) over (beta_1..beta_k, rho)
  arma::mat analytic;  // the same from the information matrix (always computed; the LM test uses it)
  FilterTraces traces;
  std::string method;  // for Provenance::vcov_method
};

// Throws engine::NumericalError when the information matrix or the Hessian is not invertible.
MlCovariance ComputeMlCovariance(const MlEstimates& estimates,
                                 const engine::WeightsOperator& w,
                                 const engine::LogDeterminant& log_determinant,
                                 CovarianceEstimator method,
                                 const FilterTraceOptions& trace_options);

// The log-likelihood with sigma2 concentrated out at (rho, beta): log|I - rho W| - n/2 (log(2 pi) +
// log(SSE / n) + 1); SSE of y - rho W y - X beta (lag) or of the filtered residual (error).
double ConcentratedLogLikelihood(const MlEstimates& data,
                                 const engine::LogDeterminant& log_determinant,
                                 double rho,
                                 const arma::vec& beta);

// lagsarlm's LM test for residual autocorrelation in the lag model: (e'We / s2)^2 / (tr(WW + W'W) -
// tr((WW + W'W) A)^2 var(rho)), chi-squared(1); var(rho) from the analytic covariance.
Diagnostic LagResidualAutocorrelationTest(const MlEstimates& estimates,
                                          const engine::SpatialWeights& w,
                                          const MlCovariance& covariance,
                                          const arma::vec& residuals);

// A coefficient with a z statistic and a two-sided normal p-value.
Coefficient NormalCoefficient(const std::string& name,
                              CoefficientRole role,
                              double estimate,
                              double std_error);
// The same for a coefficient whose name and role are already set (DesignCoefficient).
Coefficient NormalCoefficient(Coefficient coefficient, double estimate, double std_error);

// 2 (ll_model - ll_null) against chi-squared(df).
Diagnostic LikelihoodRatioTest(double log_likelihood, double null_log_likelihood, double df);
// (estimate / std_error)^2 against chi-squared(1), named "Wald test (<parameter>)".
Diagnostic WaldTest(const std::string& parameter, double estimate, double std_error);

// Brent's search for the maximum of `concentrated_log_likelihood` over the open interval Bounds() of the
// log-determinant, shrunk at each end by sqrt(epsilon) of its width so that the ends are never evaluated.
engine::ScalarMaximum MaximizeOverBounds(const std::function<double(double)>& concentrated_log_likelihood,
                                         const engine::LogDeterminant& log_determinant,
                                         const SpatialFitOptions& options,
                                         const std::string& parameter);

// Status, status message and warnings from the search: kAtBound (naming the bound), kNotConverged (naming
// the iterations), else kConverged.
void ApplySearchOutcome(const engine::ScalarMaximum& maximum,
                        const engine::LogDeterminant& log_determinant,
                        const SpatialFitOptions& options,
                        const std::string& parameter,
                        FitResult& result);

// Log-determinant given/used, vcov method, build information, seed and the fit's time.
void FillMlProvenance(const engine::LogDeterminant& log_determinant,
                      const SpatialFitOptions& options,
                      const std::string& vcov_method,
                      double seconds,
                      Provenance& provenance);

// The steps every one-parameter ML fit (SAR, SDM, SEM, SDEM) ends with: `notes` and, for an approximate
// log-determinant, its error at the estimate as warnings; dropped rows; the search outcome; the weights
// summary; and the provenance with the seconds elapsed since `start`.
void FinishOneParameterMlResult(const engine::ModelFrame& frame,
                                const engine::SpatialWeights& w,
                                const engine::LogDeterminant& log_determinant,
                                const engine::ScalarMaximum& maximum,
                                const SpatialFitOptions& options,
                                const std::string& parameter,
                                std::vector<std::string> notes,
                                const std::string& vcov_method,
                                std::chrono::steady_clock::time_point start,
                                FitResult& result);

// The trace options of the covariance from the fit options.
FilterTraceOptions TraceOptionsFrom(const SpatialFitOptions& options);

// Standard errors clustered by unit (`vcov` cluster) after ML: each row's scores summed into its cluster's
// row (row r into clusters[r] of `count`), and the sandwich I^-1 (S'S) I^-1 times G / (G - 1) of those G
// clusters' scores S, I^-1 the inverse information (or negative Hessian) over the same parameters.
arma::mat SumByCluster(const arma::mat& row_scores,
                       const std::vector<std::int64_t>& clusters,
                       std::int64_t count);
arma::mat ClusteredSandwich(const arma::mat& inverse, const arma::mat& cluster_scores);

}  // namespace hinterland::estimators
