// Power-series pieces of (I - rho W)^-1 for spatial impacts and multiplier-based covariances (LeSage & Pace
// 2009, sec. 4.1-4.2): traces tr(W^k) (exact or exact-low-order + Hutchinson, via trace_estimators), the
// moments a' W^k b by repeated sparse products, and the exact solve (I - rho W) x = b by restarted GMRES
// (Saad & Schultz 1986) for rho inside (1/lambda_min, 1/lambda_max), where every eigenvalue of I - rho W
// has positive real part. O(n + links) memory; never dense.
#pragma once

#include <armadillo>
#include <cstdint>
#include <vector>

#include "engine/core/default_seed.hpp"
#include "engine/weights/spatial_weights.hpp"

namespace hinterland::engine {

struct PowerTraceOptions {
  int degree = 31;  // tr(W^k) for k = 0..degree
  // Up to this n every trace is exact (cost O(n * units reached within `degree` steps)).
  std::int64_t exact_max_n = 2000;
  // Above exact_max_n: traces of order <= exact_order exact, the rest by Hutchinson probes
  // (Barry & Pace 1999 keep tr W and tr W^2 exact; the low orders carry most of the value).
  int exact_order = 8;
  // Rademacher probes for the stochastic orders (LeSage & Pace 2009, sec. 4.2 use 50).
  int probes = 50;
  std::uint64_t seed = kDefaultSeed;
};

struct PowerTraces {
  std::vector<double> traces;      // degree + 1: tr(W^k); traces[0] = n
  std::vector<double> std_errors;  // degree + 1: 0 for exact orders, probe standard error otherwise
  int exact_order = 0;             // orders <= this are exact
  int probes = 0;                  // 0 when every trace is exact
  bool IsStochastic() const { return probes > 0; }
};

PowerTraces ComputePowerTraces(const SpatialWeights& w, const PowerTraceOptions& options);

// left' W^k right for k = 0..degree, exact (degree sparse products).
std::vector<double> PowerMoments(const SpatialWeights& w,
                                 const arma::vec& left,
                                 const arma::vec& right,
                                 int degree);

struct ShiftedSolveOptions {
  double relative_tolerance = 1e-13;  // on ||b - (I - rho W) x|| / ||b||
  int restart = 40;                   // Krylov basis size before a restart
  int max_iterations = 5000;          // total GMRES steps
};

// x with (I - rho W) x = b. Throws NumericalError naming rho when GMRES does not reach the tolerance (rho
// outside or at the edge of the interval where I - rho W is nonsingular).
arma::vec SolveIdentityMinusRhoW(const SpatialWeights& w,
                                 double rho,
                                 const arma::vec& b,
                                 const ShiftedSolveOptions& options = {});

}  // namespace hinterland::engine
