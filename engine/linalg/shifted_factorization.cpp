// ShiftedFactorization's checks and threading (one copy, in the base class), and its two implementations:
// cholesky on CHOLMOD and lu on UMFPACK (SuiteSparse, long-integer interfaces). The library calls are the
// ones the log-determinant back-ends and ShiftedBlockSolver made before they were merged here, in the same
// order and with the same arguments, so their numbers are unchanged.
#include "engine/linalg/shifted_factorization.hpp"

#include <cholmod.h>
#include <fmt/format.h>
#include <umfpack.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/linalg/sparse_solver_threads.hpp"

namespace hinterland::engine {

std::string ToString(FactorizationAlgorithm algorithm) {
  switch (algorithm) {
    case FactorizationAlgorithm::kCholesky:
      return "cholesky";
    case FactorizationAlgorithm::kLu:
      return "lu";
  }
  return "cholesky";
}

std::string ToString(SparseLibrary library) {
  switch (library) {
    case SparseLibrary::kCholmod:
      return "CHOLMOD";
    case SparseLibrary::kUmfpack:
      return "UMFPACK";
  }
  return "CHOLMOD";
}

SparseLibrary DefaultLibrary(FactorizationAlgorithm algorithm) {
  return algorithm == FactorizationAlgorithm::kCholesky ? SparseLibrary::kCholmod : SparseLibrary::kUmfpack;
}

// From s_ij = w_ij (d_i / d_j)^1/2: r_j = r_i w_ij / s_ij along a breadth-first search. S has W's pattern,
// entry for entry.
arma::vec SimilarityScale(const SpatialWeights& w, const SymmetricForm& symmetric_form) {
  const std::int64_t n = w.n();
  arma::vec scale(static_cast<arma::uword>(n), arma::fill::ones);
  if (symmetric_form.weights_symmetric) return scale;
  std::vector<char> seen(static_cast<std::size_t>(n), 0);
  std::vector<std::int64_t> queue;
  for (std::int64_t root = 0; root < n; ++root) {
    if (seen[root]) continue;
    seen[root] = 1;
    queue.assign(1, root);
    for (std::size_t head = 0; head < queue.size(); ++head) {
      const std::int64_t i = queue[head];
      for (std::int64_t p = w.RowOffsets()[i]; p < w.RowOffsets()[i + 1]; ++p) {
        const std::int64_t j = w.ColumnIndices()[p];
        if (seen[j] || w.Values()[p] == 0.0) continue;
        seen[j] = 1;
        scale[j] = scale[i] * w.Values()[p] / symmetric_form.matrix.values[p];
        queue.push_back(j);
      }
    }
  }
  return scale;
}

// The base class: the single-threaded scope around every library call, and the one set of checks.

ShiftedFactorization::ShiftedFactorization(FactorizationAlgorithm algorithm,
                                           SparseLibrary library,
                                           std::int64_t n)
    : algorithm_(algorithm), library_(library), n_(n) {}

ShiftedFactorization::~ShiftedFactorization() = default;

void ShiftedFactorization::Analyze(double representative_rho) {
  if (analyzed_) return;
  const SingleThreadedSparseSolver single_threaded;
  AnalyzePattern(representative_rho);
  analyzed_ = true;
}

void ShiftedFactorization::Factorize(double rho) {
  factorized_ = false;
  const SingleThreadedSparseSolver single_threaded;
  if (!analyzed_) {
    AnalyzePattern(rho);
    analyzed_ = true;
  }
  RequireUsable(FactorizeNumerically(rho), rho);
  rho_ = rho;
  factorized_ = true;
}

// A factor the library accepted must still have a pivot measure clearly above zero next to the unit
// diagonal: rounding can leave a tiny positive pivot where I - rho W is singular.
void ShiftedFactorization::RequireUsable(Outcome outcome, double rho) {
  using Verdict = Outcome::Verdict;
  if (outcome.verdict == Verdict::kFactorized) {
    if (outcome.pivot_measure > kSingularPivot) return;
    outcome.verdict =
        algorithm_ == FactorizationAlgorithm::kCholesky ? Verdict::kNotPositiveDefinite : Verdict::kSingular;
    outcome.library_detail =
        fmt::format("{} {:.3g} <= {:g}", outcome.pivot_name, outcome.pivot_measure, kSingularPivot);
  }
  ReleaseNumeric();
  std::string what;
  switch (outcome.verdict) {
    case Verdict::kNotPositiveDefinite:
      what = "I - rho W is not positive definite (is rho inside its interval?)";
      break;
    case Verdict::kSingular:
      what = "I - rho W is singular";
      break;
    case Verdict::kFailed:
    case Verdict::kFactorized:
      what = "the factorisation failed (out of memory?)";
      break;
  }
  throw NumericalError(fmt::format("{}: {} ({})", At(rho), what, outcome.library_detail));
}

double ShiftedFactorization::LogDeterminant() const {
  HINTERLAND_CHECK(factorized_, "LogDeterminant needs a successful Factorize");
  const SignedLogDeterminant determinant = LogDeterminantOfFactor();
  if (determinant.sign > 0 && std::isfinite(determinant.log_abs)) return determinant.log_abs;
  throw NumericalError(fmt::format(
      "{}: the determinant of I - rho W is {} ({}); rho is outside the interval where log|I - rho W| is "
      "defined",
      At(rho_), determinant.sign < 0 ? "negative" : "zero or not finite", determinant.library_detail));
}

arma::mat ShiftedFactorization::Solve(const arma::mat& b, bool transposed) const {
  HINTERLAND_CHECK(factorized_, "Solve needs a successful Factorize");
  HINTERLAND_CHECK(b.n_rows == static_cast<arma::uword>(n_), "right-hand sides must have n rows");
  if (b.n_cols == 0) return b;
  const SingleThreadedSparseSolver single_threaded;
  return SolveFactored(b, transposed);
}

void ShiftedFactorization::ReleaseFactor() {
  factorized_ = false;
  ReleaseNumeric();
}

std::string ShiftedFactorization::Describe() const { return LibraryDetails(); }

std::string ShiftedFactorization::At(double rho) const {
  return fmt::format("{} ({}) of I - rho W at rho = {:.10g}", ToString(algorithm_), ToString(library_), rho);
}

namespace {

// cholesky on CHOLMOD: LL' (supernodal or simplicial) or LDL' (simplicial) of I - rho S.

class CholmodCholesky final : public ShiftedFactorization {
 public:
  CholmodCholesky(const SymmetricForm& symmetric_form, const SpatialWeights* w)
      : ShiftedFactorization(
            FactorizationAlgorithm::kCholesky, SparseLibrary::kCholmod, symmetric_form.matrix.n) {
    cholmod_l_start(&common_);
    common_.print = 0;  // the library never prints; failures come back through common_.status
    BuildLowerTriangle(symmetric_form.matrix);
    if (symmetric_form.weights_symmetric || w != nullptr) {
      scale_ = symmetric_form.weights_symmetric
                   ? arma::vec(static_cast<arma::uword>(symmetric_form.matrix.n), arma::fill::ones)
                   : SimilarityScale(*w, symmetric_form);
    }
  }
  ~CholmodCholesky() override {
    if (factor_ != nullptr) cholmod_l_free_factor(&factor_, &common_);
    if (lower_ != nullptr) cholmod_l_free_sparse(&lower_, &common_);
    cholmod_l_finish(&common_);
  }

