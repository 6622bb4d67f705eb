// ShiftedFactorization: the one sparse direct factorisation of I - rho W in Hinterland. The exact
// log-determinants (logdet/cholesky_log_determinant, logdet/lu_log_determinant, and through them the
// interpolated back-end's nodes) and the direct routes of ShiftedBlockSolver (the covariance traces) all
// factorise through it, so they share one set of singularity checks and one threading rule. Before it there
// were two CHOLMOD and two UMFPACK wrappers that had drifted apart (the 2026-12 review, D1).
//
// As Ceres's SparseCholesky (internal/ceres/sparse_cholesky.h), the symbolic analysis (fill-reducing
// ordering, elimination tree or frontal structure) is made once, on the first Analyze or Factorize, and each
// Factorize(rho) is a numeric refactorisation on it. As Ceres splits LinearSolverType from
// SparseLinearAlgebraLibraryType, the ALGORITHM (cholesky, lu) is kept apart from the LIBRARY that provides
// it (CHOLMOD, UMFPACK), so that a GPU (cuDSS) or distributed (MUMPS through PETSc) library can later be
// added behind this interface without touching its users.
//
//   cholesky  W symmetric or similar to symmetric (S = D^1/2 W D^-1/2, symmetric_form.hpp): LL' (or LDL')
//             of I - rho S, which has I - rho W's determinant and is positive definite inside the rho
//             interval; solves use (I - rho W)^-1 = D^-1/2 (I - rho S)^-1 D^1/2 and its transpose
//             D^1/2 (I - rho S)^-1 D^-1/2. CHOLMOD: the strictly lower triangle of S is stored once, its
//             values become -rho s_ij per rho and cholmod_l_factorize_p adds the identity (beta = 1).
//   lu        any W: LU of I - rho W' (W's CSR arrays read as CSC, with the diagonal), which has the same
//             determinant; a solve with I - rho W is UMFPACK's transposed solve. log|det| comes from
//             umfpack_dl_get_determinant's mantissa/exponent form, which cannot overflow or underflow where
//             a plain product of 10^6 pivots would.
//
// One set of checks, each a NumericalError naming rho: the library's own refusal (CHOLMOD: not positive
// definite; UMFPACK: singular), and, because rounding can leave a tiny positive pivot at a singular matrix
// (a simplicial LDL' even goes through an indefinite one), a pivot measure that must exceed kSingularPivot
// next to the unit diagonal: the smallest D_jj (or L_jj^2) for cholesky, UMFPACK's reciprocal condition
// estimate min |U_ii| / max |U_ii| for lu. LogDeterminant() also refuses a negative determinant (rho past a
// real eigenvalue's reciprocal). Every analysis, factorisation and solve runs inside a
// SingleThreadedSparseSolver (sparse_solver_threads.hpp has the measurements), which restores the OpenBLAS
// and OpenMP settings on exit.
//
// Settings, chosen by measurement (2-core development machine shared with other builds; row-standardised
// rook lattices unless said; CPU seconds of the whole process per factorisation, standalone runs):
// CHOLMOD (cholesky)
// - Threads: single-threaded (above). Debian's CHOLMOD 3.0.14 opens a 4-thread OpenMP region per supernode
//   and OpenBLAS's workers spun between calls: n = 10^5 0.16 -> 0.11 s, n = 10^6 2.19 -> 1.53 s. That and
//   the load were most of the earlier 7.5 s per rho at 10^6 and of cholesky losing to lu at 10^5
//   (logdet_benchmark now: 0.10 s against lu's 0.29 s).
// - Ordering: CHOLMOD's default, AMD (METIS and NESDIS are tried only when AMD's fill is high), is kept. On
//   the 1000 x 1000 rook lattice METIS cut nnz(L) from 4.47e7 to 3.40e7 and the flops by 31%, but the
//   factorisation only from 1.53 to 1.38 s, for 4.3 s of ordering against 0.8 s (NESDIS: 1.38 s for
//   5.3 s), ~25 evaluations to break even; at n = 10^5 it gained nothing (0.153 against 0.156 s, 0.36 s of
//   ordering against 0.06 s); on the 1000 x 1000 queen lattice it lost (nnz(L) 5.90e7 against 5.63e7,
//   1.90 against 1.83 s). COLAMD (a column ordering of A'A, for unsymmetric factorisations) was not tried.
// - Supernodal or simplicial: CHOLMOD's switch (supernodal when flops / nnz(L) >= 40) is kept: the two tie
//   at n = 10^4 (7 against 8 ms), supernodal wins from 4e4 (0.040 against 0.056 s) and by far at 10^6
//   (1.5 against 17 s).
// UMFPACK (lu)
// - Strategy: UMFPACK's automatic choice already takes its symmetric strategy (AMD on the pattern of
//   A + A', diagonal pivots preferred) on lattices and k-nearest-neighbour W, whose patterns are symmetric
//   or nearly so; forcing the unsymmetric strategy cost 0.378 against 0.224 s at n = 10^5 (rook) with
//   30-80% more fill. The defaults stay. The strategy choice looks at the values, so the symbolic analysis
//   is given representative ones (Analyze's rho).
// - Ordering: METIS instead of AMD gave 3.0 against 3.6 s per factorisation on the 1000 x 1000 rook
//   lattice for 5.1 against 2.5 s of symbolic analysis, and 4.4 against 4.7 s (9.9 against 3.7 s) on
//   k = 8 nearest neighbours of 10^6 points: AMD kept.
// - Threads: single-threaded (above): two OpenBLAS threads changed nothing at 10^5 (0.235 against
//   0.234 s) and only spin between fronts.
// - Memory: beside UMFPACK's objects only the pattern, each entry's weight and the values are held (the
//   per-entry index into W and a copy of W's weights are gone: 144 MB less at 10^6 kNN, k = 8).
//   ReleaseFactor() frees the numeric factor where its caller needs no solve (the lu log-determinant), so
//   that it is not held beside the covariance traces' own factorisation.
#pragma once

