// cholesky back-end on CHOLMOD (SuiteSparse, long-integer interface). The strictly lower triangle of S is
// stored once; per rho its values become -rho s_ij and cholmod_l_factorize_p adds the identity (beta = 1),
// so I - rho S is factorised on the symbolic analysis made at set-up.
#include "engine/logdet/cholesky_log_determinant.hpp"

#include <cholmod.h>
#include <fmt/format.h>

#include <cmath>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/logdet/sparse_solver_threads.hpp"

namespace hinterland::engine {

class CholeskyLogDeterminant::Cholmod {
 public:
  explicit Cholmod(const CsrMatrix& symmetric) {
    cholmod_l_start(&common_);
    common_.print = 0;  // the library never prints; failures come back through common_.status
    lower_ = LowerTriangle(symmetric);
    {
      const SingleThreadedSparseSolver single_threaded;
      factor_ = cholmod_l_analyze(lower_, &common_);
    }
    if (factor_ == nullptr || common_.status < CHOLMOD_OK) {
      Release();
      throw NumericalError(
          fmt::format("--logdet cholesky: CHOLMOD symbolic analysis failed (status {})", common_.status));
    }
  }
  ~Cholmod() { Release(); }
  Cholmod(const Cholmod&) = delete;
  Cholmod& operator=(const Cholmod&) = delete;

  // log det(I - rho S); NumericalError when not positive definite.
  double LogDeterminant(double rho) {
    auto* values = static_cast<double*>(lower_->x);
    for (std::size_t p = 0; p < lower_values_.size(); ++p) values[p] = -rho * lower_values_[p];
    double beta[2] = {1.0, 0.0};  // factorise beta I + A = I - rho S
    {
      const SingleThreadedSparseSolver single_threaded;
      cholmod_l_factorize_p(lower_, beta, nullptr, 0, factor_, &common_);
    }
    if (common_.status == CHOLMOD_NOT_POSDEF) {
      throw NumericalError(
          fmt::format("log|I - rho W| at rho = {:.10g}: I - rho W is not positive definite (CHOLMOD stopped "
                      "at column {})",
                      rho, factor_->minor));
    }
    if (common_.status < CHOLMOD_OK) {
      throw NumericalError(fmt::format(
          "log|I - rho W| at rho = {:.10g}: CHOLMOD factorisation failed (status {})", rho, common_.status));
    }
    return LogDeterminantOfFactor();
  }

  std::string Describe() const {
    return fmt::format(
        "CHOLMOD {}.{}.{} {} of I - rho S, nnz(L) = {:.0f}, symbolic analysis once", CHOLMOD_MAIN_VERSION,
        CHOLMOD_SUB_VERSION, CHOLMOD_SUBSUB_VERSION,
        factor_->is_super ? "supernodal LL'" : (factor_->is_ll ? "simplicial LL'" : "simplicial LDL'"),
        common_.lnz);
  }

 private:
  // The strictly lower triangle of S in CSC (stype -1): column j holds s_ij for i > j, which by symmetry is
  // row j of the CSR arrays restricted to columns > j.
  cholmod_sparse* LowerTriangle(const CsrMatrix& symmetric) {
    std::int64_t count = 0;
    for (std::int64_t j = 0; j < symmetric.n; ++j) {
      for (std::int64_t p = symmetric.row_offsets[j]; p < symmetric.row_offsets[j + 1]; ++p) {
        if (symmetric.column_indices[p] > j) ++count;
      }
    }
    cholmod_sparse* lower = cholmod_l_allocate_sparse(symmetric.n, symmetric.n, count, /*sorted=*/1,
                                                      /*packed=*/1, /*stype=*/-1, CHOLMOD_REAL, &common_);
    if (lower == nullptr) {
      cholmod_l_finish(&common_);
      throw NumericalError("--logdet cholesky: CHOLMOD could not allocate the matrix (out of memory?)");
    }
    auto* column_pointers = static_cast<SuiteSparse_long*>(lower->p);
    auto* row_indices = static_cast<SuiteSparse_long*>(lower->i);
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
    return lower;
  }

  // 2 sum log L_jj for LL' (supernodal or simplicial), sum log D_jj for simplicial LDL'. In a supernode
  // the columns k1..k2-1 are stored as a dense column-major block of nsrow rows starting at px[s].
  double LogDeterminantOfFactor() const {
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
      return 2.0 * sum;
    }
    const auto* p = static_cast<const SuiteSparse_long*>(factor_->p);
    for (std::size_t j = 0; j < factor_->n; ++j) sum += std::log(x[p[j]]);
    return factor_->is_ll ? 2.0 * sum : sum;
  }

  void Release() {
    if (factor_ != nullptr) cholmod_l_free_factor(&factor_, &common_);
    if (lower_ != nullptr) cholmod_l_free_sparse(&lower_, &common_);
    cholmod_l_finish(&common_);
  }

  cholmod_common common_{};
  cholmod_sparse* lower_ = nullptr;
  cholmod_factor* factor_ = nullptr;
  std::vector<double> lower_values_;  // s_ij in the order of lower_->x
};

CholeskyLogDeterminant::CholeskyLogDeterminant(const SymmetricForm& symmetric_form,
                                               const ExtremeEigenvalues& eigenvalues)
    : LogDeterminant(symmetric_form.matrix.n, LogDetMethod::kCholesky, eigenvalues),
      cholmod_(std::make_unique<Cholmod>(symmetric_form.matrix)) {}

CholeskyLogDeterminant::~CholeskyLogDeterminant() = default;

double CholeskyLogDeterminant::Evaluate(double rho) const {
  RequireInsideBounds(rho);
  const std::lock_guard<std::mutex> lock(mutex_);
  return cholmod_->LogDeterminant(rho);
}

std::string CholeskyLogDeterminant::Details() const { return cholmod_->Describe(); }

}  // namespace hinterland::engine