 protected:
  // CHOLMOD's analysis reads the pattern only; the values are set so that lower_ is never uninitialised.
  void AnalyzePattern(double representative_rho) override {
    SetValues(representative_rho);
    factor_ = cholmod_l_analyze(lower_, &common_);
    if (factor_ == nullptr || common_.status < CHOLMOD_OK) {
      throw NumericalError(
          fmt::format("cholesky (CHOLMOD): symbolic analysis of I - rho S failed (status {}; out of memory?)",
                      common_.status));
    }
  }

  Outcome FactorizeNumerically(double rho) override {
    SetValues(rho);
    double beta[2] = {1.0, 0.0};  // factorise beta I + A = I - rho S
    cholmod_l_factorize_p(lower_, beta, nullptr, 0, factor_, &common_);
    Outcome outcome;
    if (common_.status == CHOLMOD_NOT_POSDEF) {
      outcome.verdict = Outcome::Verdict::kNotPositiveDefinite;
      outcome.library_detail = fmt::format("CHOLMOD stopped at column {}", factor_->minor);
    } else if (common_.status != CHOLMOD_OK) {
      outcome.verdict = Outcome::Verdict::kFailed;
      outcome.library_detail = fmt::format("CHOLMOD status {}", common_.status);
    } else {
      outcome.pivot_measure = SmallestPivot();
      outcome.pivot_name = "smallest pivot";
    }
    return outcome;
  }

