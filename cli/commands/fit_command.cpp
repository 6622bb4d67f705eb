// `hinterland fit`: flags -> FitRequest (PlanFit, every problem before any file is read) -> the files as a
// SpatialDesign -> estimators::Fit -> report. Everything about models is the library's; this file parses,
// reads, calls once and renders. A fit that is not usable (at a bound, not converged) is still written, with
// its status, and exits 3.
#include "cli/commands/fit_command.hpp"

#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <optional>

#include "cli/commands/command_support.hpp"
#include "cli/commands/fit_plan.hpp"
#include "cli/report/atomic_write.hpp"
#include "cli/report/csv_report.hpp"
#include "cli/report/report_format.hpp"
#include "engine/core/default_seed.hpp"
#include "engine/core/progress.hpp"
#include "engine/formula/formula.hpp"
#include "engine/formula/model_frame.hpp"
#include "engine/table/dta_reader.hpp"
#include "estimators/common/spatial_design.hpp"
#include "estimators/fit/fit.hpp"

namespace hinterland::cli {

namespace {

// From this many rows a fit takes long enough (tens of seconds) that a terminal shows its iteration log.
constexpr std::int64_t kLongFitRows = 1000000;
// A data file this large (about 10^6 rows of a few columns) takes seconds to read: a terminal shows the
// progress of reading it and of building the design.
constexpr std::uintmax_t kLargeDataBytes = 64U << 20U;

// The progress of reading and building: asked for (--verbose), or a large data file watched on a terminal;
// never into a file or a pipe unless asked.
engine::ProgressLog ReadingProgress(const FitCommandOptions& options) {
  std::error_code error;
  const std::uintmax_t bytes = std::filesystem::file_size(options.data, error);
  if (!options.verbose && (error || bytes < kLargeDataBytes || isatty(STDERR_FILENO) == 0)) return nullptr;
  return StandardErrorLog();
}

// The files the fit reads, as the design the library fits: the data's model frame and, when given, W (and
// SAC's W2) as read, aligned by the library.
estimators::SpatialDesign ReadDesign(const FitCommandOptions& options,
                                     const estimators::FitRequest& request) {
  const engine::ProgressLog progress = ReadingProgress(options);
  engine::CsvOptions csv_options;
  csv_options.progress = progress;
  const engine::DataTable table = engine::ReadTable(options.data, csv_options);
  const engine::Formula formula = engine::ParseFormula(options.formula);
  engine::ModelFrameOptions frame_options;
  frame_options.id_column = options.id;
  frame_options.time_column = options.time;
  frame_options.missing = request.missing;
  engine::ModelFrame frame;
  engine::ReportStep(progress, "building the model frame",
                     [&] { frame = engine::BuildModelFrame(table, formula, frame_options); });
  if (options.weights.empty()) return estimators::SpatialDesign(std::move(frame));
  engine::SpatialWeights weights;
  engine::ReportStep(progress, "reading the weights " + options.weights,
                     [&] { weights = ReadWeightsFile(options.weights, options.weights_id_field); });
  std::optional<estimators::SpatialDesign> design;
  engine::ReportStep(progress, "aligning the data and W by id", [&] {
    if (!options.time.empty()) {
      design.emplace(estimators::BuildPanelDesign(std::move(frame), weights, request.DesignOptions()));
      return;
    }
    std::optional<engine::SpatialWeights> weights2;
    if (!options.weights2.empty()) weights2 = ReadWeightsFile(options.weights2, options.weights_id_field);
    design.emplace(estimators::BuildSpatialDesign(std::move(frame), weights, weights2 ? &*weights2 : nullptr,
                                                  request.DesignOptions()));
  });
  return std::move(*design);
}

void AddModelOptions(CLI::App* fit, FitCommandOptions& options) {
  fit->add_option("--model", options.model, "Model to fit: ols, slx, sar, sem, sdm, sdem or sac")
      ->capture_default_str();
  fit->add_option(
      "--vcov", options.vcov,
      "Coefficient covariance: classical (default), HC0, HC1, HC2 or HC3 for ols and slx; "
      "analytic (default), hessian or sandwich for the ML models; cluster (by unit) for panel ML fits: "
      "pooled, with --effects, or with --random on a balanced panel");
  fit->add_option("--logdet", options.logdet,
                  "ML models: log|I - rho W| by auto (default), eigen, cholesky, lu, chebyshev, mc, lanczos "
                  "or interpolated");
  fit->add_option("--lanczos-steps", options.request.lanczos_steps,
                  "With --logdet lanczos: Lanczos steps per probe (default 30; 2 to 1000)");
  fit->add_option("--lanczos-probes", options.request.lanczos_probes,
                  "With --logdet lanczos: Rademacher probes (default 64; 2 to 100000)");
  fit->add_option("--interpolation-nodes", options.request.interpolation_nodes,
                  "With --logdet interpolated: exact log-determinants it interpolates, one factorisation "
                  "each (default 64; 8 to 1000)");
  fit->add_option("--chebyshev-order", options.request.chebyshev_order,
                  "With --logdet chebyshev: degree of the Chebyshev interpolant (default 30; 2 to 500)");
  fit->add_option("--mc-order", options.request.mc_order,
                  "With --logdet mc: terms of the power series (default 100; 2 to 2000)");
  fit->add_option("--mc-probes", options.request.mc_probes,
                  "With --logdet chebyshev or mc: Rademacher probes of the stochastic traces (default 64; 2 "
                  "to 100000; every trace is exact up to n = 1000)");
  fit->add_option("--exact-trace-order", options.request.exact_trace_order,
                  "With --logdet chebyshev, mc or lanczos: traces exact up to this order, stochastic above "
                  "(default 8; 0 to 2000; chebyshev and mc lower it, and say so, where its cost would exceed "
                  "about half the probes')");
  fit->add_option("--durbin", options.durbin,
                  "sdm, sdem, slx: regressors whose spatial lags W X enter, e.g. INC,HOVAL (default: all)");
  fit->add_option("--weights2", options.weights2, "sac: weights of the error process (default: --weights)");
  fit->add_option("--tolerance", options.request.tolerance,
                  "ML models: absolute tolerance of the search for rho / lambda (default 1e-10)");
  fit->add_option("--rho-interval", options.rho_interval,
                  "ML models: search rho / lambda only in (lower,upper), e.g. -0.9,0.99 (spatialreg's "
                  "interval); checked against 1/lambda_min and 1/lambda_max (default: that whole interval)");
  fit->add_option("--max-iterations", options.request.max_iterations,
                  "ML models: iterations of the search for rho / lambda (default 500)");
  fit->add_flag("--impacts", options.request.impacts,
                "Direct, indirect and total impacts (sar, sdm, sac: simulated SEs; slx, sdem: analytic)");
  fit->add_option("--draws", options.request.draws,
                  "With --impacts (sar, sdm, sac): simulated draws for the standard errors (default 1000; 0: "
                  "point estimates only)");
  fit->add_option(
      "--impacts-method", options.impacts_method,
      "With --impacts: auto (default), exact (eigenvalues of W), traces (power series) or analytic");
}

}  // namespace

CLI::App* AddFitCommand(CLI::App& app, FitCommandOptions& options) {
  CLI::App* fit = app.add_subcommand(
      "fit", "Fit a regression model (OLS, SLX, or ML SAR/SEM/SDM/SDEM/SAC) and report it");
  AddModelOptions(fit, options);
  fit->add_option("--data", options.data, "Data file: CSV (comma, tab or semicolon) or Stata .dta")
      ->required();
  fit->add_option("--formula", options.formula,
                  "R-style formula, e.g. \"CRIME ~ INC + log(HOVAL)\" (log, log1p, exp, sqrt, abs, I(), a:b, "
                  "a*b, factor(v), - 1)")
      ->required();
  fit->add_option("--id", options.id,
                  "Data column with the unit ids; rows are matched to W by id, never by order")
      ->required();
  fit->add_option("--time", options.time,
                  "Data column with the periods: the data is a panel in long form (one row per unit and "
                  "period, in any order; W is over the units); ols and slx (pooled or within, with the panel "
                  "LM tests), sar, sem, sdm, sdem and sac; an unbalanced panel (missing unit-periods) fits "
                  "every one of them, pooled or with fixed effects, with each period's own re-standardised "
                  "W_t");
  fit->add_option("--effects", options.effects,
                  "Panel fixed effects, removed by the within transformation: none (pooled, default), "
                  "individual, time or twoways");
  fit->add_flag(
      "--lee-yu", options.request.lee_yu,
      "Panels with fixed effects: Lee & Yu's (2010) bias correction (their transformation approach: sigma2 "
      "and, under time effects, the Jacobian); off by default, as splm and xsmle");
  fit->add_flag(
      "--random", options.request.random,
      "Panels, sar and sem: random unit effects by ML (Elhorst 2003; sem with the Kapoor, Kelejian & "
      "Prucha error, or with --random-error bsk Baltagi, Song & Koh's), instead of --effects; on an "
      "unbalanced panel (kkp) each unit's theta from its own number of periods");
  fit->add_option(
      "--random-error", options.random_error,
      "With --random, sem: the error process, kkp (default; Kapoor, Kelejian & Prucha 2007: the unit "
      "effects are spatially correlated too) or bsk (Baltagi, Song & Koh 2003, splm's spatial.error = "
      "\"b\": only the remainder is; dense N x N algebra, up to 2000 units)");
  fit->add_flag(
      "--mundlak", options.request.mundlak,
      "Panels, sar and sem: correlated random effects (Mundlak 1978), the unit means of the time-varying "
      "regressors added to the random-effects model, so time-invariant regressors are estimated");
  fit->add_option("--weights", options.weights,
                  "Spatial weights: .gal, .gwt, .mtx, edge list (.csv/.tsv/.txt) or polygons "
                  "(.geojson/.json/.shp, queen). Required except for ols, which without it has no spatial "
                  "diagnostics");
  fit->add_option("--weights-id-field", options.weights_id_field,
                  "Id attribute of a polygon weights file (required for polygons)");
  fit->add_option("--style", options.style,
                  "Weights style: W row-standardised (default), B binary, C global, S variance-stabilising");
  fit->add_option(
      "--islands", options.islands,
      "Units without neighbours: error (default), drop (remove from data and W), keep (zero rows)");
  fit->add_option(
         "--missing", options.missing,
         "Missing values in the model's variables: error (default, naming the ids) or drop (reported)")
      ->capture_default_str();
  fit->add_option(
      "--fixed-effects", options.fixed_effects_output,
      "Panels with --effects (sar, sem, sdm, sdem, sac): write the recovered fixed effects with their SEs to "
      "this CSV (kind, id, estimate, std_error, z, p_value), as splm's effects(); also in the JSON");
  fit->add_flag("--verbose", options.verbose,
                "Print the progress of reading and aligning the inputs and the iteration log of the "
                "likelihood search on standard error (\"Iteration 3: log likelihood = ...\"); never in the "
                "output. Without it the progress is shown for data files of 64 MB or more, and the log for "
                "fits of 10^6 rows or more, when standard error is a terminal");
  fit->add_option("--format", options.format, "Output format: text, json, latex, markdown or csv")
      ->capture_default_str();
  fit->add_option("--output", options.output,
                  "Write the report to this file (atomically; never over an input) instead of stdout");
  fit->add_option("--seed", options.request.seed,
                  "Random seed of the impact draws and stochastic log-determinants, recorded in the result "
                  "(default " +
                      std::to_string(engine::kDefaultSeed) + ")");
  fit->add_option("--threads", options.request.threads,
                  "Threads of OpenBLAS and of the sparse kernels during the fit, restored after it (0 = the "
                  "defaults: OpenBLAS's, and OMP_NUM_THREADS or the number of cores)")
      ->capture_default_str();
  return fit;
}

int RunFitCommand(const FitCommandOptions& options) {
  FitPlan plan = PlanFit(options);  // every option problem, before any file is read
  std::vector<std::string> inputs = {options.data, options.weights};
  if (!options.weights2.empty()) inputs.push_back(options.weights2);
  if (!options.output.empty()) RequireOutputIsNotAnInput(options.output, inputs);
  if (!options.fixed_effects_output.empty()) RequireOutputIsNotAnInput(options.fixed_effects_output, inputs);

  const estimators::SpatialDesign design = ReadDesign(options, plan.request);
  // The iteration log: asked for, or a long fit (10^6 rows and more) watched on a terminal; never into a file
  // or a pipe unless asked.
  if (options.verbose || (design.Rows() >= kLongFitRows && isatty(STDERR_FILENO) != 0)) {
    plan.request.iteration_log = StandardErrorLog();
  }
  const estimators::FitResult result =
      estimators::WithOptionNames(estimators::Fit(plan.request, design), FlagOf);
  WriteOutput(RenderFitResult(result, plan.format), options.output, inputs);
  if (!options.fixed_effects_output.empty()) {
    WriteFileAtomically(options.fixed_effects_output, RenderFixedEffectsCsv(result), inputs);
  }
  // The text report already lists the warnings; other formats and files get them on stderr too.
  if (plan.format != ReportFormat::kText || !options.output.empty()) PrintWarnings(result.warnings);
  if (!result.IsUsable()) {
    std::cerr << "hinterland: the fit is not usable: " << estimators::ToString(result.status) << ": "
              << result.status_message << "\n";
    return 3;
  }
  return 0;
}

}  // namespace hinterland::cli
