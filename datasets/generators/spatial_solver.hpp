// Solves (I - rho W) y = v for sparse W without factorising: the fixed-point (Neumann series) iteration
// y <- rho W y + v, whose error shrinks by at least q = |rho| ||W|| per step in any induced norm. We use
// q = |rho| min(||W||_inf, ||W||_1) (max row sum, max column sum of |w_ij|), which bounds the spectral
// radius of rho W: the iteration converges when q < 1 (|rho| < 1 for row-standardised W), else we refuse.
// O(n + links) memory and time per step; works at n = 10^7.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "engine/weights/spatial_weights.hpp"

namespace hinterland::generators {

// min(max row sum, max column sum) of |w_ij|: an upper bound on the spectral radius of W.
double SpectralRadiusBound(const engine::SpatialWeights& w);

// Throws engine::OptionError naming `parameter_name` (e.g. "--rho") unless |value| * bound < 1, the
// condition under which SolveSpatialSystem is guaranteed to converge.
void RequireConvergentParameter(const std::string& parameter_name,
                                double value,
                                const engine::SpatialWeights& w);

struct SolveReport {
  std::int64_t iterations = 0;  // matrix-vector products with W
  double residual = 0.0;        // max_i |v - (I - rho W) y|_i of the returned y
  double contraction = 0.0;     // q = |rho| * SpectralRadiusBound(W)
};

// Writes into `y` the solution of (I - rho W) y = v with max_i |v - (I - rho W) y|_i <= tolerance *
// max(1, max_i |v_i|). The iteration count is bounded in advance from q (a priori bound q^m ||r_0||_1);
// reaching it (possible only through rounding) is a NumericalError. |rho| * bound >= 1 is an OptionError.
SolveReport SolveSpatialSystem(const engine::SpatialWeights& w,
                               double rho,
                               std::span<const double> v,
                               std::span<double> y,
                               double tolerance = 1e-13);

}  // namespace hinterland::generators
