// log|I - rho W|: one enum of methods, one options struct, one interface and one factory (ARCHITECTURE.md
// sections 1-3). Set-up (eigenvalues, symbolic factorisation, traces) happens once in CreateLogDeterminant;
// each back-end then evaluates log|I - rho W| and its derivative per rho, as in spatialreg's *_setup /
// do_ldet split. Seven back-ends. Exact: eigen (Ord 1975), cholesky (CHOLMOD), lu (UMFPACK); interpolated
// is exact at Chebyshev nodes and interpolated between them (LeSage's lndetint idea). Approximate: chebyshev
// (Pace & LeSage 2004), mc (Barry & Pace 1999), lanczos (Ubaru, Chen & Saad 2017). W is non-negative
// (SpatialWeights enforces it).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/default_seed.hpp"
#include "engine/core/error.hpp"
#include "engine/linalg/extreme_eigenvalues.hpp"
#include "engine/linalg/weights_operator.hpp"
#include "engine/weights/spatial_weights.hpp"
#include "engine/weights/weights_summary.hpp"

namespace hinterland::engine {

enum class LogDetMethod { kAuto, kEigen, kCholesky, kLu, kChebyshev, kMonteCarlo, kLanczos, kInterpolated };

// "auto", "eigen", "cholesky", "lu", "chebyshev", "mc", "lanczos", "interpolated": the words of the option
// `logdet` (the CLI's --logdet) and of the JSON. The only place method strings exist.
std::string ToString(LogDetMethod method);
LogDetMethod ParseLogDetMethod(
    const std::string& text);  // OptionError with the problem {logdet, text} otherwise

struct LogDetOptions {
  LogDetMethod method = LogDetMethod::kAuto;
  // chebyshev_order: degree q of the Chebyshev interpolant of log(1 - rho x). At 30 the interpolation
  // error is negligible next to the stochastic traces (measured, exact traces, 40 x 40 rook lattice: 2e-8
  // relative at rho = 0.95 / lambda_max); Pace & LeSage use q = 3..8 for moderate rho, and the traces of
  // the extra orders cost little.
  int chebyshev_order = 30;
  // mc_order: terms m of the power series -sum rho^k tr(W^k) / k. Truncation shrinks like
  // (rho lambda_max)^m / m: at 100 it was 2e-5 relative at rho = 0.95 / lambda_max on a 40 x 40 rook lattice
  // and 2e-4 on 5 nearest neighbours (measured, exact traces). spatialreg's default 30 suits |rho| <= 0.7.
  int mc_order = 100;
  // mc_probes: Rademacher probes for the stochastic traces of mc and chebyshev; the standard error falls
  // like 1 / sqrt(probes). With 64 (and exact_trace_order 8) both stayed within 5e-4 relative of cholesky on
  // a 100 x 100 rook lattice for rho in [-0.9, 0.95] (tests/agreement).
  int mc_probes = 64;
  // exact_trace_order: traces of order <= this are exact even when the others are stochastic (Barry &
  // Pace use exact tr W and tr W^2); the low orders carry most of the value at moderate rho, so this removes
  // most of the variance there for O(n * links within that many steps).
  int exact_trace_order = 8;
  // Up to this n every trace is exact (no probes, no stochastic error). The exact traces propagate from every
  // unit until the whole graph is reached, so their cost grows like n^2 * order on small W: 1000 keeps it
  // around a second for mc's 100 orders.
  std::int64_t exact_traces_max_n = 1000;
  // lanczos_steps: Lanczos steps m per probe of the lanczos back-end (Gauss rules of m nodes, exact for
  // polynomials of degree 2m - 1). The rule's error falls geometrically in m and is largest near the bounds:
  // at 30 it was 5e-6 relative at 0.99 of either bound and 2e-10 at 0.95 (100 x 100 rook lattice; 1e-6 and
  // 1e-11 on queen), below the probe noise; 20 suffices up to 0.95 of the bounds (1.3e-4 at 0.99) and 10
  // does not (2.6e-4 at 0.95).
  int lanczos_steps = 30;
  // lanczos_probes: Rademacher probes N of the lanczos back-end; the standard error falls like
  // 1 / sqrt(n N) relative. With 64 (and exact_trace_order 8) the largest relative error over rho in
  // [-0.9, 0.95] of the bounds was 4e-5 on a 100 x 100 rook lattice and 8e-5 on queen (median of 3 seeds,
  // benchmarks/README.md), so the 1e-3 holds with room to spare down to n = 1000 (3x the relative
  // error of n = 10^4); 16 probes gave 1.5e-4 at a third of the set-up.
  int lanczos_probes = 64;
  // Probes per Lanczos block: each step multiplies S by an n x b block, reading S once for b probes; memory
  // 3 n b doubles (96 MB at n = 10^6). Measured set-up for 64 probes, 30 steps (rook lattice, n = 10^5): b =
  // 4 took 0.54 s against 0.60 (b = 8), 0.88 (b = 16) and 0.93 unblocked; at n = 10^4 b = 4 and 8 were within
  // 12%. Beyond the cache, wider blocks lose what they gain (benchmarks/README.md).
  int lanczos_block_size = 4;
  // interpolation_nodes: exact evaluations N of the interpolated back-end (Chebyshev nodes in
  // t = atanh((rho - c) / h) / 4; interpolated_log_determinant.hpp). Its error, measured per unit on
  // lattices and nearest-neighbour W, is the same for every W: 2e-9 n at 48, 9e-11 n at 56, 4e-12 n at 64
  // (derivative 1e-9 n within 0.99 of the bounds), 7e-15 n at 80; each node is one factorisation.
  int interpolation_nodes = 64;
  // seed: the probes are drawn from std::mt19937_64(seed); the same seed gives the same estimate.
  std::uint64_t seed = kDefaultSeed;
  // rho_interval: search rho only inside (lower, upper), spatialreg's `interval`. It must lie inside the
  // interval where I - rho W is nonsingular with positive determinant, (1/lambda_min, 1/lambda_max) (and
  // inside the back-end's own, e.g. mc's |rho| < 1/r). When every row of W sums to r and the interval lies
  // inside (-1/r, 1/r) (always safe: every |lambda| <= r) no eigenvalue is computed; otherwise the extreme
  // eigenvalues are, to check it. Describe() says the interval was given.
  std::optional<RhoBounds> rho_interval;
  // auto_workload: the units auto weighs against the exact back-ends' ranges, when more than W's n. The sum
  // of an unbalanced panel's log-determinants sets it to the units of all its distinct W_t, each of which an
  // exact back-end would factorise at every rho of the search (summed_log_determinant.hpp).
  std::int64_t auto_workload = 0;
};

// The settings outside their domain, keyed by field name (chebyshev_order 2..500, mc_order 2..2000,
// mc_probes 2..100000, exact_trace_order 0..2000, lanczos_steps 2..1000, lanczos_probes 2..100000,
// interpolation_nodes 8..1000, ...); empty when all are valid. CreateLogDeterminant refuses any.
std::vector<OptionProblem> LogDetOptionProblems(const LogDetOptions& options);

// log|I - rho W| for one W, set up once. Back-ends that need symmetry work on the symmetric form
// S = D^1/2 W D^-1/2, which has the same determinant.
class LogDeterminant {
 public:
  virtual ~LogDeterminant() = default;
  LogDeterminant(const LogDeterminant&) = delete;
  LogDeterminant& operator=(const LogDeterminant&) = delete;

