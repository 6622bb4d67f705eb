// The symmetric matrix S similar to W, when W has one: W symmetric (S = W) or W = D^-1 A with A symmetric
// and D diagonal positive (a row-standardised symmetric neighbour relation), where S = D^1/2 W D^-1/2.
// S has W's eigenvalues and determinant-related quantities (Ord 1975), so symmetric solvers (Lanczos,
// LAPACK dsyevd, CHOLMOD) apply. Built in O(n + links); never dense.
#pragma once

#include <optional>

#include "engine/linalg/sparse_matrix.hpp"
#include "engine/weights/spatial_weights.hpp"

namespace hinterland::engine {

struct SymmetricForm {
  CsrMatrix matrix;                // S, exactly symmetric, same pattern as W
  bool weights_symmetric = false;  // true when W itself is symmetric (S = W)
};

// S when W is symmetric or similar to symmetric, std::nullopt otherwise.
// Similar case: from detailed balance d_i w_ij = d_j w_ji, s_ij = w_ij (d_i / d_j)^1/2 = (w_ij w_ji)^1/2,
// which is symmetric by construction (no rounding asymmetry for CHOLMOD to see).
std::optional<SymmetricForm> FindSymmetricForm(const SpatialWeights& w);

}  // namespace hinterland::engine
