// Progress of long steps (reading a large file, simulating a large design, building weights) as lines for a
// person watching, in the spirit of Stata's iteration log: a callback that the front end sets (the CLI writes
// to standard error when asked, or on a terminal when the work is large) and that is empty when nobody
// watches, so the library never prints and never slows down for it. Never part of a result.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace hinterland::engine {

using ProgressLog = std::function<void(const std::string&)>;

// Counts units of work ("rows read") and reports every `every` of them with the count and the seconds since
// it started, then once more at Finish(). Does nothing with an empty log.
class ProgressCounter {
 public:
  ProgressCounter(ProgressLog log, std::string what, std::int64_t every);

  // Adds one unit; cheap (a comparison) between reports.
  void Add() {
    if (++count_ == next_report_) Report();
  }
  // The final line: "<what>: <count> in <seconds> s".
  void Finish();
  std::int64_t Count() const { return count_; }

 private:
  void Report();
  double Seconds() const;

  ProgressLog log_;
  std::string what_;
  std::int64_t every_;
  std::int64_t count_ = 0;
  std::int64_t next_report_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// Runs `step`, reporting "<what> ..." before and "<what>: done in <seconds> s" after when `log` is set.
void ReportStep(const ProgressLog& log, const std::string& what, const std::function<void()>& step);

// 12345678 -> "12,345,678".
std::string GroupedNumber(std::int64_t value);

}  // namespace hinterland::engine
