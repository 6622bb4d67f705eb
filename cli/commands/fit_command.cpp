// `hinterland fit`: options -> plan -> data -> model frame -> (weights -> ModelData) -> fit -> diagnostics
// -> impacts -> report. Options are all validated (PlanFit) before any file is read, so a typo fails at once.
// A fit that is not usable (at a bound, not converged) is still written, with its status, and exits 3.
#include "cli/commands/fit_command.hpp"

#include <fmt/format.h>

#include <iostream>
#include <optional>

#include "cli/commands/command_support.hpp"
#include "cli/commands/fit_plan.hpp"
#include "cli/report/atomic_write.hpp"
#include "cli/report/report_format.hpp"
#include "engine/core/build_info.hpp"
#include "engine/core/error.hpp"
#include "engine/formula/formula.hpp"
#include "engine/formula/model_frame.hpp"
#include "engine/table/dta_reader.hpp"
#include "estimators/common/model_data.hpp"
#include "estimators/common/model_kind.hpp"
#include "estimators/common/weights_info.hpp"
#include "estimators/error/sem_model.hpp"
#include "estimators/lag/sar_model.hpp"
#include "estimators/ols/ols_model.hpp"
#include "estimators/ols/slx_model.hpp"
#include "estimators/ols/spatial_diagnostics.hpp"
#include "estimators/sac/sac_model.hpp"

