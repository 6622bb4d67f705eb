// ShiftedBlockSolver: the direct routes through ShiftedFactorization (CHOLMOD, UMFPACK) and the block
// iterative solvers (Hestenes & Stiefel 1952 CG; van der Vorst 1992 BiCGSTAB). Blocks are kept row by row
// inside the iterative solvers (a b x n Armadillo matrix whose column i holds unit i's b values), which is
// the layout CsrMatrix::MultiplyBlock reads contiguously.
#include "engine/linalg/shifted_block_solver.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/core/parallel_rows.hpp"
#include "engine/linalg/locality_order.hpp"

namespace hinterland::engine {

std::string ToString(ShiftedSolverKind kind) {
  switch (kind) {
    case ShiftedSolverKind::kAuto:
      return "auto";
    case ShiftedSolverKind::kCholesky:
      return "cholesky";
    case ShiftedSolverKind::kLu:
      return "lu";
    case ShiftedSolverKind::kIterative:
      return "iterative";
  }
  return "auto";
}

namespace {

std::string RhoText(double rho) { return fmt::format("{:.10g}", rho); }

// An iterative solve that did not reach its tolerance (or whose true residual disagreed): the solver, rho
// and what I - rho W must be there for the solver to work.
[[noreturn]] void ThrowNotConverged(
    const char* solver, const char* property, double rho, int steps, double relative_tolerance) {
  throw NumericalError(fmt::format(
      "{} on I - rho W did not converge at rho={} in {} steps (relative tolerance {:g}; is rho inside the "
      "interval where I - rho W is {}?)",
      solver, RhoText(rho), steps, relative_tolerance, property));
}

// The largest row sum of the non-negative W: a bound on its spectral radius (Gershgorin), exact (the Perron
// root) when every row sums to the same value, e.g. 1 for row-standardised W.
double RowSumBound(const SpatialWeights& w) {
  double largest = 0.0;
  for (std::int64_t i = 0; i < w.n(); ++i) {
    double sum = 0.0;
    for (std::int64_t p = w.RowOffsets()[i]; p < w.RowOffsets()[i + 1]; ++p) sum += w.Values()[p];
    largest = std::max(largest, sum);
  }
  return largest;
}

}  // namespace

ShiftedSolverKind ChooseShiftedSolver(const SpatialWeights& w,
                                      const SymmetricForm* symmetric_form,
                                      double rho,
                                      const ShiftedBlockSolverOptions& options,
                                      std::string* reason) {
  const double contraction = std::fabs(rho) * RowSumBound(w);
  const double sqrt_condition =
      contraction < 1.0 ? std::sqrt((1.0 + contraction) / (1.0 - contraction)) : HUGE_VAL;
  ShiftedSolverKind kind;
  std::string why;
  if (sqrt_condition <= options.iterative_max_sqrt_condition) {
    kind = ShiftedSolverKind::kIterative;
    why = fmt::format(
        "|rho| r = {:.4g} (r: largest row sum), so cond(I - rho W) <= {:.3g} and the iterative steps stay "
        "few",
        contraction, sqrt_condition * sqrt_condition);
  } else {
    kind = symmetric_form != nullptr ? ShiftedSolverKind::kCholesky : ShiftedSolverKind::kLu;
    why = fmt::format(
        "|rho| r = {:.4g} (r: largest row sum) is too near 1 for a bounded number of iterative steps (sqrt "
        "of "
        "the condition bound above {:g}), so a factorisation",
        contraction, options.iterative_max_sqrt_condition);
  }
  if (reason != nullptr) *reason = why;
  return kind;
}

ShiftedBlockSolver::ShiftedBlockSolver(const SpatialWeights& w,
                                       const SymmetricForm* symmetric_form,
                                       double rho,
                                       const ShiftedBlockSolverOptions& options)
    : w_(w), symmetric_form_(symmetric_form), rho_(rho), options_(options), kind_(options.kind) {
  if (kind_ == ShiftedSolverKind::kAuto)
    kind_ = ChooseShiftedSolver(w, symmetric_form, rho, options, &reason_);
  if (kind_ == ShiftedSolverKind::kCholesky && symmetric_form == nullptr) {
    throw OptionError(
        "the Cholesky solve of I - rho W needs W symmetric or similar to symmetric; use lu or iterative");
  }
  switch (kind_) {
    case ShiftedSolverKind::kCholesky:
    case ShiftedSolverKind::kLu: {
      const FactorizationAlgorithm algorithm = kind_ == ShiftedSolverKind::kCholesky
                                                   ? FactorizationAlgorithm::kCholesky
                                                   : FactorizationAlgorithm::kLu;
      factorization_ = ShiftedFactorization::Create(algorithm, DefaultLibrary(algorithm), &w, symmetric_form);
      factorization_->Factorize(rho);  // the symbolic analysis at this rho too: one rho per solver
      break;
    }
    case ShiftedSolverKind::kIterative:
      SetUpIterative();
      break;
    case ShiftedSolverKind::kAuto:
      HINTERLAND_CHECK(false, "auto is resolved above");
  }
}

ShiftedBlockSolver::~ShiftedBlockSolver() = default;

void ShiftedBlockSolver::SetUpIterative() {
  if (symmetric_form_ != nullptr) scale_ = SimilarityScale(w_, *symmetric_form_);
  const CsrMatrix weights = symmetric_form_ != nullptr ? symmetric_form_->matrix : ToCsrMatrix(w_);
  order_ = BreadthFirstOrder(weights);
  operator_ = PermutedSymmetrically(weights, order_);
  if (symmetric_form_ == nullptr) transposed_operator_ = PermutedSymmetrically(Transposed(weights), order_);
}

arma::mat ShiftedBlockSolver::Solve(const arma::mat& b, bool transposed) const {
  HINTERLAND_CHECK(b.n_rows == static_cast<arma::uword>(w_.n()), "right-hand sides must have n rows");
  if (b.n_cols == 0) return b;
  switch (kind_) {
    case ShiftedSolverKind::kCholesky:
    case ShiftedSolverKind::kLu:
      return factorization_->Solve(b, transposed);
    case ShiftedSolverKind::kIterative:
      return SolveIterative(b, transposed);
    case ShiftedSolverKind::kAuto:
      break;
  }
  HINTERLAND_CHECK(false, "auto is resolved in the constructor");
  return b;
}

// The iterative route solves `columns` right-hand sides at a time (BlockColumns), each kept row by row in a
// RowBlock: entry (i, c) at i * columns + c, so that one pass over W's nonzeros updates every column.
arma::mat ShiftedBlockSolver::SolveIterative(const arma::mat& b, bool transposed) const {
  const bool symmetric = symmetric_form_ != nullptr;
  const auto n = static_cast<std::size_t>(b.n_rows);
  const std::size_t chunk = BlockColumns(symmetric ? 6 : 9);
  arma::mat x(arma::size(b));
  for (std::size_t first = 0; first < b.n_cols; first += chunk) {
    const std::size_t columns = std::min<std::size_t>(chunk, b.n_cols - first);
    // (I - rho W)^-1 = D^-1/2 (I - rho S)^-1 D^1/2 and its transpose D^1/2 (I - rho S)^-1 D^-1/2.
    // Row r of the block is unit order_[r] (the operator is permuted the same way).
    std::vector<double> rows(n * columns);
    for (std::size_t r = 0; r < n; ++r) {
      const auto i = static_cast<arma::uword>(order_[r]);
      const double factor = !symmetric ? 1.0 : (transposed ? 1.0 / scale_[i] : scale_[i]);
      for (std::size_t c = 0; c < columns; ++c) rows[r * columns + c] = factor * b(i, first + c);
    }
    const std::vector<double> solution = symmetric ? ConjugateGradients(std::move(rows), columns)
                                                   : BiCgStab(std::move(rows), columns, transposed);
    for (std::size_t r = 0; r < n; ++r) {
      const auto i = static_cast<arma::uword>(order_[r]);
      const double factor = !symmetric ? 1.0 : (transposed ? scale_[i] : 1.0 / scale_[i]);
      for (std::size_t c = 0; c < columns; ++c) x(i, first + c) = factor * solution[r * columns + c];
    }
  }
  return x;
}

// Columns per pass: as many as keep `vectors` row blocks within options_.iterative_workspace_bytes, at least
// 1 and at most 16 (beyond 16 a pass over W gains little more).
std::size_t ShiftedBlockSolver::BlockColumns(int vectors) const {
  const double per_column = 8.0 * static_cast<double>(w_.n()) * vectors;
  const double fit = std::floor(options_.iterative_workspace_bytes / per_column);
  return static_cast<std::size_t>(std::clamp(fit, 1.0, 16.0));
}

namespace {

// out = (I - rho M) in for row blocks of `columns` (a template argument, so the inner loops unroll), and per
// column the dot products of `left` (may be null) with out and of out with itself (when asked).
template <std::size_t kColumns>
void ShiftedProductFixed(const CsrMatrix& m,
                         double rho,
                         const double* in,
                         double* out,
                         const double* left,
                         double* left_dots,
                         double* out_squares) {
  // totals[0 .. kColumns): <left, out> per column; totals[kColumns .. 2 kColumns): <out, out>.
  const auto body = [&](const RowBlock& block, double* partial) {
    double dots[kColumns] = {};
    double squares[kColumns] = {};
    for (std::int64_t i = block.begin; i < block.end; ++i) {
      double sums[kColumns] = {};
      for (std::int64_t p = m.row_offsets[i]; p < m.row_offsets[i + 1]; ++p) {
        const double value = m.values[p];
        const double* row = in + static_cast<std::size_t>(m.column_indices[p]) * kColumns;
        for (std::size_t c = 0; c < kColumns; ++c) sums[c] += value * row[c];
      }
      const std::size_t base = static_cast<std::size_t>(i) * kColumns;
      for (std::size_t c = 0; c < kColumns; ++c) {
        const double value = in[base + c] - rho * sums[c];
        out[base + c] = value;
        if (left != nullptr) dots[c] += left[base + c] * value;
        squares[c] += value * value;
      }
    }
    std::copy(dots, dots + kColumns, partial);
    std::copy(squares, squares + kColumns, partial + kColumns);
  };
  double totals[2 * kColumns];
  ReduceRowBlocks(m.n, m.NonZeroCount() * static_cast<std::int64_t>(kColumns), 2 * kColumns, totals, body);
  for (std::size_t c = 0; c < kColumns; ++c) {
    if (left_dots != nullptr) left_dots[c] = totals[c];
    if (out_squares != nullptr) out_squares[c] = totals[kColumns + c];
  }
}

template <std::size_t... kSizes>
void ShiftedProductDispatch(std::size_t columns,
                            std::index_sequence<kSizes...> /*sizes*/,
                            const CsrMatrix& m,
                            double rho,
                            const double* in,
                            double* out,
                            const double* left,
                            double* left_dots,
                            double* out_squares) {
  const bool done =
      ((columns == kSizes + 1
            ? (ShiftedProductFixed<kSizes + 1>(m, rho, in, out, left, left_dots, out_squares), true)
            : false) ||
       ...);
  HINTERLAND_CHECK(done, "block of 1 to 16 columns");
}

void ShiftedProduct(const CsrMatrix& m,
                    double rho,
                    std::size_t columns,
                    const double* in,
                    double* out,
                    const double* left,
                    double* left_dots,
                    double* out_squares) {
  ShiftedProductDispatch(columns, std::make_index_sequence<16>{}, m, rho, in, out, left, left_dots,
                         out_squares);
}

}  // namespace

// CG on I - rho S (symmetric positive definite inside the rho interval) from x = 0. A converged column is
// frozen (step 0) so the others can go on without it.
std::vector<double> ShiftedBlockSolver::ConjugateGradients(std::vector<double> r, std::size_t columns) const {
  const CsrMatrix& s = operator_;
  const std::size_t size = r.size();
  std::vector<double> x(size, 0.0);
  std::vector<double> p = r;
  std::vector<double> q(size);
  std::vector<double> rr(columns, 0.0), limit(columns), pq(columns), alpha(columns), beta(columns),
      next(columns);
  for (std::size_t k = 0; k < size; ++k) rr[k % columns] += r[k] * r[k];
  std::vector<char> active(columns);
  for (std::size_t c = 0; c < columns; ++c) {
    limit[c] = options_.relative_tolerance * options_.relative_tolerance * rr[c];
    active[c] = rr[c] > 0.0;
  }
  int step = 0;
  const std::vector<double> b = r;
  const auto any_active = [&] { return std::find(active.begin(), active.end(), 1) != active.end(); };
  for (; step < options_.max_iterations && any_active(); ++step) {
    ShiftedProduct(s, rho_, columns, p.data(), q.data(), p.data(), pq.data(), nullptr);
    for (std::size_t c = 0; c < columns; ++c) alpha[c] = active[c] ? rr[c] / pq[c] : 0.0;
    std::fill(next.begin(), next.end(), 0.0);
    for (std::size_t k = 0; k < size; k += columns) {
      for (std::size_t c = 0; c < columns; ++c) {
        x[k + c] += alpha[c] * p[k + c];
        r[k + c] -= alpha[c] * q[k + c];
        next[c] += r[k + c] * r[k + c];
      }
    }
    for (std::size_t c = 0; c < columns; ++c) {
      beta[c] = 0.0;
      if (!active[c]) continue;
      if (next[c] <= limit[c]) {
        active[c] = 0;
        continue;
      }
      beta[c] = next[c] / rr[c];
      rr[c] = next[c];
    }
    for (std::size_t k = 0; k < size; k += columns) {
      for (std::size_t c = 0; c < columns; ++c) p[k + c] = r[k + c] + beta[c] * p[k + c];
    }
  }
  most_steps_ = std::max(most_steps_, step);
  if (any_active() || !TrueResidualIsSmall(s, b, x, columns)) {
    ThrowNotConverged("conjugate gradients", "positive definite", rho_, step, options_.relative_tolerance);
  }
  return x;
}

// BiCGSTAB on I - rho W (or its transpose) from x = 0 with the shadow residual r0 = b. Converged columns
// are frozen; a breakdown ((r0, v) or (t, t) = 0) restarts that column's recurrences from its iterate.
std::vector<double> ShiftedBlockSolver::BiCgStab(std::vector<double> r,
                                                 std::size_t columns,
                                                 bool transposed) const {
  const CsrMatrix& m = transposed ? transposed_operator_ : operator_;
  const std::size_t size = r.size();
  std::vector<double> x(size, 0.0), shadow = r, p(size, 0.0), v(size, 0.0), s(size), t(size);
  const std::vector<double> b = r;
  std::vector<double> rho_old(columns, 1.0), alpha(columns, 1.0), omega(columns, 1.0), rho_new(columns, 0.0),
      beta(columns), shadow_v(columns), ts(columns), tt(columns), rr(columns, 0.0), limit(columns);
  for (std::size_t k = 0; k < size; ++k) {
    rr[k % columns] += r[k] * r[k];
    rho_new[k % columns] += r[k] * r[k];  // (r0, r) with r0 = r
  }
  std::vector<char> active(columns);
  for (std::size_t c = 0; c < columns; ++c) {
    limit[c] = options_.relative_tolerance * options_.relative_tolerance * rr[c];
    active[c] = rr[c] > 0.0;
  }
  const auto any_active = [&] { return std::find(active.begin(), active.end(), 1) != active.end(); };
  constexpr double kTiny = 1e-300;
  int step = 0;
  for (; step < options_.max_iterations && any_active(); ++step) {
    for (std::size_t c = 0; c < columns; ++c) {
      beta[c] = active[c] ? (rho_new[c] / rho_old[c]) * (alpha[c] / omega[c]) : 0.0;
    }
    for (std::size_t k = 0; k < size; k += columns) {
      for (std::size_t c = 0; c < columns; ++c)
        p[k + c] = r[k + c] + beta[c] * (p[k + c] - omega[c] * v[k + c]);
    }
    ShiftedProduct(m, rho_, columns, p.data(), v.data(), shadow.data(), shadow_v.data(), nullptr);
    for (std::size_t c = 0; c < columns; ++c) {
      alpha[c] = active[c] && std::fabs(shadow_v[c]) > kTiny ? rho_new[c] / shadow_v[c] : 0.0;
    }
    for (std::size_t k = 0; k < size; k += columns) {
      for (std::size_t c = 0; c < columns; ++c) {
        s[k + c] = r[k + c] - alpha[c] * v[k + c];
        x[k + c] += alpha[c] * p[k + c];
      }
    }
    ShiftedProduct(m, rho_, columns, s.data(), t.data(), s.data(), ts.data(), tt.data());
    for (std::size_t c = 0; c < columns; ++c) omega[c] = active[c] && tt[c] > kTiny ? ts[c] / tt[c] : 0.0;
    std::fill(rr.begin(), rr.end(), 0.0);
    std::vector<double> shadow_r(columns, 0.0);
    for (std::size_t k = 0; k < size; k += columns) {
      for (std::size_t c = 0; c < columns; ++c) {
        x[k + c] += omega[c] * s[k + c];
        r[k + c] = s[k + c] - omega[c] * t[k + c];
        rr[c] += r[k + c] * r[k + c];
        shadow_r[c] += shadow[k + c] * r[k + c];
      }
    }
    for (std::size_t c = 0; c < columns; ++c) {
      if (!active[c]) continue;
      if (rr[c] <= limit[c]) {
        active[c] = 0;
        continue;
      }
      if (alpha[c] == 0.0 || omega[c] == 0.0) {  // breakdown: restart this column from its iterate
        for (std::size_t k = c; k < size; k += columns) {
          shadow[k] = r[k];
          p[k] = v[k] = 0.0;
        }
        rho_old[c] = alpha[c] = omega[c] = 1.0;
        rho_new[c] = rr[c];
        continue;
      }
      rho_old[c] = rho_new[c];
      rho_new[c] = shadow_r[c];
    }
  }
  most_steps_ = std::max(most_steps_, step);
  if (any_active() || !TrueResidualIsSmall(m, b, x, columns)) {
    ThrowNotConverged("BiCGSTAB", "nonsingular", rho_, step, options_.relative_tolerance);
  }
  return x;
}

// The recursively updated residual of CG / BiCGSTAB can drift from the true one, e.g. at a singular I - rho W
// where the iterate grows without bound while the updated residual still falls: accept only when
// ||b - (I - rho M) x|| is within 100 times the tolerance (at least 1e-8) of ||b|| in every column.
bool ShiftedBlockSolver::TrueResidualIsSmall(const CsrMatrix& m,
                                             const std::vector<double>& b,
                                             const std::vector<double>& x,
                                             std::size_t columns) const {
  std::vector<double> product(x.size());
  ShiftedProduct(m, rho_, columns, x.data(), product.data(), nullptr, nullptr, nullptr);
  std::vector<double> residual_squares(columns, 0.0), b_squares(columns, 0.0);
  for (std::size_t e = 0; e < x.size(); ++e) {
    const double residual = b[e] - product[e];
    residual_squares[e % columns] += residual * residual;
    b_squares[e % columns] += b[e] * b[e];
  }
  const double tolerance = std::max(100.0 * options_.relative_tolerance, 1e-8);
  for (std::size_t c = 0; c < columns; ++c) {
    if (!(std::sqrt(residual_squares[c]) <= tolerance * std::sqrt(b_squares[c]))) return false;
  }
  return true;
}

std::string ShiftedBlockSolver::Describe() const {
  std::string route;
  switch (kind_) {
    case ShiftedSolverKind::kCholesky:
    case ShiftedSolverKind::kLu:
      route = factorization_->Describe();
      break;
    case ShiftedSolverKind::kIterative:
      route = fmt::format(
          "{} (no factorisation; at most {} steps per column, relative residual <= {:g})",
          symmetric_form_ != nullptr ? "conjugate gradients on I - rho S" : "BiCGSTAB on I - rho W",
          most_steps_, options_.relative_tolerance);
      break;
    case ShiftedSolverKind::kAuto:
      break;
  }
  return reason_.empty() ? route : fmt::format("{}; auto: {}", route, reason_);
}

}  // namespace hinterland::engine
