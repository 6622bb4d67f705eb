// `hinterland fit`: reads the data and (optionally) the weights, hands them with the options to the library's
// Fit (estimators/fit/fit.hpp), which aligns, fits, diagnoses and computes impacts, then renders the result
// and writes it. Thin by design: every decision lives in engine/ and estimators/; the flags are parsed into
// the library's FitRequest in fit_plan.hpp.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "estimators/fit/fit_request.hpp"

namespace hinterland::cli {

// The option words as given, and the library request that the numeric options and flags are bound to
// directly (their std::optional fields mark "not given", so that an option that does not apply to the model
// is refused, never ignored). Empty strings mark words not given.
struct FitCommandOptions {
  std::string model = "ols";
  std::string data;
  std::string formula;
  std::string weights;   // empty: no spatial weights, no spatial diagnostics (ols only)
  std::string weights2;  // sac only: W of the error process (default: --weights)
  std::string id;
  std::string time;              // empty: a cross-section; else the period column of a panel
  std::string effects;           // panels only; empty: none (pooled)
  std::string random_error;      // with --random, sem only; empty: kkp
  std::string weights_id_field;  // polygon weights files only
  std::string style;             // empty: W (row-standardised); only meaningful with --weights
  std::string islands;           // empty: error; only meaningful with --weights
  std::string missing = "error";
  std::string vcov;            // empty: classical (ols, slx) or analytic (ML models)
  std::string logdet;          // empty: auto (ML models only)
  std::string durbin;          // empty: every eligible regressor (sdm, sdem, slx)
  std::string rho_interval;    // "lower,upper"; empty: from the eigenvalues (ML models only)
  std::string impacts_method;  // with --impacts only; empty: auto
  std::string format = "text";
  std::string output;                // empty: stdout
  bool verbose = false;              // the iteration log on standard error
  std::string fixed_effects_output;  // --fixed-effects: the CSV of the recovered fixed effects
  // --lanczos-steps ... --exact-trace-order, --tolerance, --max-iterations, --impacts, --draws, --seed and
  // --threads, bound to the library's fields of the same names (fit_plan.cpp fills in the words).
  estimators::FitRequest request;
};

// Registers the `fit` subcommand on `app`, binding its options to `options`.
CLI::App* AddFitCommand(CLI::App& app, FitCommandOptions& options);

// Runs the fit; returns the exit code: 0, or 3 when the fit is not usable (the result is still written).
int RunFitCommand(const FitCommandOptions& options);

}  // namespace hinterland::cli
