// The spatial filter I - rho W: inverse action and traces (see spatial_filter.hpp; Hutchinson 1990;
// Bekas, Kokiopoulou & Saad 2007). Per block of probes Z: X = A Z and X' = A' (W' Z) by the block solver,
// then with Y = W X = W_A Z, the per-probe estimates of the remainders after the exact first-order term W:
//   tr(W_A)        = tr(W)      + z'(Y - W z)
//   tr(W_A' W_A)   = ||W||_F^2  + ||Y||^2 - ||W z||^2
//   tr(W_A W_A)    = tr(W W)    + (A' W' z)'Y - (W' z)'(W z)
//   tr(T A)        = tr(T)      + (W' z + W z)'(Y - W z)           (T = W W + W' W)
//   diag(W_A)      = diag(W)    + mean over probes of z o (Y - W z).
#include "estimators/common/spatial_filter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <span>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/weights/weights_summary.hpp"

namespace hinterland::estimators {
namespace {

std::string RhoText(double rho) { return fmt::format("{:.10g}", rho); }

// Rademacher probe from mt19937_64 bits (the same on every platform).
void FillRademacherProbe(std::mt19937_64& generator, double* probe, arma::uword n) {
  std::uint64_t bits = 0;
  for (arma::uword i = 0; i < n; ++i) {
    if (i % 64 == 0) bits = generator();
    probe[i] = (bits & 1U) ? 1.0 : -1.0;
    bits >>= 1U;
  }
}

// The exact first-order quantities of the control variate, from the CSR arrays in O(links): tr(W) and
// diag(W) (zero for weights without self-links), ||W||_F^2 = sum w_ij^2 and tr(W W) = sum_ij w_ij w_ji.
struct FirstOrder {
  arma::vec diagonal;
  double trace = 0.0;
  double frobenius_squared = 0.0;
  double trace_square = 0.0;
};

// The first-order terms from the weights constants (W has no self-links, so its diagonal is zero).
FirstOrder FirstOrderTerms(const engine::SpatialWeights& w, const engine::WeightsOperator* cache) {
  const engine::WeightsConstants constants =
      cache != nullptr ? cache->Constants() : engine::ComputeWeightsConstants(w);
  FirstOrder first;
  first.diagonal.zeros(static_cast<arma::uword>(w.n()));
  first.frobenius_squared = constants.trace_wtw;
  first.trace_square = constants.trace_ww;
  return first;
}

// tr(W W) + tr(W' W) = sum_ij w_ij w_ji + sum_ij w_ij^2, exact.
double TraceOfWwPlusWtw(const engine::SpatialWeights& w, const engine::WeightsOperator* cache) {
  const FirstOrder first = FirstOrderTerms(w, cache);
  return first.trace_square + first.frobenius_squared;
}

arma::mat MultiplyTransposed(const engine::SpatialWeights& w, const arma::mat& x) {
  arma::mat y(arma::size(x));
  for (arma::uword c = 0; c < x.n_cols; ++c) {
    w.MultiplyTransposed(std::span<const double>(x.colptr(c), x.n_rows),
                         std::span<double>(y.colptr(c), y.n_rows));
  }
  return y;
}

std::string TraceText(const char* name, double value, double std_error) {
  return fmt::format("{} = {:.7g} (SE {:.2g})", name, value, std_error);
}

}  // namespace

arma::vec FilterTraces::StandardErrors() const {
  if (per_probe.n_rows < 2) return arma::zeros<arma::vec>(4);
  return arma::vec(arma::stddev(per_probe, 0, 0).t()) / std::sqrt(static_cast<double>(per_probe.n_rows));
}

SpatialFilter::SpatialFilter(const engine::SpatialWeights& w, double rho, const FilterTraceOptions& options)
    : SpatialFilter(w, nullptr, rho, options) {}

SpatialFilter::SpatialFilter(const engine::WeightsOperator& w, double rho, const FilterTraceOptions& options)
    : SpatialFilter(w.Weights(), &w, rho, options) {}

SpatialFilter::SpatialFilter(const engine::SpatialWeights& w,
                             const engine::WeightsOperator* cache,
                             double rho,
                             const FilterTraceOptions& options)
    : w_(w), cache_(cache), rho_(rho), options_(options) {
  const std::int64_t n = w.n();
  if (n <= options.exact_max_n) {
    arma::mat filter = -rho * arma::mat(w.ToSparseMatrix());
    filter.diag() += 1.0;
    if (!arma::inv(dense_inverse_, filter)) {
      throw engine::NumericalError("I - rho W is singular at rho=" + RhoText(rho));
    }
    return;
  }
  const engine::SymmetricForm* symmetric = nullptr;
  if (cache != nullptr) {
    symmetric = cache->Symmetric();
  } else {
    symmetric_form_ = engine::FindSymmetricForm(w);
    symmetric = symmetric_form_ ? &*symmetric_form_ : nullptr;
  }
  engine::ShiftedBlockSolverOptions solver_options;
  solver_options.kind = options.solver;
  solver_ = std::make_unique<engine::ShiftedBlockSolver>(w, symmetric, rho, solver_options);
}

SpatialFilter::~SpatialFilter() = default;

arma::vec SpatialFilter::Solve(const arma::vec& b, bool transposed) const {
  if (IsExact()) return transposed ? arma::vec(dense_inverse_.t() * b) : arma::vec(dense_inverse_ * b);
  return arma::vec(solver_->Solve(arma::mat(b), transposed));
}

FilterTraces SpatialFilter::Traces(const TraceStoppingRule& rule) const {
  return IsExact() ? ExactTraces() : StochasticTraces(rule);
}

FilterTraces SpatialFilter::ExactTraces() const {
  const arma::sp_mat w = w_.ToSparseMatrix();
  const arma::mat wa = w * dense_inverse_;  // W A, n x n (the documented small-n oracle)
  FilterTraces traces;
  traces.trace_wa = arma::trace(wa);
  traces.trace_wa_t_wa = arma::accu(arma::square(wa));
  traces.trace_wa_wa = arma::accu(wa % wa.t());
  traces.trace_t = TraceOfWwPlusWtw(w_, cache_);
  const arma::sp_mat t = w * w + w.t() * w;
  traces.trace_t_a = arma::accu(arma::mat(t) % dense_inverse_.t());
  traces.diagonal_wa = wa.diag();
  traces.method = fmt::format("exact traces of W(I - rho W)^-1 from a dense inverse (n = {} <= {})", w_.n(),
                              options_.exact_max_n);
  return traces;
}

FilterTraces SpatialFilter::StochasticTraces(const TraceStoppingRule& rule) const {
  const auto n = static_cast<arma::uword>(w_.n());
  const FirstOrder first = FirstOrderTerms(w_, cache_);
  const int most = std::max(1, options_.probes);
  const int block = std::clamp(options_.probe_block, 1, most);
  std::mt19937_64 generator(options_.seed);
  std::vector<arma::rowvec> rows;
  arma::vec diagonal_sum(n, arma::fill::zeros);
  FilterTraces traces;
  traces.trace_t = first.trace_square + first.frobenius_squared;
  int drawn = 0;
  while (drawn < most) {
    const int count = std::min(block, most - drawn);
    arma::mat z(n, static_cast<arma::uword>(count));
    for (int c = 0; c < count; ++c) FillRademacherProbe(generator, z.colptr(c), n);
    const arma::mat w_z = w_.Multiply(z);
    const arma::mat wt_z = MultiplyTransposed(w_, z);
    const arma::mat y = w_.Multiply(solver_->Solve(z));     // W_A Z
    const arma::mat a_t_wt_z = solver_->Solve(wt_z, true);  // A' W' Z
    const arma::mat remainder = y - w_z;                    // (W_A - W) Z
    for (int c = 0; c < count; ++c) {
      const arma::vec zc = z.col(c);
      arma::rowvec row(4);
      row[0] = first.trace + arma::dot(zc, remainder.col(c));
      row[1] = first.frobenius_squared + arma::dot(y.col(c), y.col(c)) - arma::dot(w_z.col(c), w_z.col(c));
      row[2] = first.trace_square + arma::dot(a_t_wt_z.col(c), y.col(c)) - arma::dot(wt_z.col(c), w_z.col(c));
      row[3] = traces.trace_t + arma::dot(wt_z.col(c) + w_z.col(c), remainder.col(c));
      rows.push_back(row);
      diagonal_sum += zc % remainder.col(c);
    }
    drawn += count;
    traces.per_probe.set_size(rows.size(), 4);
    for (std::size_t p = 0; p < rows.size(); ++p) traces.per_probe.row(p) = rows[p];
    const arma::rowvec means = arma::mean(traces.per_probe, 0);
    traces.trace_wa = means[0];
    traces.trace_wa_t_wa = means[1];
    traces.trace_wa_wa = means[2];
    traces.trace_t_a = means[3];
    traces.diagonal_wa = first.diagonal + diagonal_sum / static_cast<double>(drawn);
    if (rule) {
      traces.stopping_value = rule(traces);
      if (traces.stopping_value <= options_.target_relative_error) break;
    }
  }
  const arma::vec se = traces.StandardErrors();
  const std::string stopping =
      rule ? fmt::format(
                 "drawn in blocks of {} until they moved every standard error by at most {:.2g} "
                 "relative (reached {:.2g}; at most {} probes)",
                 block, options_.target_relative_error, traces.stopping_value, most)
           : fmt::format("a fixed number");
  traces.method = fmt::format(
      "Hutchinson traces of W_A = W(I - rho W)^-1 with {} Rademacher probes (seed {}; {}), the first-order "
      "term W exact: {}, {}, {}, {}; solves: {}",
      drawn, options_.seed, stopping, TraceText("tr(W_A)", traces.trace_wa, se[0]),
      TraceText("tr(W_A'W_A)", traces.trace_wa_t_wa, se[1]),
      TraceText("tr(W_A W_A)", traces.trace_wa_wa, se[2]),
      TraceText("tr((WW + W'W)A)", traces.trace_t_a, se[3]), solver_->Describe());
  return traces;
}

}  // namespace hinterland::estimators
