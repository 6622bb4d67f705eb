// Typed errors for user mistakes and numerical failures (ARCHITECTURE.md section 5).
// The library never prints or exits; the CLI's single top-level catch maps each type to an exit code:
// input errors exit 2, numerical failures exit 3. Only bugs abort (HINTERLAND_CHECK).
#pragma once

#include <cstdlib>
#include <functional>
#include <iostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

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

// One problem with one option, in the library's vocabulary (as Ceres's Solver::Options::IsValid names
// fields, never flags): `key` is the option's library name ("logdet", "draws", "chebyshev_order"), `value`
// the value as given ("" when the problem is that it was given at all), and `constraint` the rest of the
// message, phrased to read after the option's name ("has no effect with `model` ols: ...", "-5: must be
// >= 0"). Other options named inside `constraint` are written `key`, so that each front end can name every
// option in its own words (a CLI flag, a Python keyword) through RenderOptionProblems.
struct OptionProblem {
  std::string key;
  std::string value;
  std::string constraint;
};

// `text` with each `key` that name_of names (a non-empty name) replaced by that name, e.g. "`islands` drop"
// -> "--islands drop" for the CLI; other backquoted text (a formula's `odd name`) is left as it is, and so is
// all of it without name_of. Library messages and warnings write options this way, so that every front end
// names them in its own words.
std::string NameOptions(const std::string& text,
                        const std::function<std::string(const std::string&)>& name_of);

// "`key` <constraint>" per problem, one per line, through NameOptions: without name_of the keys stay
// backquoted ("`logdet` has no effect with `model` ols: ...").
std::string RenderOptionProblems(const std::vector<OptionProblem>& problems,
                                 const std::function<std::string(const std::string&)>& name_of = {});

// An option with an invalid value or an invalid combination of options. Built from problems, it carries
// them (Problems()) so that a front end can reword them; what() renders them with the library's keys.
class OptionError : public HinterlandError {
 public:
  explicit OptionError(const std::string& message) : HinterlandError(message) {}
  explicit OptionError(std::vector<OptionProblem> problems)
      : HinterlandError(RenderOptionProblems(problems)), problems_(std::move(problems)) {}
  // Empty for an error built from a message alone.
  const std::vector<OptionProblem>& Problems() const { return problems_; }

 private:
  std::vector<OptionProblem> problems_;
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
