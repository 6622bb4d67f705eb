// MultiplierEvaluator: eigenvalues (dense, small n) or power traces once, then cheap evaluations per rho.
// The dense copy of W exists only under kExact, which ComputeImpacts limits to n <= kImpactsExactMaxN.
#include "estimators/impacts/impacts_multiplier.hpp"

#include <cmath>
#include <optional>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/linalg/power_traces.hpp"
#include "engine/linalg/symmetric_form.hpp"

namespace hinterland::estimators {

namespace {

double Series(double rho, const std::vector<double>& terms, std::size_t first, std::size_t count) {
  // Horner on sum_{k < count} rho^k terms[first + k].
  double sum = 0.0;
  for (std::size_t k = count; k-- > 0;) sum = sum * rho + terms[first + k];
  return sum;
}

}  // namespace

MultiplierEvaluator::MultiplierEvaluator(const engine::SpatialWeights& w,
                                         ImpactMethod method,
                                         const ImpactOptions& options,
                                         const engine::WeightsOperator* cache)
    : w_(w), method_(method), order_(options.power_order) {
  const double n = static_cast<double>(w.n());
  const std::optional<double> common_row_sum =
      cache != nullptr ? cache->RowSums().common : engine::ComputeRowSums(w).common;
  constant_row_sums_ = common_row_sum.has_value();
  row_sum_ = common_row_sum.value_or(1.0);
  w_times_ones_ = w.Multiply(arma::vec(w.n(), arma::fill::ones));
  engine::PowerTraceOptions trace_options;
  trace_options.degree = order_ + 1;
  trace_options.exact_order = options.exact_trace_order;
  trace_options.probes = options.trace_probes;
  trace_options.seed = options.seed;
  const engine::PowerTraces traces = engine::ComputePowerTraces(w, trace_options);
  for (double trace : traces.traces) trace_means_.push_back(trace / n);
  const arma::vec ones(w.n(), arma::fill::ones);
  for (double moment : engine::PowerMoments(w, ones, ones, order_ + 1)) total_moments_.push_back(moment / n);

  std::ostringstream description;
  if (method_ == ImpactMethod::kExact) {
    if (cache != nullptr) {
      eigenvalues_ = cache->Spectrum();
    } else {
      const std::optional<engine::SymmetricForm> form = engine::FindSymmetricForm(w);
      eigenvalues_ = engine::AllEigenvalues(w, form ? &*form : nullptr);
    }
    const double lambda_min = arma::min(arma::real(eigenvalues_));
    const double lambda_max = arma::max(arma::real(eigenvalues_));
    bounds_ =
        engine::BoundsFromEigenvalues({lambda_min, lambda_max, engine::SpectrumKind::kUnknown, "dense", 0.0});
    description << "exact: all eigenvalues of W for the directs; ";
  } else {
    bounds_ = engine::BoundsFromEigenvalues(cache != nullptr ? cache->Eigenvalues()
                                                             : engine::ComputeExtremeEigenvalues(w));
    description << "traces: power series of order " << order_ << " with "
                << (traces.IsStochastic()
                        ? "exact tr(W^k) for k <= " + std::to_string(traces.exact_order) + " and " +
                              std::to_string(traces.probes) + " Hutchinson probes above"
                        : std::string("exact tr(W^k)"))
                << " for the directs; ";
  }
  if (constant_row_sums_) {
    description << "totals in closed form (every row of W sums to " << row_sum_ << ")";
  } else if (method_ == ImpactMethod::kExact) {
    description << "totals by solving (I - rho W) x = 1 and = W1 (GMRES) at the estimate and in each draw";
  } else {
    description << "totals by solving (I - rho W) x = 1 and = W1 (GMRES) at the estimate, by the series of "
                   "1'W^k 1 in the draws";
  }
  description_ = description.str();
}

MultiplierValues MultiplierEvaluator::SeriesDirects(double rho) const {
  MultiplierValues values;
  const std::size_t terms = static_cast<std::size_t>(order_) + 1;
  values.direct_own = Series(rho, trace_means_, 0, terms);
  values.direct_lag = Series(rho, trace_means_, 1, terms);
  values.total_own = Series(rho, total_moments_, 0, terms);
  values.total_lag = Series(rho, total_moments_, 1, terms);
  return values;
}

MultiplierValues MultiplierEvaluator::SolvedTotals(double rho, MultiplierValues values) const {
  if (constant_row_sums_) {
    values.total_own = 1.0 / (1.0 - rho * row_sum_);
    values.total_lag = row_sum_ / (1.0 - rho * row_sum_);
    return values;
  }
  const arma::vec ones(w_.n(), arma::fill::ones);
  values.total_own = arma::mean(engine::SolveIdentityMinusRhoW(w_, rho, ones));
  values.total_lag = arma::mean(engine::SolveIdentityMinusRhoW(w_, rho, w_times_ones_));
  return values;
}

MultiplierValues MultiplierEvaluator::AtEstimate(double rho) const {
  MultiplierValues values = SeriesDirects(rho);
  if (method_ == ImpactMethod::kExact) {
    const arma::cx_vec denominators = 1.0 - rho * eigenvalues_;
    values.direct_own = arma::mean(arma::real(1.0 / denominators));
    values.direct_lag = arma::mean(arma::real(eigenvalues_ / denominators));
  }
  return SolvedTotals(rho, values);
}

MultiplierValues MultiplierEvaluator::InDraw(double rho) const {
  if (method_ == ImpactMethod::kExact) return AtEstimate(rho);
  MultiplierValues values = SeriesDirects(rho);
  if (constant_row_sums_) values = SolvedTotals(rho, values);
  return values;
}

}  // namespace hinterland::estimators
