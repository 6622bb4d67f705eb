// Direct, indirect and total impacts of spatial regressions (LeSage & Pace 2009, sec. 2.7 and ch. 4):
// for SAR, SDM and SAC, S_r(W) = (I - rho W)^-1 (I beta_r + W theta_r); average direct = tr(S_r) / n,
// total = 1' S_r 1 / n, indirect = total - direct; by order of neighbours the terms of
// S_r = sum_k rho^k W^k (I beta_r + W theta_r). SLX and SDEM: direct = beta, indirect = theta with analytic
// SEs (spatialreg's impacts for lmSLX). Inference by simulating (rho, beta, theta) from N(estimate, vcov).
// Works from a FitResult (coefficient roles, vcov in coefficient order) and the W of the fit alone.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/default_seed.hpp"
#include "engine/linalg/weights_operator.hpp"
#include "engine/weights/spatial_weights.hpp"
#include "estimators/common/fit_result.hpp"
#include "estimators/common/impacts_result.hpp"

namespace hinterland::estimators {

// The dense eigen-decomposition bound of kExact: an n x n copy of W (32 MB at 2000) and O(n^3) time.
inline constexpr std::int64_t kImpactsExactMaxN = 2000;

struct ImpactOptions {
  // draws: simulated draws for the standard errors (spatialreg's R; LeSage & Pace use 1000). 0 gives
  // point estimates only (no SEs) for the multiplier models.
  int draws = 1000;
  // seed: std::mt19937_64 seed of the draws (and of the Hutchinson probes for large n).
  std::uint64_t seed = engine::kDefaultSeed;
  ImpactMethod method = ImpactMethod::kAuto;
  // power_order q: the series sum_{k=0..q} rho^k W^k (spatialreg's trW default m = 30); also the number
  // of orders reported in by_order (k = 0..q).
  int power_order = 30;
  // kAuto picks kExact up to this n (as the eigen log-determinant does), kTraces above.
  std::int64_t exact_max_n = 1000;
  // kTraces above n = 2000: orders <= exact_trace_order exact, the rest from trace_probes probes.
  int exact_trace_order = 8;
  int trace_probes = 50;
};

// Throws OptionError for a model without a spatial lag of y or X (OLS, SEM), a method that does not apply,
// draws < 0 or power_order < 1, or n above kImpactsExactMaxN with kExact; WeightsError when W's n is not the
// fit's n; NumericalError when the vcov block of (rho, beta, theta) is not positive definite or too many
// draws fall outside the rho interval.
ImpactsResult ComputeImpacts(const FitResult& fit,
                             const engine::SpatialWeights& w,
                             const ImpactOptions& options);
// The same with W's spectrum, extreme eigenvalues and symmetric form from the fit's operator cache (once per
// fit: the eigen log-determinant already computed the spectrum at small n).
ImpactsResult ComputeImpacts(const FitResult& fit,
                             const engine::WeightsOperator& w,
                             const ImpactOptions& options);

}  // namespace hinterland::estimators
