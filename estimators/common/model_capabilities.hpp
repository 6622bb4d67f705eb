// ModelCapabilities: what each model kind is, as data (one row per ModelKind): how it is estimated, which
// spatial parameters it has, whether it needs W, a log-determinant, Durbin terms, a second W, what impacts it
// has and which covariance estimators apply. FitRequest::Validate and every front end (CLI, bindings) read
// this table instead of restating model knowledge; a new model adds a row here, one estimator folder, and one
// row in the estimator registry of estimators/fit/fit.cpp (see estimators/README.md, "Adding a model").
#pragma once

#include <functional>
#include <string>

#include "estimators/common/covariance.hpp"
#include "estimators/common/model_kind.hpp"

namespace hinterland::estimators {

enum class EstimationMethod { kLeastSquares, kMaximumLikelihood };
// "least squares", "maximum likelihood": the words FitResult::method and the JSON's method.estimation use.
std::string ToString(EstimationMethod method);

enum class SpatialParameters { kNone, kRho, kLambda, kRhoAndLambda };

// kNone: the impacts are the coefficients (ols, sem); kSimulated: S_r(W) = (I - rho W)^-1 (...) with draws
// from N(estimate, vcov) (sar, sdm, sac); kAnalytic: direct = beta, indirect = theta (slx, sdem).
enum class ImpactsKind { kNone, kSimulated, kAnalytic };

struct ModelCapabilities {
  ModelKind model = ModelKind::kOls;
  EstimationMethod estimation = EstimationMethod::kLeastSquares;
  SpatialParameters parameters = SpatialParameters::kNone;
  bool needs_weights = false;         // W is required (ols takes it optionally, for its diagnostics)
  bool uses_log_determinant = false;  // log|I - rho W| is evaluated: the logdet options apply
  bool durbin_terms = false;          // lagged regressors W X enter: the durbin option applies
  bool second_weights = false;        // a second W (SAC's error process) may be given
  bool panel = false;                 // a panel estimator exists: the time and effects options apply
  bool unbalanced_panel = false;      // it also fits unbalanced panels (each period's own W_t)
  ImpactsKind impacts = ImpactsKind::kNone;
  CovarianceFamily covariance = CovarianceFamily::kLeastSquares;
};

// The row of `model`.
const ModelCapabilities& CapabilitiesOf(ModelKind model);

// The models whose row satisfies `predicate`, in words for messages: "sar, sem, sdm, sdem and sac".
std::string ModelsWhere(const std::function<bool(const ModelCapabilities&)>& predicate);

}  // namespace hinterland::estimators