namespace hinterland::cli {

namespace {

using estimators::ModelKind;

struct FitOutcome {
  estimators::FitResult result;
  std::optional<estimators::ImpactsResult> impacts;
};

// OLS with W: Moran's I of the residuals and the LM tests on the aligned W.
estimators::FitResult FitOlsWithDiagnostics(const estimators::ModelData& data, const FitPlan& plan) {
  estimators::OlsFit fit = estimators::FitOls(data.frame, plan.ols);
  fit.result.diagnostics = estimators::SpatialDiagnostics(fit, data.frame, data.weights);
  fit.result.has_weights = true;
  fit.result.weights = estimators::DescribeWeights(data.weights);
  if (data.weights.Style() != engine::WeightsStyle::kRowStandardised) {
    fit.result.warnings.push_back(fmt::format(
        "the LM tests assume row-standardised weights (--style W, as spdep's lm.LMtests); W here is style {}",
        engine::ToString(data.weights.Style())));
  }
  return fit.result;
}

// The error process's W of SAC: --weights2 aligned to the same rows, or W itself.
estimators::FitResult FitSacModel(const estimators::ModelData& data,
                                  const engine::ModelFrame& unaligned_frame,
                                  const FitCommandOptions& options,
                                  const FitPlan& plan) {
  if (options.weights2.empty())
    return estimators::FitSac(data.frame, data.weights, data.weights, plan.spatial);
  const engine::SpatialWeights raw_weights2 = ReadWeightsFile(options.weights2, options.weights_id_field);
  const estimators::ModelData data2 =
      estimators::AlignModelData(unaligned_frame, raw_weights2, plan.model_data);
  if (data2.frame.ids != data.frame.ids) {
    throw engine::WeightsError(fmt::format(
        "--weights2 {}: after aligning, it keeps {} observations and --weights keeps {}; both must keep the "
        "same units (check islands and --islands)",
        options.weights2, data2.frame.ids.size(), data.frame.ids.size()));
  }
  return estimators::FitSac(data.frame, data.weights, data2.weights, plan.spatial);
}

estimators::FitResult FitModel(const estimators::ModelData& data,
                               const engine::ModelFrame& unaligned_frame,
                               const FitCommandOptions& options,
                               const FitPlan& plan) {
  switch (plan.model) {
    case ModelKind::kOls:
      return FitOlsWithDiagnostics(data, plan);
    case ModelKind::kSlx:
      return estimators::FitSlx(data, plan.spatial, plan.ols).result;
    case ModelKind::kSar:
    case ModelKind::kSdm:
      return estimators::FitSpatialLag(data, plan.model, plan.spatial).result;
    case ModelKind::kSem:
    case ModelKind::kSdem:
      return estimators::FitSpatialError(data, plan.model, plan.spatial).result;
    case ModelKind::kSac:
      return FitSacModel(data, unaligned_frame, options, plan);
  }
  throw engine::OptionError("--model " + options.model + ": not handled");
}

// Impacts need the rho of a usable fit; for one at a bound or not converged they are left out, saying so.
void AddImpacts(const estimators::ModelData& data, const FitPlan& plan, FitOutcome& outcome) {
  if (!plan.impacts) return;
  if (!outcome.result.IsUsable()) {
    outcome.result.warnings.push_back(fmt::format("impacts were not computed: the fit is not usable ({})",
                                                  estimators::ToString(outcome.result.status)));
    return;
  }
  outcome.impacts = estimators::ComputeImpacts(outcome.result, data.weights, plan.impact_options);
}

FitOutcome FitWithWeights(engine::ModelFrame frame, const FitCommandOptions& options, const FitPlan& plan) {
  const engine::SpatialWeights raw_weights = ReadWeightsFile(options.weights, options.weights_id_field);
  const engine::ModelFrame unaligned_frame = plan.model == ModelKind::kSac ? frame : engine::ModelFrame{};
  const estimators::ModelData data =
      estimators::AlignModelData(std::move(frame), raw_weights, plan.model_data);
  FitOutcome outcome;
  outcome.result = FitModel(data, unaligned_frame, options, plan);
  outcome.result.has_weights = true;
  outcome.result.weights = estimators::DescribeWeights(data.weights);
  for (const std::string& note : data.notes) outcome.result.warnings.push_back(note);
  AddImpacts(data, plan, outcome);
  return outcome;
}

FitOutcome Fit(const FitCommandOptions& options, const FitPlan& plan) {
  const engine::DataTable table = engine::ReadTable(options.data);
  const engine::Formula formula = engine::ParseFormula(options.formula);
  engine::ModelFrameOptions frame_options;
  frame_options.id_column = options.id;
  frame_options.missing = plan.missing;
  engine::ModelFrame frame = engine::BuildModelFrame(table, formula, frame_options);
  if (!options.weights.empty()) return FitWithWeights(std::move(frame), options, plan);
  FitOutcome outcome;
  outcome.result = estimators::FitOls(frame, plan.ols).result;
  outcome.result.warnings.push_back(
      "no --weights given: spatial diagnostics (Moran's I of the residuals, LM tests) were not computed");
  return outcome;
}

void AddModelOptions(CLI::App* fit, FitCommandOptions& options) {
  fit->add_option("--model", options.model, "Model to fit: ols, slx, sar, sem, sdm, sdem or sac")
      ->capture_default_str();
  fit->add_option("--vcov", options.vcov,
                  "Coefficient covariance: classical (default), HC0, HC1, HC2 or HC3 for ols and slx; "
                  "analytic (default), hessian or sandwich for the ML models");
  fit->add_option("--logdet", options.logdet,
                  "ML models: log|I - rho W| by auto (default), eigen, cholesky, lu, chebyshev, mc, lanczos "
                  "or interpolated");
  fit->add_option("--lanczos-steps", options.lanczos_steps,
                  "With --logdet lanczos: Lanczos steps per probe (default 30; 2 to 1000)");
  fit->add_option("--lanczos-probes", options.lanczos_probes,
                  "With --logdet lanczos: Rademacher probes (default 64; 2 to 100000)");
  fit->add_option("--interpolation-nodes", options.interpolation_nodes,
                  "With --logdet interpolated: exact log-determinants it interpolates, one factorisation "
                  "each (default 64; 8 to 1000)");
  fit->add_option("--chebyshev-order", options.chebyshev_order,
                  "With --logdet chebyshev: degree of the Chebyshev interpolant (default 30; 2 to 500)");
  fit->add_option("--mc-order", options.mc_order,
                  "With --logdet mc: terms of the power series (default 100; 2 to 2000)");
  fit->add_option("--mc-probes", options.mc_probes,
                  "With --logdet chebyshev or mc: Rademacher probes of the stochastic traces (default 64; 2 "
                  "to 100000; every trace is exact up to n = 1000)");
  fit->add_option("--exact-trace-order", options.exact_trace_order,
                  "With --logdet chebyshev, mc or lanczos: traces exact up to this order, stochastic above "
                  "(default 8; 0 to 2000; chebyshev and mc lower it, and say so, where its cost would exceed "
                  "about half the probes')");
  fit->add_option("--durbin", options.durbin,
                  "sdm, sdem, slx: regressors whose spatial lags W X enter, e.g. INC,HOVAL (default: all)");
  fit->add_option("--weights2", options.weights2, "sac: weights of the error process (default: --weights)");
  fit->add_option("--tolerance", options.tolerance,
                  "ML models: absolute tolerance of the search for rho / lambda (default 1e-10)");
  fit->add_option("--rho-interval", options.rho_interval,
                  "ML models: search rho / lambda only in (lower,upper), e.g. -0.9,0.99 (spatialreg's "
                  "interval); checked against 1/lambda_min and 1/lambda_max (default: that whole interval)");
  fit->add_option("--max-iterations", options.max_iterations,
                  "ML models: iterations of the search for rho / lambda (default 500)");
  fit->add_flag("--impacts", options.impacts,
                "Direct, indirect and total impacts (sar, sdm, sac: simulated SEs; slx, sdem: analytic)");
  fit->add_option("--draws", options.draws,
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
  fit->add_option("--format", options.format, "Output format: text, json, latex, markdown or csv")
      ->capture_default_str();
  fit->add_option("--output", options.output,
                  "Write the report to this file (atomically; never over an input) instead of stdout");
  fit->add_option("--seed", options.seed,
                  "Random seed of the impact draws and stochastic log-determinants, recorded in the result "
                  "(default 20240601)");
  fit->add_option("--threads", options.threads,
                  "Threads of OpenBLAS and of the sparse kernels (0 = the defaults: OpenBLAS's, and "
                  "OMP_NUM_THREADS or "
                  "the number of cores)")
      ->capture_default_str();
  return fit;
}

int RunFitCommand(const FitCommandOptions& options) {
  const FitPlan plan = PlanFit(options);
  std::vector<std::string> inputs = {options.data, options.weights};
  if (!options.weights2.empty()) inputs.push_back(options.weights2);
  if (!options.output.empty()) RequireOutputIsNotAnInput(options.output, inputs);
  if (options.threads > 0) engine::SetBlasThreads(options.threads);

  FitOutcome outcome = Fit(options, plan);
  estimators::FitResult& result = outcome.result;
  result.provenance.seed = plan.seed;

  const estimators::ImpactsResult* impacts = outcome.impacts ? &*outcome.impacts : nullptr;
  WriteOutput(RenderFitResult(result, plan.format, impacts), options.output, inputs);
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
