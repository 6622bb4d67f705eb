// Runs a sparse factorisation or solve (CHOLMOD, UMFPACK) single-threaded: for the lifetime of a
// SingleThreadedSparseSolver, OpenBLAS uses one thread and OpenMP parallel regions are inactive; both
// settings are restored afterwards. ShiftedFactorization (shifted_factorization.hpp) opens one around every
// analysis, factorisation and solve, so the log-determinants and the covariance traces' direct solves run
// alike; it lives in linalg/, below logdet/, for that reason. Why, measured on the 2-core development
// machine (shared with other builds; CPU seconds per factorisation of I - rho S on rook lattices, AMD
// ordering, supernodal):
// - Debian's CHOLMOD 3.0.14 opens an OpenMP region with a fixed team of 4 threads (CHOLMOD_OMP_NUM_THREADS,
//   set at its compile time, deaf to OMP_NUM_THREADS) around the assembly of every supernode, about 10^5
//   regions per factorisation at n = 10^5; each wakes the team (a futex call) and the idle members spin.
//   Inactive regions: n = 10^5 0.155-0.172 -> 0.104-0.113 s, n = 10^6 2.19 -> 1.53 s (CPU, process).
// - OpenBLAS with 2 threads on the supernodes' small dense blocks gained no wall time under load and cost
//   CPU in sched_yield spinning: n = 10^5 0.25-0.62 s CPU per factorisation with 2 threads against
//   0.15-0.17 s with 1, wall 0.36-0.57 against 0.24-0.31 s. At a quieter moment 2 threads gave 1.29 s wall
//   against 1.63 s at n = 10^6 (METIS ordering) for 2.55 against 1.38 s of CPU: not worth a second core
//   that other work wants.
// OpenMP's entry points are looked up at run time (dlsym): libgomp is loaded by CHOLMOD, not linked by
// Hinterland, and a CHOLMOD built without OpenMP needs nothing. The settings are process-wide: scopes on
// two threads at once could restore them early, which costs speed, never correctness (Hinterland calls the
// solvers from one thread).
#pragma once

namespace hinterland::engine {

class SingleThreadedSparseSolver {
 public:
  SingleThreadedSparseSolver();
  ~SingleThreadedSparseSolver();
  SingleThreadedSparseSolver(const SingleThreadedSparseSolver&) = delete;
  SingleThreadedSparseSolver& operator=(const SingleThreadedSparseSolver&) = delete;

 private:
  int blas_threads_ = 0;        // OpenBLAS's thread count before the scope
  int max_active_levels_ = -1;  // OpenMP's max-active-levels before the scope (-1: no OpenMP in the process)
};

}  // namespace hinterland::engine
