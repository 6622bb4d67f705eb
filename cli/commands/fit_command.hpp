// `hinterland fit`: reads the data and (optionally) the weights, hands them with the options to the library's
// Fit (estimators/fit/fit.hpp), which aligns, fits, diagnoses and computes impacts, then renders the result
// and writes it. Thin by design: every decision lives in engine/ and estimators/; the flags are parsed into
// the library's FitRequest in fit_plan.hpp.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace hinterland::cli {

// The option words as given; std::optional and empty strings mark "not given", so that an option that
// does not apply to the model can be refused instead of ignored.
struct FitCommandOptions {
  std::string model = "ols";
  std::string data;
  std::string formula;
  std::string weights;   // empty: no spatial weights, no spatial diagnostics (ols only)
  std::string weights2;  // sac only: W of the error process (default: --weights)
  std::string id;
  std::string weights_id_field;  // polygon weights files only
  std::string style;             // empty: W (row-standardised); only meaningful with --weights
  std::string islands;           // empty: error; only meaningful with --weights
  std::string missing = "error";
  std::string vcov;    // empty: classical (ols, slx) or analytic (ML models)
  std::string logdet;  // empty: auto (ML models only)
  // Back-end settings, each refused unless --logdet names a back-end it acts on (fit_plan.cpp).
  std::optional<int> lanczos_steps;        // lanczos
  std::optional<int> lanczos_probes;       // lanczos
  std::optional<int> interpolation_nodes;  // interpolated
  std::optional<int> chebyshev_order;      // chebyshev
  std::optional<int> mc_order;             // mc
  std::optional<int> mc_probes;            // chebyshev, mc
  std::optional<int> exact_trace_order;    // chebyshev, mc, lanczos
  std::string durbin;                      // empty: every eligible regressor (sdm, sdem, slx)
  std::optional<double> tolerance;         // ML models only
  std::optional<int> max_iterations;       // ML models only
  std::string rho_interval;                // "lower,upper"; empty: from the eigenvalues (ML models only)
  bool impacts = false;
  std::optional<int> draws;    // with --impacts only
  std::string impacts_method;  // with --impacts only; empty: auto
  std::string format = "text";
  std::string output;  // empty: stdout
  std::optional<std::uint64_t> seed;
  int threads = 0;  // 0: the defaults of OpenBLAS and of the sparse kernels (OpenMP); set for the fit only
};

// Registers the `fit` subcommand on `app`, binding its options to `options`.
CLI::App* AddFitCommand(CLI::App& app, FitCommandOptions& options);

// Runs the fit; returns the exit code: 0, or 3 when the fit is not usable (the result is still written).
int RunFitCommand(const FitCommandOptions& options);

}  // namespace hinterland::cli
