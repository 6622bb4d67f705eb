// The spatial filter I - rho W of the ML lag and error models: its inverse action A b = (I - rho W)^-1 b
// and the traces of W_A = W A the asymptotic information matrix (Anselin 1988, eq. 6.5 and 12.x;
// spatialreg's lagsarlm/errorsarlm) and the lag model's LM test need. Exact for n <= exact_max_n through
// a dense inverse (a documented oracle: 32 MB at n = 2000). Above it, Hutchinson's (1990) estimator with
// Rademacher probes drawn in blocks, each block solved at once by engine::ShiftedBlockSolver (conjugate
// gradients / BiCGSTAB on the whole block, or one sparse factorisation), and Bekas, Kokiopoulou & Saad's
// (2007) diagonal estimator. The first-order term of W_A = W + rho W^2 A is exact (control variate): each
// probe estimates only the remainder, which removes most of the probes' variance at moderate rho. The
// probes stop when a caller's rule says the traces are precise enough for their use (the covariance asks
// that they move no standard error by more than a set fraction; spatial_ml_inference.cpp): on spatial graphs
// the relative standard error of a trace falls like 1 / sqrt(n * probes), so large n needs few probes.
// Shared by estimators/lag, estimators/error and estimators/sac.
#pragma once

#include <armadillo>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/core/default_seed.hpp"
#include "engine/linalg/shifted_block_solver.hpp"
#include "engine/linalg/symmetric_form.hpp"
#include "engine/linalg/weights_operator.hpp"
#include "engine/weights/spatial_weights.hpp"

namespace hinterland::estimators {

struct FilterTraceOptions {
  // Up to this n the traces are exact (dense inverse, O(n^3) time, O(n^2) memory).
  std::int64_t exact_max_n = 2000;
  // Above exact_max_n: the most Rademacher probes. Without a stopping rule exactly this many are drawn.
  int probes = 100;
  // Probes are drawn and solved this many at a time; a stopping rule is consulted after each block, so this
  // is also the fewest probes.
  int probe_block = 8;
  // A stopping rule's value (the relative error the traces' noise puts on what they are used for) at or
  // below which no more probes are drawn.
  double target_relative_error = 1e-3;
  std::uint64_t seed = engine::kDefaultSeed;
  // How the probes' systems (I - rho W) X = Z are solved (engine/linalg/shifted_block_solver.hpp).
  engine::ShiftedSolverKind solver = engine::ShiftedSolverKind::kAuto;
};

struct FilterTraces {
  double trace_wa = 0.0;       // tr(W_A)
  double trace_wa_t_wa = 0.0;  // tr(W_A' W_A)
  double trace_wa_wa = 0.0;    // tr(W_A W_A)
  double trace_t = 0.0;        // tr(W W + W' W), exact
  double trace_t_a = 0.0;      // tr((W W + W' W) A)
  arma::vec diagonal_wa;       // n: diag(W_A) (exact, or the probes' estimate)
  // Stochastic traces only: one row per probe, its unbiased estimates of (tr(W_A), tr(W_A' W_A),
  // tr(W_A W_A), tr((W W + W' W) A)); the traces above are the column means. Empty when exact.
  arma::mat per_probe;
  // The standard errors of the four stochastic traces (sd over probes / sqrt(probes)); zeros when exact.
  arma::vec StandardErrors() const;
  int Probes() const { return static_cast<int>(per_probe.n_rows); }
  double stopping_value = 0.0;  // the stopping rule's last value (0 when exact or without a rule)
  std::string method;           // how they were computed, for Provenance::vcov_method
};

// The relative error that traces with this much noise put on their use; probes stop once it is at or below
// FilterTraceOptions::target_relative_error.
using TraceStoppingRule = std::function<double(const FilterTraces&)>;

class SpatialFilter {
 public:
  // Sets up A for this rho: a dense inverse when n <= options.exact_max_n, otherwise the block solver
  // (which factorises I - rho W when it takes a direct route). Throws engine::NumericalError naming rho when
  // I - rho W is singular.
  SpatialFilter(const engine::SpatialWeights& w, double rho, const FilterTraceOptions& options);
  // The same with W's symmetric form from the operator's cache (computed once per fit, shared with the
  // log-determinant and the impacts). `w` must outlive the filter.
  SpatialFilter(const engine::WeightsOperator& w, double rho, const FilterTraceOptions& options);
  ~SpatialFilter();
  SpatialFilter(const SpatialFilter&) = delete;
  SpatialFilter& operator=(const SpatialFilter&) = delete;

  // (I - rho W)^-1 b, or (I - rho W')^-1 b when `transposed`, for b with n entries.
  arma::vec Solve(const arma::vec& b, bool transposed = false) const;
  // Exact traces, or stochastic ones: blocks of probes until `rule` (when given) is at or below the target,
  // or options.probes are drawn.
  FilterTraces Traces(const TraceStoppingRule& rule = nullptr) const;
  bool IsExact() const { return !dense_inverse_.is_empty(); }

 private:
  SpatialFilter(const engine::SpatialWeights& w,
                const engine::WeightsOperator* cache,
                double rho,
                const FilterTraceOptions& options);
  FilterTraces ExactTraces() const;
  FilterTraces StochasticTraces(const TraceStoppingRule& rule) const;

  const engine::SpatialWeights& w_;
  const engine::WeightsOperator* cache_;  // null when W came without one
  double rho_;
  FilterTraceOptions options_;
  arma::mat dense_inverse_;                              // n x n A, only when n <= exact_max_n
  std::optional<engine::SymmetricForm> symmetric_form_;  // when W came without a cache
  std::unique_ptr<engine::ShiftedBlockSolver> solver_;
};

}  // namespace hinterland::estimators
