// sum_t log|I - rho W_t| over an unbalanced panel's distinct W_t (see summed_log_determinant.hpp).
#include "engine/logdet/summed_log_determinant.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "engine/core/error.hpp"

namespace hinterland::engine {
namespace {

const LogDeterminant& Largest(const std::vector<SummedLogDeterminant::Term>& terms) {
  HINTERLAND_CHECK(!terms.empty(), "a sum of log-determinants needs a term");
  const auto largest = std::max_element(terms.begin(), terms.end(), [](const auto& a, const auto& b) {
    return a.log_determinant->n() < b.log_determinant->n();
  });
  return *largest->log_determinant;
}

std::int64_t RowsOf(const std::vector<SummedLogDeterminant::Term>& terms) {
  double rows = 0.0;
  for (const auto& term : terms) rows += term.multiplier * static_cast<double>(term.log_determinant->n());
  return static_cast<std::int64_t>(rows);
}

}  // namespace

SummedLogDeterminant::SummedLogDeterminant(std::vector<Term> terms, LogDetMethod method_given)
    : LogDeterminant(RowsOf(terms), Largest(terms).MethodUsed(), Largest(terms).Eigenvalues()),
      terms_(std::move(terms)) {
  SetMethodGiven(method_given);
  RhoBounds bounds = terms_.front().log_determinant->Bounds();
  for (const Term& term : terms_) {
    bounds.lower = std::max(bounds.lower, term.log_determinant->Bounds().lower);
    bounds.upper = std::min(bounds.upper, term.log_determinant->Bounds().upper);
  }
  SetBounds(bounds);
}

double SummedLogDeterminant::Evaluate(double rho) const {
  RequireInsideBounds(rho);
  double sum = 0.0;
  for (const Term& term : terms_) sum += term.multiplier * term.log_determinant->Evaluate(rho);
  return sum;
}

double SummedLogDeterminant::Derivative(double rho) const {
  RequireInsideBounds(rho);
  double sum = 0.0;
  for (const Term& term : terms_) sum += term.multiplier * term.log_determinant->Derivative(rho);
  return sum;
}

bool SummedLogDeterminant::IsExact() const {
  return std::all_of(terms_.begin(), terms_.end(),
                     [](const Term& term) { return term.log_determinant->IsExact(); });
}

double SummedLogDeterminant::ErrorEstimate(double rho) const {
  double sum = 0.0;
  for (const Term& term : terms_) sum += term.multiplier * term.log_determinant->ErrorEstimate(rho);
  return sum;
}

std::string SummedLogDeterminant::Details() const {
  return fmt::format("the sum over {} distinct W_t of their periods times log|I - rho W_t|", terms_.size());
}

std::string SummedLogDeterminant::Describe() const {
  std::int64_t smallest = terms_.front().log_determinant->n();
  std::int64_t largest = smallest;
  for (const Term& term : terms_) {
    smallest = std::min(smallest, term.log_determinant->n());
    largest = std::max(largest, term.log_determinant->n());
  }
  return fmt::format(
      "sum over the periods of log|I - rho W_t|, {} distinct W_t of {} to {} units, rho in ({:.8g}, {:.8g}) "
      "(the intersection of theirs); the largest W_t: {}",
      terms_.size(), smallest, largest, Bounds().lower, Bounds().upper, Largest(terms_).Describe());
}

std::unique_ptr<LogDeterminant> CreateSummedLogDeterminant(const UnbalancedWeightsOperator& w,
                                                           const LogDetOptions& options) {
  // auto weighs the exact back-ends by the units of every W_t: each is factorised at every rho.
  LogDetOptions block_options = options;
  for (const auto& block : w.Blocks()) block_options.auto_workload += block.w->Units();
  std::vector<SummedLogDeterminant::Term> terms;
  for (std::size_t b = 0; b < w.Blocks().size(); ++b) {
    terms.push_back(
        {CreateLogDeterminant(*w.Blocks()[b].w, block_options), static_cast<double>(w.PeriodsOf(b))});
  }
  return std::make_unique<SummedLogDeterminant>(std::move(terms), options.method);
}

}  // namespace hinterland::engine
