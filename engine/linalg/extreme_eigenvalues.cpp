// Extreme eigenvalues: exact structural shortcuts, dense LAPACK below a size threshold, plain Lanczos on
// the symmetric form (Paige 1972: without reorthogonalisation the extreme Ritz values still converge; lost
// orthogonality only adds duplicate "ghost" copies inside the spectrum), Spectra's Arnoldi for general W.
// Every start vector comes from a fixed seed, so results are reproducible run to run.
#include "engine/linalg/extreme_eigenvalues.hpp"

#include <fmt/format.h>

#include <Spectra/GenEigsSolver.h>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <armadillo>
#include <cmath>
#include <complex>
#include <limits>
#include <optional>
#include <random>
#include <utility>
#include <vector>

#include "engine/core/error.hpp"

namespace hinterland::engine {

std::string ToString(SpectrumKind kind) {
  switch (kind) {
    case SpectrumKind::kReal:
      return "real";
    case SpectrumKind::kComplex:
      return "complex";
    case SpectrumKind::kUnknown:
      return "unknown";
  }
  return "unknown";
}

RhoBounds BoundsFromEigenvalues(const ExtremeEigenvalues& eigenvalues) {
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  RhoBounds bounds;
  bounds.lower = eigenvalues.lambda_min < 0.0 ? 1.0 / eigenvalues.lambda_min : -kInfinity;
  bounds.upper = eigenvalues.lambda_max > 0.0 ? 1.0 / eigenvalues.lambda_max : kInfinity;
  return bounds;
}

namespace {

arma::mat DenseCopy(const CsrMatrix& matrix) {
  arma::mat dense(matrix.n, matrix.n, arma::fill::zeros);
  for (std::int64_t i = 0; i < matrix.n; ++i) {
    for (std::int64_t p = matrix.row_offsets[i]; p < matrix.row_offsets[i + 1]; ++p) {
      dense(i, matrix.column_indices[p]) = matrix.values[p];
    }
  }
  return dense;
}

}  // namespace

arma::vec SymmetricEigenvalues(const CsrMatrix& symmetric) {
  arma::vec eigenvalues;
  if (!arma::eig_sym(eigenvalues, DenseCopy(symmetric))) {
    throw NumericalError("eigenvalues of W: LAPACK dsyevd did not converge on the symmetric form of W");
  }
  return eigenvalues;
}

arma::cx_vec GeneralEigenvalues(const CsrMatrix& weights) {
  arma::cx_vec eigenvalues;
  if (!arma::eig_gen(eigenvalues, DenseCopy(weights))) {
    throw NumericalError("eigenvalues of W: LAPACK dgeev did not converge on W");
  }
  return eigenvalues;
}

arma::cx_vec AllEigenvalues(const SpatialWeights& w, const SymmetricForm* symmetric_form) {
  if (symmetric_form != nullptr)
    return arma::conv_to<arma::cx_vec>::from(SymmetricEigenvalues(symmetric_form->matrix));
  return GeneralEigenvalues(ToCsrMatrix(w));
}

arma::uvec IsComplexEigenvalue(const arma::cx_vec& eigenvalues) {
  // dgeev returns exactly zero imaginary parts for real eigenvalues; the tolerance only keeps a numerically
  // split double real eigenvalue from counting as complex.
  const double radius = std::max(1.0, arma::max(arma::abs(eigenvalues)));
  return arma::abs(arma::imag(eigenvalues)) > kComplexEigenvalueTolerance * radius;
}

namespace {

ExtremeEigenvalues DenseSymmetric(const CsrMatrix& symmetric, bool weights_symmetric) {
  const arma::vec eigenvalues = SymmetricEigenvalues(symmetric);
  return {eigenvalues.min(), eigenvalues.max(), SpectrumKind::kReal,
          weights_symmetric ? "dense LAPACK (eig_sym) on W" : "dense LAPACK (eig_sym) on D^1/2 W D^-1/2",
          0.0};
}

ExtremeEigenvalues DenseGeneral(const CsrMatrix& weights) {
  const arma::cx_vec eigenvalues = GeneralEigenvalues(weights);
  const arma::vec real_parts = arma::real(eigenvalues);
  const bool complex = arma::any(IsComplexEigenvalue(eigenvalues));
  return {real_parts.min(), real_parts.max(), complex ? SpectrumKind::kComplex : SpectrumKind::kReal,
          "dense LAPACK (eig_gen) on W", 0.0};
}

// Whether the (structurally symmetric) graph of `symmetric` is 2-colourable. Then D S D = -S with D =
// diag(+-1) by colour, so the spectrum is symmetric about 0 and lambda_min = -lambda_max.
bool IsBipartite(const CsrMatrix& symmetric) {
  std::vector<signed char> colour(symmetric.n, -1);
  std::vector<std::int64_t> queue;
  for (std::int64_t root = 0; root < symmetric.n; ++root) {
    if (colour[root] >= 0) continue;
    colour[root] = 0;
    queue.assign(1, root);
    for (std::size_t head = 0; head < queue.size(); ++head) {
      const std::int64_t i = queue[head];
      for (std::int64_t p = symmetric.row_offsets[i]; p < symmetric.row_offsets[i + 1]; ++p) {
        const std::int32_t j = symmetric.column_indices[p];
        if (colour[j] < 0) {
          colour[j] = static_cast<signed char>(1 - colour[i]);
          queue.push_back(j);
        } else if (colour[j] == colour[i]) {
          return false;
        }
      }
    }
  }
  return true;
}

struct LanczosExtremes {
  double smallest = 0.0;
  double largest = 0.0;
  double change = 0.0;  // relative movement between the last two checkpoints
  int steps = 0;
};

// Extreme eigenvalues of the k x k Lanczos tridiagonal T_k.
std::pair<double, double> TridiagonalExtremes(const std::vector<double>& alpha,
                                              const std::vector<double>& beta) {
  const auto k = static_cast<Eigen::Index>(alpha.size());
  Eigen::VectorXd diagonal = Eigen::Map<const Eigen::VectorXd>(alpha.data(), k);
  Eigen::VectorXd off_diagonal = Eigen::Map<const Eigen::VectorXd>(beta.data(), k - 1);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver;
  solver.computeFromTridiagonal(diagonal, off_diagonal, Eigen::EigenvaluesOnly);
  return {solver.eigenvalues()[0], solver.eigenvalues()[k - 1]};
}

// Plain Lanczos from a fixed-seed Rademacher start, three n-vectors rotated in place. The Ritz values are
// checked at steps growing by a quarter (16, 20, 25, ...); it stops when the ends asked for moved by less
// than the tolerance since the check nearest half the steps, or on breakdown (an invariant subspace: its Ritz
// values are exact).
LanczosExtremes RunLanczos(const CsrMatrix& symmetric,
                           bool need_smallest,
                           bool need_largest,
                           const ExtremeEigenvalueOptions& options) {
  const std::int64_t n = symmetric.n;
  std::mt19937_64 engine(1);
  std::vector<double> buffers[3] = {std::vector<double>(n, 0.0), std::vector<double>(n),
                                    std::vector<double>(n)};
  double* previous = buffers[0].data();
  double* current = buffers[1].data();
  double* next = buffers[2].data();
  const double start_scale = 1.0 / std::sqrt(static_cast<double>(n));
  for (std::int64_t i = 0; i < n; ++i) current[i] = (engine() & 1U) ? start_scale : -start_scale;

  std::vector<double> alpha;
  std::vector<double> beta;
  struct Check {
    int step;
    double smallest;
    double largest;
  };
  std::vector<Check> checks;
  LanczosExtremes result;
  double beta_previous = 0.0;
  int next_check = 16;
  const auto size = static_cast<std::size_t>(n);
  for (int k = 1; k <= options.max_lanczos_steps; ++k) {
    symmetric.Multiply(std::span<const double>(current, size), std::span<double>(next, size));
    double a = 0.0;
    for (std::int64_t i = 0; i < n; ++i) a += current[i] * next[i];
    double square = 0.0;
    for (std::int64_t i = 0; i < n; ++i) {
      next[i] -= a * current[i] + beta_previous * previous[i];
      square += next[i] * next[i];
    }
    const double b = std::sqrt(square);
    alpha.push_back(a);
    const bool breakdown = b <= 1e-13 * std::max(1.0, std::fabs(a));
    if (k == next_check || breakdown || k == options.max_lanczos_steps || k == n) {
      const auto [smallest, largest] = TridiagonalExtremes(alpha, beta);
      result = {smallest, largest, std::numeric_limits<double>::infinity(), k};
      // The check nearest k/2 (the latest one at or before it).
      const Check* half = nullptr;
      for (const Check& check : checks) {
        if (2 * check.step <= k) half = &check;
      }
      if (half != nullptr) {
        const double moved_smallest =
            std::fabs(smallest - half->smallest) / std::max(1.0, std::fabs(smallest));
        const double moved_largest = std::fabs(largest - half->largest) / std::max(1.0, std::fabs(largest));
        result.change = std::max(need_smallest ? moved_smallest : 0.0, need_largest ? moved_largest : 0.0);
      }
      if (breakdown) result.change = 0.0;
      if (breakdown || result.change <= options.lanczos_tolerance) return result;
      checks.push_back({k, smallest, largest});
      next_check = std::max(next_check + 1, next_check + next_check / 4);
    }
    beta.push_back(b);
    beta_previous = b;
    for (std::int64_t i = 0; i < n; ++i) next[i] /= b;
    std::swap(previous, current);  // previous <- current
    std::swap(current, next);      // current <- the new vector; next <- the old previous, overwritten next
  }
  return result;
}

std::complex<double> ArnoldiExtreme(const CsrMatrix& weights,
                                    Spectra::SortRule rule,
                                    const ExtremeEigenvalueOptions& options) {
  // The matrix-vector product Spectra needs: Scalar, rows, cols, perform_op.
  struct Product {
    using Scalar = double;
    const CsrMatrix& matrix;
    Eigen::Index rows() const { return matrix.n; }
    Eigen::Index cols() const { return matrix.n; }
    void perform_op(const double* x, double* y) const {
      const auto n = static_cast<std::size_t>(matrix.n);
      matrix.Multiply(std::span<const double>(x, n), std::span<double>(y, n));
    }
  } product{weights};
  const Eigen::Index krylov = std::min<Eigen::Index>(weights.n, std::max(options.krylov_dimension, 4));
  Spectra::GenEigsSolver<Product> solver(product, 1, krylov);
  solver.init();
  solver.compute(rule, options.max_restarts, options.arnoldi_tolerance);
  if (solver.info() != Spectra::CompInfo::Successful) {
    throw NumericalError(fmt::format(
        "extreme eigenvalues of W: Arnoldi did not converge in {} restarts (tolerance {:g}, n = {})",
        options.max_restarts, options.arnoldi_tolerance, weights.n));
  }
  return solver.eigenvalues()[0];
}

// Both iterative paths take lambda_max = c, the Perron root, when every row with neighbours sums to c and
// no link points to a row without (WeightsRowSums::perron_root).
ExtremeEigenvalues IterativeSymmetric(const SpatialWeights& w,
                                      const SymmetricForm& symmetric_form,
                                      const ExtremeEigenvalueOptions& options,
                                      const std::optional<double>& perron_root) {
  // (A plain bool and double rather than std::optional: GCC 12 misreads the optional as uninitialised.)
  const std::optional<double> found_row_sum = options.use_structure ? perron_root : std::nullopt;
  const bool has_row_sum = found_row_sum.has_value();
  const double row_sum = found_row_sum.value_or(0.0);
  const bool bipartite = options.use_structure && IsBipartite(symmetric_form.matrix);
  ExtremeEigenvalues result;
  result.spectrum = SpectrumKind::kReal;
  std::string largest_how = "row sums (Perron root)";
  std::string smallest_how = "bipartite graph (-lambda_max)";
  if (has_row_sum && !bipartite && options.bound_smallest_by_row_sum) {
    result.lambda_max = row_sum;
    result.lambda_min = -row_sum;
    result.smallest_is_bound = true;
    result.method = fmt::format(
        "lambda_min: -{:g}, a bound (every |lambda| <= the common row sum), not computed; "
        "lambda_max: row sums (Perron root)",
        row_sum);
    return result;
  }
  if (!has_row_sum || !bipartite) {
    const LanczosExtremes lanczos = RunLanczos(symmetric_form.matrix, !bipartite, !has_row_sum, options);
    if (!(lanczos.change <= std::max(options.lanczos_tolerance, 1e-6))) {
      throw NumericalError(
          fmt::format("extreme eigenvalues of W: Lanczos did not settle in {} steps (last relative change "
                      "{:.3g}, n = {})",
                      lanczos.steps, lanczos.change, w.n()));
    }
    const std::string how = fmt::format("Lanczos, {} steps, on {}", lanczos.steps,
                                        symmetric_form.weights_symmetric ? "W" : "D^1/2 W D^-1/2");
    if (!has_row_sum) largest_how = how;
    if (!bipartite) smallest_how = how;
    result.lambda_max = lanczos.largest;
    result.lambda_min = lanczos.smallest;
    result.error_estimate = lanczos.change;
  }
  if (has_row_sum) result.lambda_max = row_sum;
  if (bipartite) result.lambda_min = -result.lambda_max;
  result.method = largest_how == smallest_how
                      ? largest_how
                      : fmt::format("lambda_min: {}; lambda_max: {}", smallest_how, largest_how);
  return result;
}

ExtremeEigenvalues IterativeGeneral(const SpatialWeights& w,
                                    const ExtremeEigenvalueOptions& options,
                                    const std::optional<double>& perron_root) {
  const CsrMatrix weights = ToCsrMatrix(w);
  const std::optional<double> row_sum = options.use_structure ? perron_root : std::nullopt;
  if (row_sum && options.bound_smallest_by_row_sum) {
    return {-*row_sum,
            *row_sum,
            SpectrumKind::kUnknown,
            fmt::format("lambda_min: -{:g}, a bound (every |lambda| <= the common row sum), not computed; "
                        "lambda_max: row sums (Perron root)",
                        *row_sum),
            0.0,
            true};
  }
  const std::complex<double> smallest = ArnoldiExtreme(weights, Spectra::SortRule::SmallestReal, options);
  const std::complex<double> largest = row_sum
                                           ? std::complex<double>(*row_sum, 0.0)
                                           : ArnoldiExtreme(weights, Spectra::SortRule::LargestReal, options);
  ExtremeEigenvalues result;
  result.lambda_min = smallest.real();
  result.lambda_max = largest.real();
  const double radius = std::max({1.0, std::abs(smallest), std::abs(largest)});
  const bool complex_extreme =
      std::abs(smallest.imag()) > 1e-8 * radius || std::abs(largest.imag()) > 1e-8 * radius;
  result.spectrum = complex_extreme ? SpectrumKind::kComplex : SpectrumKind::kUnknown;
  result.method = row_sum
                      ? "lambda_min: implicitly restarted Arnoldi (Spectra GenEigsSolver) on W; lambda_max: "
                        "row sums (Perron root)"
                      : "implicitly restarted Arnoldi (Spectra GenEigsSolver) on W";
  result.error_estimate = options.arnoldi_tolerance;
  return result;
}

std::optional<double> PerronRoot(const SpatialWeights& w,
                                 const ExtremeEigenvalueOptions& options,
                                 const WeightsRowSums* row_sums) {
  if (!options.use_structure) return std::nullopt;
  return row_sums != nullptr ? row_sums->perron_root : ComputeRowSums(w).perron_root;
}

}  // namespace

ExtremeEigenvalues ComputeExtremeEigenvalues(const SpatialWeights& w,
                                             const ExtremeEigenvalueOptions& options) {
  const std::optional<SymmetricForm> symmetric_form = FindSymmetricForm(w);
  return ComputeExtremeEigenvalues(w, symmetric_form ? &*symmetric_form : nullptr, options);
}

ExtremeEigenvalues ComputeExtremeEigenvalues(const SpatialWeights& w,
                                             const SymmetricForm* symmetric_form,
                                             const ExtremeEigenvalueOptions& options,
                                             const WeightsRowSums* row_sums) {
  if (w.n() == 0) throw WeightsError(w.Source() + ": the weights have no units");
  if (w.LinkCount() == 0)
    return {0.0, 0.0, SpectrumKind::kReal, "W has no links: every eigenvalue is 0", 0.0};
  // Spectra needs a Krylov basis larger than the one eigenvalue sought plus two; tiny W go dense.
  const bool dense = w.n() < std::max<std::int64_t>(options.dense_below_n, 8);
  if (symmetric_form != nullptr) {
    if (dense) return DenseSymmetric(symmetric_form->matrix, symmetric_form->weights_symmetric);
    return IterativeSymmetric(w, *symmetric_form, options, PerronRoot(w, options, row_sums));
  }
  if (dense) return DenseGeneral(ToCsrMatrix(w));
  return IterativeGeneral(w, options, PerronRoot(w, options, row_sums));
}

}  // namespace hinterland::engine