#include <armadillo>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/linalg/symmetric_form.hpp"
#include "engine/weights/spatial_weights.hpp"

namespace hinterland::engine {

// The matrix decomposition. cholesky needs W symmetric or similar to symmetric and I - rho S positive
// definite (rho inside its interval); lu takes any W and any nonsingular I - rho W.
enum class FactorizationAlgorithm { kCholesky, kLu };
std::string ToString(FactorizationAlgorithm algorithm);  // "cholesky", "lu"

// The library that provides an algorithm. One per algorithm today; a GPU or distributed one goes here.
enum class SparseLibrary { kCholmod, kUmfpack };
std::string ToString(SparseLibrary library);  // "CHOLMOD", "UMFPACK"

// The library `algorithm` uses when none is named: CHOLMOD for cholesky, UMFPACK for lu.
SparseLibrary DefaultLibrary(FactorizationAlgorithm algorithm);

// r with r_i w_ij / r_j = s_ij: D^1/2 up to one constant per connected component (which cancels in
// D^-1/2 (I - rho S)^-1 D^1/2 because the inverse does not couple components); all ones when W is
// symmetric. The cholesky factorisation's solves and ShiftedBlockSolver's conjugate gradients use it.
arma::vec SimilarityScale(const SpatialWeights& w, const SymmetricForm& symmetric_form);

// Not for concurrent calls: one factor is shared by them (the log-determinant back-ends hold a mutex).
class ShiftedFactorization {
 public:
  // A pivot measure at or below this, next to the unit diagonal of I - rho W, means singular (see above).
  static constexpr double kSingularPivot = 1e-12;

