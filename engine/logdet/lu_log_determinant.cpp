// lu back-end on UMFPACK (SuiteSparse, long-integer interface): symbolic once on the pattern of I + W',
// numeric per rho, determinant as mantissa * 10^exponent.
#include "engine/logdet/lu_log_determinant.hpp"

#include <fmt/format.h>
#include <umfpack.h>

#include <cmath>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/logdet/sparse_solver_threads.hpp"

namespace hinterland::engine {

class LuLogDeterminant::Umfpack {
 public:
  Umfpack(const SpatialWeights& w, double analysis_rho) {
    BuildPattern(w);
    umfpack_dl_defaults(control_);
    SetValues(analysis_rho);  // UMFPACK's strategy choice looks at values, so give it representative ones
    double info[UMFPACK_INFO];
    const SingleThreadedSparseSolver single_threaded;
    const SuiteSparse_long status = umfpack_dl_symbolic(n_, n_, column_pointers_.data(), row_indices_.data(),
                                                        values_.data(), &symbolic_, control_, info);
    if (status != UMFPACK_OK) {
      throw NumericalError(fmt::format("--logdet lu: UMFPACK symbolic analysis failed (status {})", status));
    }
  }
  ~Umfpack() {
    if (symbolic_ != nullptr) umfpack_dl_free_symbolic(&symbolic_);
  }
  Umfpack(const Umfpack&) = delete;
  Umfpack& operator=(const Umfpack&) = delete;

  double LogDeterminant(double rho) {
    SetValues(rho);
    void* numeric = nullptr;
    double info[UMFPACK_INFO];
    const SingleThreadedSparseSolver single_threaded;
    const SuiteSparse_long status = umfpack_dl_numeric(column_pointers_.data(), row_indices_.data(),
                                                       values_.data(), symbolic_, &numeric, control_, info);
    if (status == UMFPACK_WARNING_singular_matrix) {
      umfpack_dl_free_numeric(&numeric);
      throw NumericalError(fmt::format("log|I - rho W| at rho = {:.10g}: I - rho W is singular", rho));
    }
    if (status != UMFPACK_OK) {
      if (numeric != nullptr) umfpack_dl_free_numeric(&numeric);
      throw NumericalError(fmt::format(
          "log|I - rho W| at rho = {:.10g}: UMFPACK factorisation failed (status {})", rho, status));
    }
    double mantissa = 0.0;
    double exponent = 0.0;
    const SuiteSparse_long determinant_status =
        umfpack_dl_get_determinant(&mantissa, &exponent, numeric, info);
    umfpack_dl_free_numeric(&numeric);
    if (determinant_status != UMFPACK_OK || !(mantissa > 0.0)) {
      throw NumericalError(fmt::format(
          "log|I - rho W| at rho = {:.10g}: the determinant of I - rho W is {} (mantissa {:g}, status {})",
          rho, mantissa < 0.0 ? "negative" : "zero or not finite", mantissa, determinant_status));
    }
    return std::log(mantissa) + exponent * std::log(10.0);
  }

  std::string Describe() const {
    return fmt::format("UMFPACK {}.{}.{} LU of I - rho W, nnz(I + W) = {}, symbolic analysis once",
                       UMFPACK_MAIN_VERSION, UMFPACK_SUB_VERSION, UMFPACK_SUBSUB_VERSION, values_.size());
  }

 private:
  // CSC of I - rho W': column i = row i of W plus the diagonal, row indices sorted. Per entry only its
  // weight is kept (0 on the diagonal, whose positions are listed): the values are -rho times it.
  void BuildPattern(const SpatialWeights& w) {
    n_ = w.n();
    const auto& offsets = w.RowOffsets();
    const auto& columns = w.ColumnIndices();
    const auto& weights = w.Values();
    column_pointers_.assign(n_ + 1, 0);
    diagonal_positions_.resize(n_);
    row_indices_.reserve(columns.size() + n_);
    entry_weights_.reserve(columns.size() + n_);
    for (std::int64_t i = 0; i < n_; ++i) {
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
    column_pointers_[n_] = static_cast<SuiteSparse_long>(row_indices_.size());
    values_.assign(row_indices_.size(), 0.0);
  }

  void SetValues(double rho) {
    for (std::size_t e = 0; e < values_.size(); ++e) values_[e] = -rho * entry_weights_[e];
    for (const SuiteSparse_long position : diagonal_positions_) values_[position] = 1.0;
  }

  SuiteSparse_long n_ = 0;
  std::vector<SuiteSparse_long> column_pointers_;
  std::vector<SuiteSparse_long> row_indices_;
  std::vector<SuiteSparse_long> diagonal_positions_;  // where each column's diagonal entry is
  std::vector<double> entry_weights_;                 // w_ij in row j of column i, 0 on the diagonal
  std::vector<double> values_;
  double control_[UMFPACK_CONTROL];
  void* symbolic_ = nullptr;
};

namespace {

// A rho inside the bounds and well away from 0, so that the off-diagonal values are representative.
double AnalysisRho(const ExtremeEigenvalues& eigenvalues) {
  return eigenvalues.lambda_max > 0.0 ? 0.5 / eigenvalues.lambda_max : 0.5;
}

}  // namespace

LuLogDeterminant::LuLogDeterminant(const SpatialWeights& w, const ExtremeEigenvalues& eigenvalues)
    : LogDeterminant(w.n(), LogDetMethod::kLu, eigenvalues),
      umfpack_(std::make_unique<Umfpack>(w, AnalysisRho(eigenvalues))) {}

LuLogDeterminant::~LuLogDeterminant() = default;

double LuLogDeterminant::Evaluate(double rho) const {
  RequireInsideBounds(rho);
  const std::lock_guard<std::mutex> lock(mutex_);
  return umfpack_->LogDeterminant(rho);
}

std::string LuLogDeterminant::Details() const { return umfpack_->Describe(); }

}  // namespace hinterland::engine
