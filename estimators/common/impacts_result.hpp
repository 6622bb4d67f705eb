// ImpactsResult: direct, indirect and total impacts of a fit (LeSage & Pace 2009), as estimators/impacts
// computes them and FitResult::impacts carries them to the renderers; with ImpactMethod, the method's words.
// Kept apart from the computation (impacts.hpp) so that the result types depend on nothing but themselves.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hinterland::estimators {

// kExact: all eigenvalues of W (dense, n <= kImpactsExactMaxN) for tr((I - rho W)^-1) and an exact solve
// of (I - rho W) x = 1 for the totals. kTraces: the power series of order power_order with traces tr(W^k)
// (exact for n <= 2000, else exact low orders + Hutchinson) and, for the totals, the exact solve at the
// estimate and the series of moments 1'W^k 1 in the draws. kAnalytic: SLX / SDEM (no multiplier).
// kAuto: exact for n <= exact_max_n, traces above; analytic for models without rho.
enum class ImpactMethod { kAuto, kExact, kTraces, kAnalytic };
std::string ToString(ImpactMethod method);                // "auto", "exact", "traces", "analytic"
ImpactMethod ParseImpactMethod(const std::string& text);  // OptionError keyed "impacts_method" otherwise

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

}  // namespace hinterland::estimators
