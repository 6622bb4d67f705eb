// LogDetMethod words, option validation, the auto choice and the factory; the shared bounds check and
// numerical derivative of the LogDeterminant base.
#include "engine/logdet/log_determinant.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <utility>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/linalg/symmetric_form.hpp"
#include "engine/logdet/chebyshev_log_determinant.hpp"
#include "engine/logdet/cholesky_log_determinant.hpp"
#include "engine/logdet/eigen_log_determinant.hpp"
#include "engine/logdet/lu_log_determinant.hpp"
#include "engine/logdet/monte_carlo_log_determinant.hpp"

namespace hinterland::engine {

namespace {

constexpr std::array<std::pair<LogDetMethod, const char*>, 6> kMethodWords = {{
    {LogDetMethod::kAuto, "auto"},
    {LogDetMethod::kEigen, "eigen"},
    {LogDetMethod::kCholesky, "cholesky"},
    {LogDetMethod::kLu, "lu"},
    {LogDetMethod::kChebyshev, "chebyshev"},
    {LogDetMethod::kMonteCarlo, "mc"},
}};

// auto uses eigen up to this n: the dense decomposition takes well under a second there and is exact.
constexpr std::int64_t kAutoEigenMaxN = 1000;

}  // namespace

std::string ToString(LogDetMethod method) {
  for (const auto& [value, word] : kMethodWords) {
    if (value == method) return word;
  }
  return "auto";
}

LogDetMethod ParseLogDetMethod(const std::string& text) {
  std::vector<std::string> words;
  for (const auto& [value, word] : kMethodWords) {
    if (text == word) return value;
    words.emplace_back(word);
  }
  throw OptionError(
      fmt::format("--logdet \"{}\": unknown method; use one of auto, eigen, cholesky, lu, "
                  "chebyshev, mc{}",
                  text, DidYouMean(text, words)));
}

LogDeterminant::LogDeterminant(std::int64_t n,
                               LogDetMethod method_used,
                               const ExtremeEigenvalues& eigenvalues)
    : n_(n),
      method_given_(method_used),
      method_used_(method_used),
      eigenvalues_(eigenvalues),
      bounds_(BoundsFromEigenvalues(eigenvalues)) {}

std::string LogDeterminant::Describe() const {
  const std::string method = method_given_ == LogDetMethod::kAuto
                                 ? fmt::format("auto -> {} ({})", ToString(method_used_), auto_reason_)
                                 : ToString(method_used_);
  return fmt::format("{}: {}; rho in ({:.8g}, {:.8g}) from lambda_min = {:.10g}, lambda_max = {:.10g} ({})",
                     method, Details(), bounds_.lower, bounds_.upper, eigenvalues_.lambda_min,
                     eigenvalues_.lambda_max, eigenvalues_.method);
}

void LogDeterminant::RequireInsideBounds(double rho) const {
  if (bounds_.Contains(rho)) return;
  throw NumericalError(fmt::format(
      "log|I - rho W| ({}): rho = {:.10g} is outside ({:.10g}, {:.10g}), the interval where I - rho W is "
      "nonsingular with positive determinant{}",
      ToString(method_used_), rho, bounds_.lower, bounds_.upper,
      method_used_ == LogDetMethod::kMonteCarlo ? " and the power series converges" : ""));
}

double LogDeterminant::NumericalDerivative(double rho) const {
  RequireInsideBounds(rho);
  // h scales with 1/spectral radius (the natural unit of rho) and stays a twentieth of the distance to the
  // nearer bound, where the derivatives of log(1 - rho lambda) grow.
  const double radius = std::max(std::fabs(eigenvalues_.lambda_min), std::fabs(eigenvalues_.lambda_max));
  const double unit = radius > 0.0 ? 1.0 / radius : 1.0;
  const double distance = std::min(rho - bounds_.lower, bounds_.upper - rho);
  const double h = std::min(1e-3 * unit, distance / 20.0);
  const double coarse = (Evaluate(rho + h) - Evaluate(rho - h)) / (2.0 * h);
  const double fine = (Evaluate(rho + 0.5 * h) - Evaluate(rho - 0.5 * h)) / h;
  return (4.0 * fine - coarse) / 3.0;  // Richardson: the h^2 terms cancel
}

LogDetMethod ChooseLogDetMethod(const SpatialWeights& w, bool similar_to_symmetric, std::string* reason) {
  std::string why;
  LogDetMethod method;
  if (w.n() <= kAutoEigenMaxN) {
    method = LogDetMethod::kEigen;
    why = fmt::format("n = {} <= {}", w.n(), kAutoEigenMaxN);
  } else if (similar_to_symmetric) {
    method = LogDetMethod::kCholesky;
    why = fmt::format("n = {} > {} and W is symmetric or similar to symmetric", w.n(), kAutoEigenMaxN);
  } else {
    method = LogDetMethod::kLu;
    why = fmt::format("n = {} > {} and W is not similar to symmetric", w.n(), kAutoEigenMaxN);
  }
  if (reason != nullptr) *reason = why;
  return method;
}

namespace {

void RequireInRange(const char* option, std::int64_t value, std::int64_t low, std::int64_t high) {
  if (value < low || value > high) {
    throw OptionError(fmt::format("{} {}: must be between {} and {}", option, value, low, high));
  }
}

void ValidateOptions(const LogDetOptions& options) {
  RequireInRange("--chebyshev-order", options.chebyshev_order, 2, 500);
  RequireInRange("--mc-order", options.monte_carlo_order, 2, 2000);
  RequireInRange("--mc-probes", options.monte_carlo_probes, 2, 100000);
  RequireInRange("--exact-trace-order", options.exact_trace_order, 0, 2000);
  if (options.exact_traces_max_n < 0) {
    throw OptionError(fmt::format("exact_traces_max_n {}: must be non-negative", options.exact_traces_max_n));
  }
}

// Preconditions of the chosen method, in the user's words.
void RequireMethodFits(LogDetMethod method, const SpatialWeights& w, bool similar_to_symmetric) {
  if (method == LogDetMethod::kCholesky && !similar_to_symmetric) {
    throw OptionError(fmt::format(
        "--logdet cholesky needs W symmetric or similar to symmetric (W = D^-1 A with A symmetric, e.g. "
        "row-standardised contiguity); the weights from {} are not (asymmetric, e.g. k nearest "
        "neighbours): use --logdet lu or auto",
        w.Source()));
  }
  if (method == LogDetMethod::kEigen && w.n() > kEigenMaxN) {
    throw OptionError(fmt::format(
        "--logdet eigen forms a dense n x n matrix (n = {}: {:.1f} GB) and is refused above n = {}; use "
        "--logdet cholesky, lu or auto",
        w.n(), 8.0 * static_cast<double>(w.n()) * static_cast<double>(w.n()) / 1e9, kEigenMaxN));
  }
}

}  // namespace

std::unique_ptr<LogDeterminant> CreateLogDeterminant(const SpatialWeights& w, const LogDetOptions& options) {
  if (w.n() == 0) throw WeightsError(w.Source() + ": the weights have no units");
  ValidateOptions(options);
  const std::optional<SymmetricForm> symmetric_form = FindSymmetricForm(w);
  const SymmetricForm* symmetric = symmetric_form ? &*symmetric_form : nullptr;
  std::string reason;
  const LogDetMethod method = options.method == LogDetMethod::kAuto
                                  ? ChooseLogDetMethod(w, symmetric != nullptr, &reason)
                                  : options.method;
  RequireMethodFits(method, w, symmetric != nullptr);

  std::unique_ptr<LogDeterminant> result;
  if (method == LogDetMethod::kEigen) {
    result = std::make_unique<EigenLogDeterminant>(w, symmetric);
  } else {
    const ExtremeEigenvalues eigenvalues = ComputeExtremeEigenvalues(w, symmetric);
    switch (method) {
      case LogDetMethod::kCholesky:
        result = std::make_unique<CholeskyLogDeterminant>(*symmetric, eigenvalues);
        break;
      case LogDetMethod::kLu:
        result = std::make_unique<LuLogDeterminant>(w, eigenvalues);
        break;
      case LogDetMethod::kChebyshev:
        result = std::make_unique<ChebyshevLogDeterminant>(w, symmetric, eigenvalues, options);
        break;
      case LogDetMethod::kMonteCarlo:
        result = std::make_unique<MonteCarloLogDeterminant>(w, symmetric, eigenvalues, options);
        break;
      case LogDetMethod::kAuto:
      case LogDetMethod::kEigen:
        HINTERLAND_CHECK(false, "auto and eigen are handled above");
    }
  }
  result->method_given_ = options.method;
  result->auto_reason_ = reason;
  return result;
}

}  // namespace hinterland::engine
