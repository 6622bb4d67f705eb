// A locality order for sparse products at large n: units numbered breadth-first over the graph of M + M'
// (Cuthill & McKee 1969 without the degree sort), so that neighbours get nearby numbers and a product M x
// reads nearby entries of x. Units generated in random order (e.g. seeded points with k nearest neighbours)
// otherwise cost a cache miss per nonzero once x no longer fits in cache: permuting a 10^5-point kNN W this
// way made blocked products about 4 times faster (benchmarks/micro/shifted_solver_benchmark.cpp). Traces,
// solves and spectra are unchanged by the symmetric permutation P M P'. O(n + nonzeros).
#pragma once

#include <cstdint>
#include <vector>

#include "engine/linalg/sparse_matrix.hpp"

namespace hinterland::engine {

// M' in CSR (rows sorted).
CsrMatrix Transposed(const CsrMatrix& matrix);

// order[r] = the unit placed at position r: breadth-first from the lowest-numbered unit not yet placed,
// component after component, over the links of M and M'.
std::vector<std::int64_t> BreadthFirstOrder(const CsrMatrix& matrix);

// P M P': row r is row order[r] of M with its columns renumbered to positions (sorted within each row).
CsrMatrix PermutedSymmetrically(const CsrMatrix& matrix, const std::vector<std::int64_t>& order);

}  // namespace hinterland::engine
