// The scalars of the spatial multiplier A = (I - rho W)^-1 that impacts need (LeSage & Pace 2009, eqs.
// 2.46-2.48 and sec. 4.2): tr(A)/n, tr(AW)/n, 1'A1/n and 1'AW1/n, at the estimate and per simulated rho.
// Exact: eigenvalues w_i of W give tr(A) = sum 1/(1 - rho w_i); the totals come from solving
// (I - rho W) x = 1 and = W1 (closed form 1/(1 - rho c) when every row of W sums to c; W1 = 1 is never
// assumed). Traces: sum_{k<=q} rho^k tr(W^k)/n and, in draws, sum_{k<=q} rho^k 1'W^k 1/n.
#pragma once

#include <armadillo>
#include <string>
#include <vector>

#include "engine/linalg/extreme_eigenvalues.hpp"
#include "engine/linalg/weights_operator.hpp"
#include "engine/weights/spatial_weights.hpp"
#include "estimators/impacts/impacts.hpp"

namespace hinterland::estimators {

struct MultiplierValues {
  double direct_own = 0.0;  // tr(A) / n: multiplies beta in the direct impact
  double direct_lag = 0.0;  // tr(A W) / n: multiplies theta
  double total_own = 0.0;   // 1' A 1 / n
  double total_lag = 0.0;   // 1' A W 1 / n
};

class MultiplierEvaluator {
 public:
  // `method` is kExact or kTraces (already resolved from kAuto). Computes eigenvalues or traces once; with
  // `cache`, W's spectrum and extreme eigenvalues come from it (computed at most once per fit).
  MultiplierEvaluator(const engine::SpatialWeights& w,
                      ImpactMethod method,
                      const ImpactOptions& options,
                      const engine::WeightsOperator* cache = nullptr);

  // Totals by an exact solve (or the closed form), directs by the method.
  MultiplierValues AtEstimate(double rho) const;
  // The per-draw evaluation: O(n) (exact, closed form), a GMRES solve (exact, general W) or O(q) (traces).
  MultiplierValues InDraw(double rho) const;

  // tr(W^k)/n and 1'W^k 1/n for k = 0..q+1: the by-order terms.
  const std::vector<double>& TraceMeans() const { return trace_means_; }
  const std::vector<double>& TotalMoments() const { return total_moments_; }
  engine::RhoBounds Bounds() const { return bounds_; }
  const std::string& Description() const { return description_; }

 private:
  MultiplierValues SolvedTotals(double rho, MultiplierValues values) const;
  MultiplierValues SeriesDirects(double rho) const;

  const engine::SpatialWeights& w_;
  ImpactMethod method_;
  int order_;
  arma::cx_vec eigenvalues_;  // n (exact only)
  bool constant_row_sums_ = false;
  double row_sum_ = 1.0;
  arma::vec w_times_ones_;             // W 1
  std::vector<double> trace_means_;    // q + 2
  std::vector<double> total_moments_;  // q + 2
  engine::RhoBounds bounds_;
  std::string description_;
};

}  // namespace hinterland::estimators