  // 2 sum log L_jj for LL' (supernodal or simplicial), sum log D_jj for simplicial LDL'. In a supernode
  // the columns k1..k2-1 are stored as a dense column-major block of nsrow rows starting at px[s].
  SignedLogDeterminant LogDeterminantOfFactor() const override {
    const auto* x = static_cast<const double*>(factor_->x);
    double sum = 0.0;
    if (factor_->is_super) {
      const auto* super = static_cast<const SuiteSparse_long*>(factor_->super);
      const auto* pi = static_cast<const SuiteSparse_long*>(factor_->pi);
      const auto* px = static_cast<const SuiteSparse_long*>(factor_->px);
      for (std::size_t s = 0; s < factor_->nsuper; ++s) {
        const SuiteSparse_long columns = super[s + 1] - super[s];
        const SuiteSparse_long rows = pi[s + 1] - pi[s];
        for (SuiteSparse_long jj = 0; jj < columns; ++jj) sum += std::log(x[px[s] + jj * rows + jj]);
      }
      return {2.0 * sum, 1, "supernodal LL'"};
    }
    const auto* p = static_cast<const SuiteSparse_long*>(factor_->p);
    for (std::size_t j = 0; j < factor_->n; ++j) sum += std::log(x[p[j]]);
    return {factor_->is_ll ? 2.0 * sum : sum, 1, factor_->is_ll ? "simplicial LL'" : "simplicial LDL'"};
  }

  // (I - rho W)^-1 = D^-1/2 (I - rho S)^-1 D^1/2; its transpose D^1/2 (I - rho S)^-1 D^-1/2.
  arma::mat SolveFactored(const arma::mat& b, bool transposed) const override {
    HINTERLAND_CHECK(!scale_.empty(), "a cholesky solve with W not symmetric needs W (Create's w)");
    const arma::mat scaled = transposed ? arma::mat(b.each_col() / scale_) : arma::mat(b.each_col() % scale_);
    arma::mat x = SolveSymmetric(scaled);
    if (transposed) {
      x.each_col() %= scale_;
    } else {
      x.each_col() /= scale_;
    }
    return x;
  }

  std::string LibraryDetails() const override {
    const std::string version =
        fmt::format("CHOLMOD {}.{}.{}", CHOLMOD_MAIN_VERSION, CHOLMOD_SUB_VERSION, CHOLMOD_SUBSUB_VERSION);
    if (factor_ == nullptr) return version + ", not analysed yet";
    return fmt::format(
        "{} {} of I - rho S, nnz(L) = {:.0f}, symbolic analysis once", version,
        factor_->is_super ? "supernodal LL'" : (factor_->is_ll ? "simplicial LL'" : "simplicial LDL'"),
        common_.lnz);
  }

