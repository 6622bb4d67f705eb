// Typed errors for user mistakes and numerical failures (ARCHITECTURE.md section 5).
// The library never prints or exits; the CLI's single top-level catch maps each type to an exit code:
// input errors exit 2, numerical failures exit 3. Only bugs abort (HINTERLAND_CHECK).
#pragma once

#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>

namespace hinterland::engine {

// Base of every error a user can cause. `ExitCode()` is what the CLI returns.
class HinterlandError : public std::runtime_error {
 public:
  explicit HinterlandError(const std::string& message) : std::runtime_error(message) {}
  virtual int ExitCode() const { return 2; }
};

// Bad data: the message names the file, the line as an editor shows it (header = line 1) and the column.
class DataError : public HinterlandError {
 public:
  using HinterlandError::HinterlandError;
};

// A formula that cannot be parsed or names an unknown or non-numeric variable.
class FormulaError : public HinterlandError {
 public:
  using HinterlandError::HinterlandError;
};

// Weights files, ids that do not match, islands without a policy.
class WeightsError : public HinterlandError {
 public:
  using HinterlandError::HinterlandError;
};

// An option with an invalid value or an invalid combination of options.
class OptionError : public HinterlandError {
 public:
  using HinterlandError::HinterlandError;
};

// A numerical failure the user's data caused: singular matrix, non-finite likelihood.
class NumericalError : public HinterlandError {
 public:
  using HinterlandError::HinterlandError;
  int ExitCode() const override { return 3; }
};

}  // namespace hinterland::engine

// HINTERLAND_CHECK(condition, message): an internal invariant; failing it is a bug, so it aborts
// with file:line in every build type (it is never reachable from user input).
#define HINTERLAND_CHECK(condition, message)                                                     \
  do {                                                                                           \
    if (!(condition)) {                                                                          \
      std::cerr << __FILE__ << ":" << __LINE__ << ": internal check failed: " #condition << ": " \
                << (message) << std::endl;                                                       \
      std::abort();                                                                              \
    }                                                                                            \
  } while (false)
