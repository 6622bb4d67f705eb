// The spatial filter I - rho W of the ML lag and error models: its inverse action A b = (I - rho W)^-1 b
// and the traces of W_A = W A the asymptotic information matrix (Anselin 1988, eq. 6.5 and 12.x;
// spatialreg's lagsarlm/errorsarlm) and the lag model's LM test need. Exact for n <= exact_max_n through
// a dense inverse (a documented oracle: 32 MB at n = 2000); above it a sparse LU of I - rho W (UMFPACK)
// solves each probe of Hutchinson's (1990) trace estimator and Bekas, Kokiopoulou & Saad's (2007) diagonal
// estimator. Shared by estimators/lag and estimators/error (both link this folder's library).
#pragma once

#include <armadillo>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/weights/spatial_weights.hpp"

namespace hinterland::estimators {

struct FilterTraceOptions {
  // Up to this n the traces are exact (dense inverse, O(n^3) time, O(n^2) memory).
  std::int64_t exact_max_n = 2000;
  // Rademacher probes above exact_max_n; the relative standard error of a trace falls like 1 / sqrt(probes).
  int probes = 100;
  std::uint64_t seed = 20240601;
};

struct FilterTraces {
  double trace_wa = 0.0;       // tr(W_A)
  double trace_wa_t_wa = 0.0;  // tr(W_A' W_A)
  double trace_wa_wa = 0.0;    // tr(W_A W_A)
  double trace_t = 0.0;        // tr(W W + W' W), exact
  double trace_t_a = 0.0;      // tr((W W + W' W) A)
  arma::vec diagonal_wa;       // n: diag(W_A) (exact, or the probes' estimate)
  std::string method;          // how they were computed, for Provenance::vcov_method
};

class SpatialFilter {
 public:
  // Sets up A for this rho: a dense inverse when n <= options.exact_max_n, otherwise a sparse LU.
  // Throws engine::NumericalError naming rho when I - rho W is singular.
  SpatialFilter(const engine::SpatialWeights& w, double rho, const FilterTraceOptions& options);
  ~SpatialFilter();
  SpatialFilter(const SpatialFilter&) = delete;
  SpatialFilter& operator=(const SpatialFilter&) = delete;

  // (I - rho W)^-1 b for b with n entries.
  arma::vec Solve(const arma::vec& b) const;
  FilterTraces Traces() const;
  bool IsExact() const { return !dense_inverse_.is_empty(); }

 private:
  struct SparseLu;
  FilterTraces ExactTraces() const;
  FilterTraces StochasticTraces() const;

  const engine::SpatialWeights& w_;
  double rho_;
  FilterTraceOptions options_;
  arma::mat dense_inverse_;  // n x n A, only when n <= exact_max_n
  std::unique_ptr<SparseLu> sparse_lu_;
};

}  // namespace hinterland::estimators