 private:
  // The strictly lower triangle of S in CSC (stype -1): column j holds s_ij for i > j, which by symmetry is
  // row j of the CSR arrays restricted to columns > j.
  void BuildLowerTriangle(const CsrMatrix& symmetric) {
    std::int64_t count = 0;
    for (std::int64_t j = 0; j < symmetric.n; ++j) {
      for (std::int64_t p = symmetric.row_offsets[j]; p < symmetric.row_offsets[j + 1]; ++p) {
        if (symmetric.column_indices[p] > j) ++count;
      }
    }
    lower_ = cholmod_l_allocate_sparse(symmetric.n, symmetric.n, count, /*sorted=*/1, /*packed=*/1,
                                       /*stype=*/-1, CHOLMOD_REAL, &common_);
    if (lower_ == nullptr) {
      cholmod_l_finish(&common_);
      throw NumericalError("cholesky (CHOLMOD): could not allocate I - rho S (out of memory?)");
    }
    auto* column_pointers = static_cast<SuiteSparse_long*>(lower_->p);
    auto* row_indices = static_cast<SuiteSparse_long*>(lower_->i);
    lower_values_.reserve(count);
    std::int64_t position = 0;
    for (std::int64_t j = 0; j < symmetric.n; ++j) {
      column_pointers[j] = position;
      for (std::int64_t p = symmetric.row_offsets[j]; p < symmetric.row_offsets[j + 1]; ++p) {
        if (symmetric.column_indices[p] <= j) continue;
        row_indices[position++] = symmetric.column_indices[p];
        lower_values_.push_back(symmetric.values[p]);
      }
    }
    column_pointers[symmetric.n] = position;
  }

  // The off-diagonal of I - rho S; the identity is added by the factorisation (beta).
  void SetValues(double rho) {
    auto* values = static_cast<double*>(lower_->x);
    for (std::size_t p = 0; p < lower_values_.size(); ++p) values[p] = -rho * lower_values_[p];
  }

  // min_j D_jj for LDL', min_j L_jj^2 for LL': a simplicial LDL' (CHOLMOD's choice for small or very sparse
  // factors) goes through an indefinite or singular matrix without a complaint.
  double SmallestPivot() const {
    const auto* x = static_cast<const double*>(factor_->x);
    double smallest = HUGE_VAL;
    if (factor_->is_super) {
      const auto* super = static_cast<const SuiteSparse_long*>(factor_->super);
      const auto* pi = static_cast<const SuiteSparse_long*>(factor_->pi);
      const auto* px = static_cast<const SuiteSparse_long*>(factor_->px);
      for (std::size_t s = 0; s < factor_->nsuper; ++s) {
        const SuiteSparse_long rows = pi[s + 1] - pi[s];
        for (SuiteSparse_long jj = 0; jj < super[s + 1] - super[s]; ++jj) {
          const double pivot = x[px[s] + jj * rows + jj];
          smallest = std::min(smallest, pivot * pivot);
        }
      }
      return smallest;
    }
    const auto* p = static_cast<const SuiteSparse_long*>(factor_->p);
    for (std::size_t j = 0; j < factor_->n; ++j) {
      smallest = std::min(smallest, factor_->is_ll ? x[p[j]] * x[p[j]] : x[p[j]]);
    }
    return smallest;
  }

  // (I - rho S)^-1 B for an n x b column-major block: one call (BLAS-3 on the supernodes).
  arma::mat SolveSymmetric(const arma::mat& b) const {
    cholmod_dense* right = cholmod_l_allocate_dense(b.n_rows, b.n_cols, b.n_rows, CHOLMOD_REAL, &common_);
    if (right == nullptr) {
      throw NumericalError(At(Rho()) + ": CHOLMOD could not allocate the right-hand sides (out of memory?)");
    }
    std::copy(b.begin(), b.end(), static_cast<double*>(right->x));
    cholmod_dense* solution = cholmod_l_solve(CHOLMOD_A, factor_, right, &common_);
    cholmod_l_free_dense(&right, &common_);
    if (solution == nullptr) throw NumericalError(At(Rho()) + ": the CHOLMOD solve failed (out of memory?)");
    arma::mat x(static_cast<const double*>(solution->x), b.n_rows, b.n_cols);
    cholmod_l_free_dense(&solution, &common_);
    return x;
  }

