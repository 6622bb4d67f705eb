// LogDetMethod words, option validation, the auto choice and the factory; the shared bounds check and
// numerical derivative of the LogDeterminant base.
#include "engine/logdet/log_determinant.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <utility>

#include "engine/core/enum_words.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/linalg/symmetric_form.hpp"
#include "engine/logdet/chebyshev_log_determinant.hpp"
#include "engine/logdet/cholesky_log_determinant.hpp"
#include "engine/logdet/eigen_log_determinant.hpp"
#include "engine/logdet/interpolated_log_determinant.hpp"
#include "engine/logdet/lanczos_log_determinant.hpp"
#include "engine/logdet/lu_log_determinant.hpp"
#include "engine/logdet/monte_carlo_log_determinant.hpp"

namespace hinterland::engine {

namespace {

constexpr EnumWords<LogDetMethod, 8> kMethodWords = {{
    {LogDetMethod::kAuto, "auto"},
    {LogDetMethod::kEigen, "eigen"},
    {LogDetMethod::kCholesky, "cholesky"},
    {LogDetMethod::kLu, "lu"},
    {LogDetMethod::kChebyshev, "chebyshev"},
    {LogDetMethod::kMonteCarlo, "mc"},
    {LogDetMethod::kLanczos, "lanczos"},
    {LogDetMethod::kInterpolated, "interpolated"},
}};

// auto uses eigen up to this n: the dense decomposition takes well under a second there and is exact.
constexpr std::int64_t kAutoEigenMaxN = 1000;
// auto's exact back-ends above eigen, and its settings for the approximate ones beyond (see the header).
constexpr std::int64_t kAutoCholeskyMaxN = 250000;
constexpr std::int64_t kAutoLuMaxN = 100000;
constexpr double kAutoProbeBudget = 6.4e6;  // n * probes
constexpr int kAutoMinProbes = 16;
constexpr int kAutoGeneralExactTraceOrder = 2;

}  // namespace

std::string ToString(LogDetMethod method) { return WordOf(kMethodWords, method); }

LogDetMethod ParseLogDetMethod(const std::string& text) { return ParseWord(kMethodWords, text, "logdet"); }

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
  if (!bounds_note_.empty()) {
    return fmt::format("{}: {}; rho in ({:.8g}, {:.8g}) {}; lambda_min = {:.10g}, lambda_max = {:.10g} ({})",
                       method, Details(), bounds_.lower, bounds_.upper, bounds_note_, eigenvalues_.lambda_min,
                       eigenvalues_.lambda_max, eigenvalues_.method);
  }
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

AutoLogDetChoice ChooseLogDetMethod(const SpatialWeights& w,
                                    bool similar_to_symmetric,
                                    const LogDetOptions& options,
                                    const WeightsRowSums* row_sums) {
  AutoLogDetChoice choice;
  choice.options = options;
  const std::int64_t n = w.n();
  if (n <= kAutoEigenMaxN) {
    choice.method = LogDetMethod::kEigen;
    choice.reason = fmt::format("n = {} <= {}: exact and fast", n, kAutoEigenMaxN);
    return choice;
  }
  // Several W factorised at each rho (an unbalanced panel's W_t) weigh as their units together.
  const std::int64_t workload = std::max(n, options.auto_workload);
  const std::string size = workload > n ? fmt::format("n = {} ({} units over every W_t summed)", n, workload)
                                        : fmt::format("n = {}", n);
  if (similar_to_symmetric && workload <= kAutoCholeskyMaxN) {
    choice.method = LogDetMethod::kCholesky;
    choice.reason =
        fmt::format("{} <= {} and W is symmetric or similar to symmetric: exact", size, kAutoCholeskyMaxN);
    return choice;
  }
  if (!similar_to_symmetric && workload <= kAutoLuMaxN) {
    choice.method = LogDetMethod::kLu;
    choice.reason = fmt::format("{} <= {} and W is not similar to symmetric: exact", size, kAutoLuMaxN);
    return choice;
  }
  // Approximate: the exact factorisations would dominate the fit (one per rho of the search).
  choice.method = similar_to_symmetric ? LogDetMethod::kChebyshev : LogDetMethod::kMonteCarlo;
  const int probes = static_cast<int>(std::ceil(kAutoProbeBudget / static_cast<double>(n)));
  choice.options.mc_probes = std::min(options.mc_probes, std::max(probes, kAutoMinProbes));
  if (!similar_to_symmetric) {
    choice.options.exact_trace_order = std::min(options.exact_trace_order, kAutoGeneralExactTraceOrder);
  }
  const std::optional<double> common = row_sums != nullptr ? row_sums->common : ComputeRowSums(w).common;
  const double row_sum = common.value_or(0.0);
  choice.bound_smallest_by_row_sum = common && row_sum > 0.0;
  choice.reason = fmt::format(
      "{} > {}, above the exact back-ends' range for W {}: approximate with {} probes{}{}", size,
      similar_to_symmetric ? kAutoCholeskyMaxN : kAutoLuMaxN,
      similar_to_symmetric ? "similar to symmetric (real spectrum)" : "not similar to symmetric",
      choice.options.mc_probes,
      similar_to_symmetric ? "" : fmt::format(", traces exact to order {}", choice.options.exact_trace_order),
      choice.bound_smallest_by_row_sum
          ? fmt::format(", rho interval from the row sums (|lambda| <= {:g}), lambda_min not computed",
                        row_sum)
          : "");
  return choice;
}

namespace {

void RequireInRange(const char* key,
                    std::int64_t value,
                    std::int64_t low,
                    std::int64_t high,
                    std::vector<OptionProblem>& problems) {
  if (value < low || value > high) {
    problems.push_back(
        {key, std::to_string(value), fmt::format("{}: must be between {} and {}", value, low, high)});
  }
}

void ValidateOptions(const LogDetOptions& options) {
  std::vector<OptionProblem> problems = LogDetOptionProblems(options);
  if (!problems.empty()) throw OptionError(std::move(problems));
}

}  // namespace

std::vector<OptionProblem> LogDetOptionProblems(const LogDetOptions& options) {
  std::vector<OptionProblem> problems;
  RequireInRange("chebyshev_order", options.chebyshev_order, 2, 500, problems);
  RequireInRange("mc_order", options.mc_order, 2, 2000, problems);
  RequireInRange("mc_probes", options.mc_probes, 2, 100000, problems);
  RequireInRange("exact_trace_order", options.exact_trace_order, 0, 2000, problems);
  RequireInRange("lanczos_steps", options.lanczos_steps, 2, 1000, problems);
  RequireInRange("lanczos_probes", options.lanczos_probes, 2, 100000, problems);
  RequireInRange("lanczos_block_size", options.lanczos_block_size, 1, 1024, problems);
  RequireInRange("interpolation_nodes", options.interpolation_nodes, 8, 1000, problems);
  if (options.exact_traces_max_n < 0) {
    problems.push_back({"exact_traces_max_n", std::to_string(options.exact_traces_max_n),
                        fmt::format("{}: must be non-negative", options.exact_traces_max_n)});
  }
  return problems;
}

namespace {

// Preconditions of the chosen method, in the user's words.
void RequireMethodFits(LogDetMethod method, const SpatialWeights& w, bool similar_to_symmetric) {
  if (method == LogDetMethod::kCholesky && !similar_to_symmetric) {
    throw OptionError(
        {{"logdet", "cholesky",
          fmt::format("cholesky needs W symmetric or similar to symmetric (W = D^-1 A with A "
                      "symmetric, e.g. row-standardised contiguity); the weights from {} are not "
                      "(asymmetric, e.g. k nearest neighbours): use `logdet` lu or auto",
                      w.Source())}});
  }
  // Checked here as well as in the back-end so that an asymmetric W fails before the extreme eigenvalues
  // (Arnoldi on a large general W takes seconds to minutes) are computed.
  if (method == LogDetMethod::kLanczos && !similar_to_symmetric) {
    throw OptionError(
        {{"logdet", "lanczos",
          fmt::format("lanczos needs W symmetric or similar to symmetric (stochastic Lanczos "
                      "quadrature runs on the symmetric form); the weights from {} are not: use "
                      "`logdet` mc, lu or auto",
                      w.Source())}});
  }
  if (method == LogDetMethod::kEigen && w.n() > kEigenMaxN) {
    throw OptionError(
        {{"logdet", "eigen",
          fmt::format("eigen forms a dense n x n matrix (n = {}: {:.1f} GB) and is refused above "
                      "n = {}; use `logdet` cholesky, lu or auto",
                      w.n(), 8.0 * static_cast<double>(w.n()) * static_cast<double>(w.n()) / 1e9,
                      kEigenMaxN)}});
  }
}

// When the extreme eigenvalues may be replaced by the row-sum bound (ExtremeEigenvalueOptions::
// bound_smallest_by_row_sum): auto's approximate range; mc, whose series converges only for |rho| < 1/r so
// that lambda_min cannot widen its interval; and a rho_interval inside (-1/r, 1/r), which the bound alone
// shows safe.
ExtremeEigenvalueOptions SpectrumOptions(const WeightsRowSums& row_sums,
                                         LogDetMethod method,
                                         const LogDetOptions& options,
                                         bool auto_bound) {
  ExtremeEigenvalueOptions spectrum;
  const double row_sum = row_sums.common.value_or(0.0);
  if (!row_sums.common || !(row_sum > 0.0)) return spectrum;
  const bool interval_inside_bound = options.rho_interval && options.rho_interval->lower >= -1.0 / row_sum &&
                                     options.rho_interval->upper <= 1.0 / row_sum;
  if (options.rho_interval && !interval_inside_bound) return spectrum;  // the eigenvalues must check it
  spectrum.bound_smallest_by_row_sum =
      auto_bound || method == LogDetMethod::kMonteCarlo || interval_inside_bound;
  return spectrum;
}

// rho_interval: refused unless finite, ordered and inside the back-end's interval; then it replaces it.
void CheckRhoInterval(const RhoBounds& interval) {
  if (!std::isfinite(interval.lower) || !std::isfinite(interval.upper) ||
      !(interval.lower < interval.upper)) {
    const std::string value = fmt::format("{:g},{:g}", interval.lower, interval.upper);
    throw OptionError({{"rho_interval", value, value + ": needs finite lower < upper"}});
  }
}

}  // namespace

void ApplyRhoInterval(const RhoBounds& interval, LogDeterminant& result) {
  CheckRhoInterval(interval);
  const RhoBounds allowed = result.bounds_;
  if (interval.lower < allowed.lower || interval.upper > allowed.upper) {
    const std::string value = fmt::format("{:.8g},{:.8g}", interval.lower, interval.upper);
    throw OptionError({{"rho_interval", value,
                        fmt::format("{} is not inside ({:.8g}, {:.8g}), where log|I - rho W| is defined for "
                                    "`logdet` {} (from lambda_min = {:.10g}, lambda_max = {:.10g}: {})",
                                    value, allowed.lower, allowed.upper, ToString(result.method_used_),
                                    result.eigenvalues_.lambda_min, result.eigenvalues_.lambda_max,
                                    result.eigenvalues_.method)}});
  }
  result.bounds_ = interval;
  result.bounds_note_ =
      fmt::format("given by `rho_interval`, inside ({:.8g}, {:.8g}){}", allowed.lower, allowed.upper,
                  result.eigenvalues_.smallest_is_bound ? " from the row sums alone" : "");
}

namespace {

struct Created {
  std::unique_ptr<LogDeterminant> back_end;
  std::string auto_reason;
  LogDetOptions options;  // with auto's settings applied
};

// The choice, the checks and the set-up of the back-end. With `cache`, W's symmetric form, spectrum and
// default extreme eigenvalues come from it (once per W for the whole fit); without, they are computed here.
Created SetUp(const SpatialWeights& w, const WeightsOperator* cache, const LogDetOptions& given) {
  if (w.n() == 0) throw WeightsError(w.Source() + ": the weights have no units");
  ValidateOptions(given);
  std::optional<SymmetricForm> own_symmetric_form;
  const SymmetricForm* symmetric = nullptr;
  if (cache != nullptr) {
    symmetric = cache->Symmetric();
  } else {
    own_symmetric_form = FindSymmetricForm(w);
    symmetric = own_symmetric_form ? &*own_symmetric_form : nullptr;
  }
  std::optional<WeightsRowSums> own_row_sums;
  if (cache == nullptr) own_row_sums = ComputeRowSums(w);
  const WeightsRowSums& row_sums = cache != nullptr ? cache->RowSums() : *own_row_sums;
  AutoLogDetChoice choice;
  if (given.method == LogDetMethod::kAuto) {
    choice = ChooseLogDetMethod(w, symmetric != nullptr, given, &row_sums);
  } else {
    choice.method = given.method;
    choice.options = given;
  }
  const LogDetMethod method = choice.method;
  const LogDetOptions& options = choice.options;
  RequireMethodFits(method, w, symmetric != nullptr);

  Created created;
  created.auto_reason = choice.reason;
  created.options = options;
  if (method == LogDetMethod::kEigen) {  // eigen computes every eigenvalue anyway
    created.back_end = cache != nullptr ? std::make_unique<EigenLogDeterminant>(w.n(), cache->Spectrum(),
                                                                                symmetric != nullptr)
                                        : std::make_unique<EigenLogDeterminant>(w, symmetric);
    return created;
  }
  const ExtremeEigenvalueOptions spectrum =
      SpectrumOptions(row_sums, method, options, choice.bound_smallest_by_row_sum);
  const ExtremeEigenvalues eigenvalues = cache != nullptr && !spectrum.bound_smallest_by_row_sum
                                             ? cache->Eigenvalues()
                                             : ComputeExtremeEigenvalues(w, symmetric, spectrum, &row_sums);
  std::unique_ptr<LogDeterminant>& result = created.back_end;
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
    case LogDetMethod::kLanczos:
      result = std::make_unique<LanczosLogDeterminant>(w, symmetric, eigenvalues, options);
      break;
    case LogDetMethod::kInterpolated:
      result = std::make_unique<InterpolatedLogDeterminant>(w, symmetric, eigenvalues, options);
      break;
    case LogDetMethod::kAuto:
    case LogDetMethod::kEigen:
      HINTERLAND_CHECK(false, "auto and eigen are handled above");
  }
  return created;
}

}  // namespace

// The one place that sets a back-end's given/used record (private to LogDeterminant) after SetUp.
struct LogDeterminantFactory {
  static std::unique_ptr<LogDeterminant> Create(const SpatialWeights& w,
                                                const WeightsOperator* cache,
                                                const LogDetOptions& given) {
    Created created = SetUp(w, cache, given);
    created.back_end->method_given_ = given.method;
    created.back_end->auto_reason_ = created.auto_reason;
    if (created.options.rho_interval) ApplyRhoInterval(*created.options.rho_interval, *created.back_end);
    return std::move(created.back_end);
  }
};

std::unique_ptr<LogDeterminant> CreateLogDeterminant(const SpatialWeights& w, const LogDetOptions& given) {
  return LogDeterminantFactory::Create(w, nullptr, given);
}

std::unique_ptr<LogDeterminant> CreateLogDeterminant(const WeightsOperator& w, const LogDetOptions& given) {
  return LogDeterminantFactory::Create(w.Weights(), &w, given);
}

}  // namespace hinterland::engine
