// The spatial filter I - rho W: inverse action and traces (see spatial_filter.hpp; Hutchinson 1990;
// Bekas, Kokiopoulou & Saad 2007; UMFPACK's umfpack_dl_* interface, Davis 2004).
#include "estimators/ols/spatial_filter.hpp"

#include <fmt/format.h>
#include <umfpack.h>

#include <random>
#include <vector>

#include "engine/core/error.hpp"

namespace hinterland::estimators {
namespace {

std::string RhoText(double rho) { return fmt::format("{:.10g}", rho); }

// I - rho W in CSR with sorted columns and the diagonal included (64-bit indices for umfpack_dl).
struct CsrArrays {
  std::vector<SuiteSparse_long> offsets;
  std::vector<SuiteSparse_long> columns;
  std::vector<double> values;
};

CsrArrays FilterMatrix(const engine::SpatialWeights& w, double rho) {
  const std::int64_t n = w.n();
  CsrArrays m;
  m.offsets.reserve(static_cast<std::size_t>(n) + 1);
  m.offsets.push_back(0);
  for (std::int64_t i = 0; i < n; ++i) {
    bool diagonal_done = false;
    for (std::int64_t p = w.RowOffsets()[i]; p < w.RowOffsets()[i + 1]; ++p) {
      const std::int64_t j = w.ColumnIndices()[p];
      if (!diagonal_done && j > i) {
        m.columns.push_back(i);
        m.values.push_back(1.0);
        diagonal_done = true;
      }
      m.columns.push_back(j);
      m.values.push_back(-rho * w.Values()[p]);
    }
    if (!diagonal_done) {
      m.columns.push_back(i);
      m.values.push_back(1.0);
    }
    m.offsets.push_back(static_cast<SuiteSparse_long>(m.columns.size()));
  }
  return m;
}

// Rademacher probe from mt19937_64 bits (the same on every platform).
arma::vec RademacherProbe(std::mt19937_64& generator, arma::uword n) {
  arma::vec probe(n);
  std::uint64_t bits = 0;
  for (arma::uword i = 0; i < n; ++i) {
    if (i % 64 == 0) bits = generator();
    probe[i] = (bits & 1U) ? 1.0 : -1.0;
    bits >>= 1U;
  }
  return probe;
}

// tr(W W) + tr(W' W) = sum_ij w_ij w_ji + sum_ij w_ij^2, exact from the CSR arrays.
double TraceOfWwPlusWtw(const engine::SpatialWeights& w) {
  double total = 0.0;
  for (std::int64_t i = 0; i < w.n(); ++i) {
    for (std::int64_t p = w.RowOffsets()[i]; p < w.RowOffsets()[i + 1]; ++p) {
      const std::int64_t j = w.ColumnIndices()[p];
      total += w.Values()[p] * w.Values()[p];
      for (std::int64_t q = w.RowOffsets()[j]; q < w.RowOffsets()[j + 1]; ++q) {
        if (w.ColumnIndices()[q] == i) total += w.Values()[p] * w.Values()[q];
      }
    }
  }
  return total;
}

}  // namespace

// The CSR arrays of I - rho W read by UMFPACK as a CSC matrix, i.e. (I - rho W)'; solves use UMFPACK_At.
struct SpatialFilter::SparseLu {
  CsrArrays matrix;
  void* numeric = nullptr;
  ~SparseLu() {
    if (numeric != nullptr) umfpack_dl_free_numeric(&numeric);
  }
};

SpatialFilter::SpatialFilter(const engine::SpatialWeights& w, double rho, const FilterTraceOptions& options)
    : w_(w), rho_(rho), options_(options) {
  const std::int64_t n = w.n();
  if (n <= options.exact_max_n) {
    arma::mat filter = -rho * arma::mat(w.ToSparseMatrix());
    filter.diag() += 1.0;
    if (!arma::inv(dense_inverse_, filter)) {
      throw engine::NumericalError("I - rho W is singular at rho=" + RhoText(rho));
    }
    return;
  }
  sparse_lu_ = std::make_unique<SparseLu>();
  sparse_lu_->matrix = FilterMatrix(w, rho);
  CsrArrays& m = sparse_lu_->matrix;
  void* symbolic = nullptr;
  SuiteSparse_long status = umfpack_dl_symbolic(n, n, m.offsets.data(), m.columns.data(), m.values.data(),
                                                &symbolic, nullptr, nullptr);
  if (status == UMFPACK_OK) {
    status = umfpack_dl_numeric(m.offsets.data(), m.columns.data(), m.values.data(), symbolic,
                                &sparse_lu_->numeric, nullptr, nullptr);
  }
  if (symbolic != nullptr) umfpack_dl_free_symbolic(&symbolic);
  if (status != UMFPACK_OK) {
    throw engine::NumericalError(
        fmt::format("sparse LU of I - rho W failed at rho={} (UMFPACK status {})", RhoText(rho), status));
  }
}

SpatialFilter::~SpatialFilter() = default;

arma::vec SpatialFilter::Solve(const arma::vec& b) const {
  if (IsExact()) return dense_inverse_ * b;
  arma::vec x(b.n_elem);
  const CsrArrays& m = sparse_lu_->matrix;
  const SuiteSparse_long status =
      umfpack_dl_solve(UMFPACK_At, m.offsets.data(), m.columns.data(), m.values.data(), x.memptr(),
                       b.memptr(), sparse_lu_->numeric, nullptr, nullptr);
  if (status != UMFPACK_OK) {
    throw engine::NumericalError(
        fmt::format("solve with I - rho W failed at rho={} (UMFPACK status {})", RhoText(rho_), status));
  }
  return x;
}

FilterTraces SpatialFilter::Traces() const { return IsExact() ? ExactTraces() : StochasticTraces(); }

FilterTraces SpatialFilter::ExactTraces() const {
  const arma::sp_mat w = w_.ToSparseMatrix();
  const arma::mat wa = w * dense_inverse_;  // W A, n x n (the documented small-n oracle)
  FilterTraces traces;
  traces.trace_wa = arma::trace(wa);
  traces.trace_wa_t_wa = arma::accu(arma::square(wa));
  traces.trace_wa_wa = arma::accu(wa % wa.t());
  traces.trace_t = TraceOfWwPlusWtw(w_);
  const arma::sp_mat t = w * w + w.t() * w;
  traces.trace_t_a = arma::accu(arma::mat(t) % dense_inverse_.t());
  traces.diagonal_wa = wa.diag();
  traces.method = fmt::format("exact traces of W(I - rho W)^-1 from a dense inverse (n = {} <= {})", w_.n(),
                              options_.exact_max_n);
  return traces;
}

FilterTraces SpatialFilter::StochasticTraces() const {
  const auto n = static_cast<arma::uword>(w_.n());
  std::mt19937_64 generator(options_.seed);
  FilterTraces traces;
  traces.diagonal_wa.zeros(n);
  for (int probe_index = 0; probe_index < options_.probes; ++probe_index) {
    const arma::vec z = RademacherProbe(generator, n);
    const arma::vec a_z = Solve(z);
    const arma::vec w_a_z = w_.Multiply(a_z);  // W_A z
    const arma::vec a_w_a_z = Solve(w_a_z);    // A W_A z
    const arma::vec w_z = w_.Multiply(z);
    traces.trace_wa += arma::dot(z, w_a_z);
    traces.trace_wa_t_wa += arma::dot(w_a_z, w_a_z);
    traces.trace_wa_wa += arma::dot(z, w_.Multiply(a_w_a_z));
    traces.trace_t_a += arma::dot(z, w_.Multiply(w_a_z)) + arma::dot(w_z, w_a_z);
    traces.diagonal_wa += z % w_a_z;
  }
  const double probes = static_cast<double>(options_.probes);
  traces.trace_wa /= probes;
  traces.trace_wa_t_wa /= probes;
  traces.trace_wa_wa /= probes;
  traces.trace_t_a /= probes;
  traces.diagonal_wa /= probes;
  traces.trace_t = TraceOfWwPlusWtw(w_);
  traces.method = fmt::format(
      "Hutchinson traces of W(I - rho W)^-1 with {} Rademacher probes (seed {}), sparse LU (UMFPACK) solves",
      options_.probes, options_.seed);
  return traces;
}

}  // namespace hinterland::estimators