  // log|I - rho W|, the natural log of det(I - rho W), which is positive inside Bounds(). Throws
  // NumericalError when rho is not inside the open interval Bounds() (including NaN): outside it I - rho W is
  // singular or its determinant is negative, and an ML search must never get there, so a silent NaN would
  // hide a bug.
  virtual double Evaluate(double rho) const = 0;
  // d/drho log|I - rho W| = -tr((I - rho W)^-1 W). Exact for eigen; the derivative of the approximation for
  // chebyshev, mc, lanczos and interpolated; a Richardson-extrapolated central difference of Evaluate for
  // cholesky and lu.
  virtual double Derivative(double rho) const = 0;
  virtual bool IsExact() const = 0;
  // An estimate of |Evaluate(rho) - log|I - rho W||: 0 for exact back-ends; for approximate ones the
  // standard error of the stochastic traces plus an estimate of the truncation error.
  virtual double ErrorEstimate(double rho) const = 0;
  // One line: the method used (and why, when auto chose it), the solver and the rho interval.
  virtual std::string Describe() const;

  // The open interval of rho where Evaluate is defined: (1/lambda_min, 1/lambda_max), narrowed by mc to
  // where its power series converges (and by chebyshev to (-1, 1) when W has no links).
  RhoBounds Bounds() const { return bounds_; }
  const ExtremeEigenvalues& Eigenvalues() const { return eigenvalues_; }
  LogDetMethod MethodGiven() const { return method_given_; }
  LogDetMethod MethodUsed() const { return method_used_; }
  std::int64_t n() const { return n_; }

 protected:
  LogDeterminant(std::int64_t n, LogDetMethod method_used, const ExtremeEigenvalues& eigenvalues);

