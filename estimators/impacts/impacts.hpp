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

#include "engine/weights/spatial_weights.hpp"
#include "estimators/common/fit_result.hpp"

namespace hinterland::estimators {

// kExact: all eigenvalues of W (dense, n <= kImpactsExactMaxN) for tr((I - rho W)^-1) and an exact solve
// of (I - rho W) x = 1 for the totals. kTraces: the power series of order power_order with traces tr(W^k)
// (exact for n <= 2000, else exact low orders + Hutchinson) and, for the totals, the exact solve at the
// estimate and the series of moments 1'W^k 1 in the draws. kAnalytic: SLX / SDEM (no multiplier).
// kAuto: exact for n <= exact_max_n, traces above; analytic for models without rho.
enum class ImpactMethod { kAuto, kExact, kTraces, kAnalytic };
std::string ToString(ImpactMethod method);                // "auto", "exact", "traces", "analytic"
ImpactMethod ParseImpactMethod(const std::string& text);  // OptionError naming --impacts-method otherwise

// The dense eigen-decomposition bound of kExact: an n x n copy of W (32 MB at 2000) and O(n^3) time.
inline constexpr std::int64_t kImpactsExactMaxN = 2000;

struct ImpactOptions {
  // --draws: simulated draws for the standard errors (spatialreg's R; LeSage & Pace use 1000). 0 gives
  // point estimates only (no SEs) for the multiplier models.
  int draws = 1000;
  // --seed: std::mt19937_64 seed of the draws (and of the Hutchinson probes for large n).
  std::uint64_t seed = 20240601;
  ImpactMethod method = ImpactMethod::kAuto;
  // --power-order q: the series sum_{k=0..q} rho^k W^k (spatialreg's trW default m = 30); also the number
  // of orders reported in by_order (k = 0..q).
  int power_order = 30;
  // kAuto picks kExact up to this n (as the eigen log-determinant does), kTraces above.
  std::int64_t exact_max_n = 1000;
  // kTraces above n = 2000: orders <= exact_trace_order exact, the rest from trace_probes probes.
  int exact_trace_order = 8;
  int trace_probes = 50;
};

struct ImpactEstimate {
  double estimate = 0.0;   // at the fitted coefficients
  double mean = 0.0;       // mean over the draws (= estimate for analytic)
  double std_error = 0.0;  // standard deviation over the draws (analytic: from the vcov)
  double z = 0.0;          // estimate / std_error (spatialreg's summary divides the draws' mean instead)
  double p_value = 1.0;    // normal, two-sided
  double lower = 0.0;      // 2.5% quantile of the draws (analytic: estimate - 1.96 SE)
  double upper = 0.0;      // 97.5% quantile
};

struct Impact {
  std::string name;  // the regressor, e.g. "INC"
  ImpactEstimate direct, indirect, total;
};

// The rho^k W^k term of the impacts (k = 0: the own-unit effect beta; k = 1: first-order neighbours, ...).
struct OrderImpacts {
  int order = 0;
  std::vector<Impact> impacts;
};

struct ImpactsResult {
  std::string model;                          // the fit's model
  ImpactMethod method = ImpactMethod::kAuto;  // the method used (never kAuto)
  std::string trace_method;                   // how traces / totals were obtained, in words
  int draws = 0;                              // accepted draws (0: analytic or points only)
  int rejected_draws = 0;                     // draws with rho outside the interval, redrawn
  std::uint64_t seed = 0;
  int power_order = 0;
  double rho_lower = 0.0;  // the interval draws were kept in: (1/lambda_min, 1/lambda_max)
  double rho_upper = 0.0;
  std::vector<Impact> impacts;
  // k = 0..power_order, each summarised over the same draws as `impacts` (SEs, z, p, quantiles; points
  // only without draws); empty for analytic.
  std::vector<OrderImpacts> by_order;
  std::vector<std::string> notes;
};

// Throws OptionError for a model without a spatial lag of y or X (OLS, SEM), a method that does not apply,
// draws < 0 or power_order < 1, or n above kImpactsExactMaxN with kExact; WeightsError when W's n is not the
// fit's n; NumericalError when the vcov block of (rho, beta, theta) is not positive definite or too many
// draws fall outside the rho interval.
ImpactsResult ComputeImpacts(const FitResult& fit,
                             const engine::SpatialWeights& w,
                             const ImpactOptions& options);

}  // namespace hinterland::estimators