  mutable cholmod_common common_{};  // mutable: solves use its workspace and statistics
  cholmod_sparse* lower_ = nullptr;
  cholmod_factor* factor_ = nullptr;
  std::vector<double> lower_values_;  // s_ij in the order of lower_->x
  arma::vec scale_;                   // SimilarityScale; empty when W is not symmetric and was not given
};

// lu on UMFPACK: LU of I - rho W' (W's CSR arrays, diagonal included, read as CSC).

class UmfpackLu final : public ShiftedFactorization {
 public:
  explicit UmfpackLu(const SpatialWeights& w)
      : ShiftedFactorization(FactorizationAlgorithm::kLu, SparseLibrary::kUmfpack, w.n()) {
    BuildPattern(w);
    umfpack_dl_defaults(control_);
  }
  ~UmfpackLu() override {
    ReleaseNumeric();
    if (symbolic_ != nullptr) umfpack_dl_free_symbolic(&symbolic_);
  }

 protected:
  void AnalyzePattern(double representative_rho) override {
    SetValues(representative_rho);  // UMFPACK's strategy choice looks at values: give it representative ones
    double info[UMFPACK_INFO];
    const SuiteSparse_long status =
        umfpack_dl_symbolic(dimension_, dimension_, column_pointers_.data(), row_indices_.data(),
                            values_.data(), &symbolic_, control_, info);
    if (status != UMFPACK_OK) {
      throw NumericalError(fmt::format(
          "lu (UMFPACK): symbolic analysis of I - rho W failed (status {}; out of memory?)", status));
    }
  }

  // The previous numeric factor is freed first, so that two are never held at once.
  Outcome FactorizeNumerically(double rho) override {
    ReleaseNumeric();
    SetValues(rho);
    double info[UMFPACK_INFO];
    const SuiteSparse_long status = umfpack_dl_numeric(column_pointers_.data(), row_indices_.data(),
                                                       values_.data(), symbolic_, &numeric_, control_, info);
    Outcome outcome;
    if (status == UMFPACK_WARNING_singular_matrix) {
      outcome.verdict = Outcome::Verdict::kSingular;
      outcome.library_detail = fmt::format("UMFPACK status {}: singular", status);
    } else if (status != UMFPACK_OK) {
      outcome.verdict = Outcome::Verdict::kFailed;
      outcome.library_detail = fmt::format("UMFPACK status {}", status);
    } else {
      outcome.pivot_measure = info[UMFPACK_RCOND];
      outcome.pivot_name = "UMFPACK's reciprocal condition estimate min |U_ii| / max |U_ii|";
    }
    return outcome;
  }

  // det = mantissa * 10^exponent, so log|det| = log|mantissa| + exponent log 10 without overflow.
  SignedLogDeterminant LogDeterminantOfFactor() const override {
    double mantissa = 0.0;
    double exponent = 0.0;
    double info[UMFPACK_INFO];
    const SuiteSparse_long status = umfpack_dl_get_determinant(&mantissa, &exponent, numeric_, info);
    const std::string detail = fmt::format("mantissa {:g}, UMFPACK status {}", mantissa, status);
    if (status != UMFPACK_OK || !(mantissa > 0.0)) return {0.0, mantissa < 0.0 ? -1 : 0, detail};
    return {std::log(mantissa) + exponent * std::log(10.0), 1, detail};
  }

  // UMFPACK has no block solve: column by column. The factored matrix is (I - rho W)', so a solve with
  // I - rho W is UMFPACK_At and one with its transpose UMFPACK_A.
  arma::mat SolveFactored(const arma::mat& b, bool transposed) const override {
    arma::mat x(b.n_rows, b.n_cols);
    for (arma::uword c = 0; c < b.n_cols; ++c) {
      const SuiteSparse_long status =
          umfpack_dl_solve(transposed ? UMFPACK_A : UMFPACK_At, column_pointers_.data(), row_indices_.data(),
                           values_.data(), x.colptr(c), b.colptr(c), numeric_, nullptr, nullptr);
      if (status != UMFPACK_OK) {
        throw NumericalError(fmt::format("{}: the UMFPACK solve failed (status {})", At(Rho()), status));
      }
    }
    return x;
  }

  void ReleaseNumeric() override {
    if (numeric_ != nullptr) umfpack_dl_free_numeric(&numeric_);
  }