  // The back-end's solver in a few words, for Describe().
  virtual std::string Details() const = 0;
  void SetBounds(const RhoBounds& bounds) { bounds_ = bounds; }
  // For a back-end built from others (SummedLogDeterminant): the method the user asked for.
  void SetMethodGiven(LogDetMethod method) { method_given_ = method; }
  // Throws NumericalError naming rho and the interval when rho is not inside Bounds().
  void RequireInsideBounds(double rho) const;
  // Richardson extrapolation of central differences of Evaluate (error O(h^4)); the step stays well inside
  // the bounds.
  double NumericalDerivative(double rho) const;

 private:
  friend struct LogDeterminantFactory;  // CreateLogDeterminant's set-up, in log_determinant.cpp
  friend void ApplyRhoInterval(const RhoBounds& interval, LogDeterminant& result);
  std::int64_t n_;
  LogDetMethod method_given_;
  LogDetMethod method_used_;
  ExtremeEigenvalues eigenvalues_;
  RhoBounds bounds_;
  std::string auto_reason_;  // why auto chose method_used_ ("" when the method was given)
  std::string bounds_note_;  // how bounds_ were set when not from the eigenvalues ("" otherwise)
};

// Replaces result's interval by a rho_interval after checking that it lies inside (OptionError with the
// problem {rho_interval, the interval, the interval allowed} otherwise); Describe() then says so. Used by
// CreateLogDeterminant.
void ApplyRhoInterval(const RhoBounds& interval, LogDeterminant& result);

// Validates the options against W (OptionError naming the option), sets the chosen back-end up once, and
// returns it. auto: see ChooseLogDetMethod.
std::unique_ptr<LogDeterminant> CreateLogDeterminant(const SpatialWeights& w, const LogDetOptions& options);
// The same for W as a model's operator: W's symmetric form, its spectrum (eigen) and its extreme eigenvalues
// come from the operator's cache, so that the covariance traces and the impacts of the same fit reuse them.
std::unique_ptr<LogDeterminant> CreateLogDeterminant(const WeightsOperator& w, const LogDetOptions& options);

// What auto picks for W, chosen by measured whole-fit times (benchmarks/README.md, "Whole fits by back-end
// and n"; 2-core machine, shared), with the reason in words:
//   n <= 1,000                   eigen: exact; the dense decomposition takes well under a second.
//   W similar to symmetric,      cholesky: exact; a SAR fit took ~17 s of CPU at n = 250,000 but ~50 s
//   n <= 250,000                 (and 2.1 GB) at 10^6, its factorisations (one per rho of the search)
//                                growing like n^1.5 on planar graphs.
//   W general, n <= 100,000      lu: exact; 4.8 s wall at 10^5 on k = 8 nearest neighbours, where
//                                UMFPACK's fill grows faster than Cholesky's on lattices.
//   larger                       approximate: chebyshev for W similar to symmetric (real spectrum); mc for
//                                general W (its power series needs only the spectral radius, while
//                                Chebyshev interpolation assumes a real spectrum). Auto then also
//                                (a) takes the rho interval from constant row sums r: (-1/r, 1/r), a bound
//                                that needs no Lanczos / Arnoldi (ExtremeEigenvalueOptions::
//                                bound_smallest_by_row_sum; Arnoldi took 4.9 s at 10^5 kNN);
//                                (b) draws max(16, ceil(6.4e6 / n)) probes (at most those given): the
//                                probes' error in rho-hat falls like 1 / sqrt(n probes), so n * probes
//                                >= 6.4e6 keeps it where 64 probes put it at n = 10^5 (16 is spatialreg's
//                                MC default);
//                                (c) for general W keeps exact traces to order 2 only (Barry & Pace
//                                1999): at 10^6 order 8 would be ~1.2e9 sparse visits (~4 s on 2
//                                cores) for an error the probes already keep below 1e-6 in rho-hat.
// Auto does not choose lanczos or interpolated, by measurement (benchmarks/README.md, "Log-determinant
// accuracy per second"): lanczos matches chebyshev's error and beats it on set-up only modestly on rook
// lattices (0.7x) and loses on queen lattices, and interpolated pays N + 5 factorisations, which a single
// SAR fit does not recover; both remain for users who ask for them (robustness near the bounds; many
// likelihood evaluations, as in SAC or Hessians).
struct AutoLogDetChoice {
  LogDetMethod method = LogDetMethod::kEigen;
  LogDetOptions options;                   // the given options with auto's settings for the method applied
  bool bound_smallest_by_row_sum = false;  // (a) above
  std::string reason;
};
// `row_sums`: W's, when already known (null: computed here when the choice needs them).
AutoLogDetChoice ChooseLogDetMethod(const SpatialWeights& w,
                                    bool similar_to_symmetric,
                                    const LogDetOptions& options,
                                    const WeightsRowSums* row_sums = nullptr);

}  // namespace hinterland::engine
