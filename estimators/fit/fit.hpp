// Fit: the one entry point of the library for every model (OLS, SLX, SAR, SEM, SDM, SDEM, SAC): a validated
// FitRequest and a SpatialDesign in, a complete FitResult out. Everything model-level that a front end would
// otherwise have to know lives here or below: which estimator fits which model (the registry in fit.cpp,
// beside the capability table), the OLS spatial diagnostics, SAC's second W, the weights summary, the
// alignment notes, the seed and the impacts. The CLI, a Python binding and the benchmarks call this and
// render the result; none of them edits it afterwards.
#pragma once

#include "estimators/common/fit_result.hpp"
#include "estimators/common/spatial_design.hpp"
#include "estimators/fit/fit_request.hpp"

namespace hinterland::estimators {

// Throws engine::OptionError with every problem of the request (FitRequest::Validate) or of its agreement
// with the design (W given or not), and whatever the estimator throws (DataError for a collinear design,
// NumericalError for a failed covariance, ...). A fit that ends at a bound or does not converge is returned
// with its status and warnings, not thrown; impacts of such a fit are left out with a warning. OpenBLAS and
// sparse-kernel threads are set to request.threads for the fit only.
FitResult Fit(const FitRequest& request, const SpatialDesign& design);

}  // namespace hinterland::estimators