  std::string LibraryDetails() const override {
    const std::string head =
        fmt::format("UMFPACK {}.{}.{} LU of I - rho W, nnz(I + W) = {}", UMFPACK_MAIN_VERSION,
                    UMFPACK_SUB_VERSION, UMFPACK_SUBSUB_VERSION, values_.size());
    if (numeric_ == nullptr) return head + ", symbolic analysis once";
    SuiteSparse_long lnz = 0, unz = 0, rows = 0, columns = 0, diagonal = 0;
    umfpack_dl_get_lunz(&lnz, &unz, &rows, &columns, &diagonal, numeric_);
    return fmt::format("{}, nnz(L + U) = {}, symbolic analysis once", head, lnz + unz);
  }

 private:
  // CSC of I - rho W': column i = row i of W plus the diagonal, row indices sorted. Per entry only its
  // weight is kept (0 on the diagonal, whose positions are listed): the values are -rho times it.
  void BuildPattern(const SpatialWeights& w) {
    dimension_ = w.n();
    const auto& offsets = w.RowOffsets();
    const auto& columns = w.ColumnIndices();
    const auto& weights = w.Values();
    column_pointers_.assign(dimension_ + 1, 0);
    diagonal_positions_.resize(dimension_);
    row_indices_.reserve(columns.size() + dimension_);
    entry_weights_.reserve(columns.size() + dimension_);
    for (std::int64_t i = 0; i < dimension_; ++i) {
      column_pointers_[i] = static_cast<SuiteSparse_long>(row_indices_.size());
      bool diagonal_placed = false;
      for (std::int64_t p = offsets[i]; p <= offsets[i + 1]; ++p) {
        const bool at_end = p == offsets[i + 1];
        if (!diagonal_placed && (at_end || columns[p] > i)) {
          diagonal_positions_[i] = static_cast<SuiteSparse_long>(row_indices_.size());
          row_indices_.push_back(i);
          entry_weights_.push_back(0.0);
          diagonal_placed = true;
        }
        if (at_end) break;
        row_indices_.push_back(columns[p]);
        entry_weights_.push_back(weights[p]);
      }
    }
    column_pointers_[dimension_] = static_cast<SuiteSparse_long>(row_indices_.size());
    values_.assign(row_indices_.size(), 0.0);
  }

  void SetValues(double rho) {
    for (std::size_t e = 0; e < values_.size(); ++e) values_[e] = -rho * entry_weights_[e];
    for (const SuiteSparse_long position : diagonal_positions_) values_[position] = 1.0;
  }

  SuiteSparse_long dimension_ = 0;  // n
  std::vector<SuiteSparse_long> column_pointers_;
  std::vector<SuiteSparse_long> row_indices_;
  std::vector<SuiteSparse_long> diagonal_positions_;  // where each column's diagonal entry is
  std::vector<double> entry_weights_;                 // w_ij in row j of column i, 0 on the diagonal
  std::vector<double> values_;
  double control_[UMFPACK_CONTROL];
  void* symbolic_ = nullptr;
  void* numeric_ = nullptr;
};

}  // namespace

std::unique_ptr<ShiftedFactorization> ShiftedFactorization::Create(FactorizationAlgorithm algorithm,
                                                                   SparseLibrary library,
                                                                   const SpatialWeights* w,
                                                                   const SymmetricForm* symmetric_form) {
  if (library != DefaultLibrary(algorithm)) {
    throw OptionError(fmt::format("{} does not provide the {} factorisation (it provides {})",
                                  ToString(library), ToString(algorithm),
                                  library == SparseLibrary::kCholmod ? "cholesky" : "lu"));
  }
  if (algorithm == FactorizationAlgorithm::kCholesky) {
    if (symmetric_form == nullptr) {
      throw OptionError(
          "the cholesky factorisation of I - rho W needs W symmetric or similar to symmetric; use lu");
    }
    HINTERLAND_CHECK(w == nullptr || w->n() == symmetric_form->matrix.n, "W and S must have one size");
    return std::make_unique<CholmodCholesky>(*symmetric_form, w);
  }
  HINTERLAND_CHECK(w != nullptr, "the lu factorisation reads W");
  return std::make_unique<UmfpackLu>(*w);
}

}  // namespace hinterland::engine