  // The factorisation of I - rho W by `algorithm` from `library`. cholesky reads `symmetric_form` (null: an
  // OptionError, W is not similar to symmetric) and needs `w` only to Solve when W is not itself symmetric;
  // lu reads `w`. An OptionError when `library` does not provide `algorithm`. Both are read here and not
  // kept (their pattern and values are copied into the library's format). Nothing is analysed yet.
  static std::unique_ptr<ShiftedFactorization> Create(FactorizationAlgorithm algorithm,
                                                      SparseLibrary library,
                                                      const SpatialWeights* w,
                                                      const SymmetricForm* symmetric_form);
  virtual ~ShiftedFactorization();
  ShiftedFactorization(const ShiftedFactorization&) = delete;
  ShiftedFactorization& operator=(const ShiftedFactorization&) = delete;

  // The symbolic analysis now (a no-op once made), on the values of I - representative_rho W where the
  // library looks at values (UMFPACK's strategy choice). Optional: Factorize makes it at its own rho
  // otherwise. NumericalError when the library fails.
  void Analyze(double representative_rho);
  // The numeric factorisation of I - rho W on the cached symbolic analysis. NumericalError naming rho when
  // I - rho W is singular, not positive definite (cholesky) or the library fails; the factorisation is
  // then unusable until a Factorize succeeds.
  void Factorize(double rho);
  // log|I - rho W| at the factorised rho. NumericalError naming rho when the determinant is negative.
  double LogDeterminant() const;
  // X = (I - rho W)^-1 B, or (I - rho W')^-1 B when `transposed`, at the factorised rho; B is n x b.
  arma::mat Solve(const arma::mat& b, bool transposed = false) const;
  // Frees the numeric factor where the library holds it apart from the symbolic analysis (UMFPACK; CHOLMOD
  // keeps one object and refactorises in place). Factorize again before LogDeterminant or Solve.
  void ReleaseFactor();

  FactorizationAlgorithm Algorithm() const { return algorithm_; }
  SparseLibrary Library() const { return library_; }
  bool IsFactorized() const { return factorized_; }
  double Rho() const { return rho_; }  // the rho of the current factor
  // The library and the factor, e.g. "CHOLMOD 3.0.14 supernodal LL' of I - rho S, nnz(L) = 1234, symbolic
  // analysis once" (the algorithm is the caller's word: "cholesky: ...").
  std::string Describe() const;

 protected:
  // What a numeric factorisation found, for the one set of checks in Factorize.
  struct Outcome {
    enum class Verdict { kFactorized, kNotPositiveDefinite, kSingular, kFailed };
    Verdict verdict = Verdict::kFactorized;
    double pivot_measure = 0.0;   // kFactorized: compared with kSingularPivot
    const char* pivot_name = "";  // what pivot_measure is, for the message
    std::string library_detail;   // the library's status in words, for the message
  };
  // log|det| and the sign of det (0: zero or not finite), for LogDeterminant's check.
  struct SignedLogDeterminant {
    double log_abs = 0.0;
    int sign = 0;
    std::string library_detail;  // how the library gave it, for the message
  };

  ShiftedFactorization(FactorizationAlgorithm algorithm, SparseLibrary library, std::int64_t n);

  // The library calls, each run inside Analyze / Factorize / Solve's single-threaded scope. AnalyzePattern
  // throws NumericalError itself (it names no rho when called from Analyze).
  virtual void AnalyzePattern(double representative_rho) = 0;
  virtual Outcome FactorizeNumerically(double rho) = 0;
  virtual SignedLogDeterminant LogDeterminantOfFactor() const = 0;
  virtual arma::mat SolveFactored(const arma::mat& b, bool transposed) const = 0;
  // Frees the numeric factor if the library keeps it apart (see ReleaseFactor).
  virtual void ReleaseNumeric() {}
  // The library's version and the factor's kind and size, for Describe.
  virtual std::string LibraryDetails() const = 0;

  // "cholesky (CHOLMOD) of I - rho W at rho = 0.5": the head of every error message naming rho.
  std::string At(double rho) const;

 private:
  void RequireUsable(Outcome outcome, double rho);

  FactorizationAlgorithm algorithm_;
  SparseLibrary library_;
  std::int64_t n_;
  bool analyzed_ = false;
  bool factorized_ = false;
  double rho_ = 0.0;
};

}  // namespace hinterland::engine
