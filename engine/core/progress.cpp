// Progress lines for long steps (see progress.hpp).
#include "engine/core/progress.hpp"

#include <fmt/format.h>

#include <limits>
#include <utility>

namespace hinterland::engine {

ProgressCounter::ProgressCounter(ProgressLog log, std::string what, std::int64_t every)
    : log_(std::move(log)),
      what_(std::move(what)),
      every_(every > 0 ? every : 1),
      next_report_(log_ ? every_ : std::numeric_limits<std::int64_t>::max()) {}

void ProgressCounter::Report() {
  next_report_ += every_;
  log_(fmt::format("{}: {} so far ({:.1f} s)", what_, GroupedNumber(count_), Seconds()));
}

void ProgressCounter::Finish() {
  if (log_) log_(fmt::format("{}: {} in {:.1f} s", what_, GroupedNumber(count_), Seconds()));
}

double ProgressCounter::Seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void ReportStep(const ProgressLog& log, const std::string& what, const std::function<void()>& step) {
  if (!log) {
    step();
    return;
  }
  const auto start = std::chrono::steady_clock::now();
  log(what + " ...");
  step();
  log(fmt::format("{}: done in {:.1f} s", what,
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()));
}

std::string GroupedNumber(std::int64_t value) {
  const std::string digits = std::to_string(value < 0 ? -value : value);
  std::string grouped = value < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return grouped;
}

}  // namespace hinterland::engine
