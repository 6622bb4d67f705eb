// Pooled and within OLS and SLX on a panel with the panel LM tests (see panel_ols.hpp).
#include "estimators/panel/panel_ols.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "estimators/common/durbin_terms.hpp"
#include "estimators/ols/spatial_diagnostics.hpp"
#include "estimators/panel/within_transform.hpp"

namespace hinterland::estimators {
namespace {

// The degrees of freedom the effects take besides the intercept they replace.
double AbsorbedDegreesOfFreedom(PanelEffects effects, std::int64_t units, std::int64_t periods) {
  double absorbed = 0.0;
  if (HasIndividualEffects(effects)) absorbed += static_cast<double>(units - 1);
  if (HasTimeEffects(effects)) absorbed += static_cast<double>(periods - 1);
  // A within model has no intercept column, so the intercept's own degree of freedom is absorbed too.
  return effects == PanelEffects::kNone ? 0.0 : absorbed + 1.0;
}

}  // namespace

namespace {

// The regression of the (transformed) frame with the panel LM tests; `durbin`: with W X* appended (slx).
FitResult FitPanelRegression(const SpatialDesign& design,
                             PanelEffects effects,
                             OlsOptions options,
                             const SpatialFitOptions* durbin) {
  HINTERLAND_CHECK(design.IsPanel() && design.HasWeights(), "FitPanelOls: needs a panel design with W");
  const engine::WeightsOperator& w = design.W();
  std::vector<std::string> notes;
  engine::ModelFrame frame = WithinFrame(design.Frame(), w.Units(), w.Periods(), effects, notes);
  if (durbin != nullptr) frame = FrameWithDurbinColumns(frame, w, *durbin, true, notes);
  options.absorbed_degrees_of_freedom = AbsorbedDegreesOfFreedom(effects, w.Units(), w.Periods());
  const double residual_df = static_cast<double>(frame.x.n_rows) - static_cast<double>(frame.x.n_cols) -
                             options.absorbed_degrees_of_freedom;
  if (!(residual_df > 0.0)) {
    throw engine::DataError(
        fmt::format("{}: no residual degrees of freedom: {} observations, {} coefficients and {} absorbed by "
                    "`effects` {}",
                    frame.source, frame.x.n_rows, frame.x.n_cols, options.absorbed_degrees_of_freedom,
                    ToString(effects)));
  }
  OlsFit fit = FitOls(frame, options);
  FitResult& result = fit.result;
  if (durbin != nullptr) result.model = "slx";
  result.warnings.insert(result.warnings.begin(), notes.begin(), notes.end());
  const LmTests tests = PanelLagrangeMultiplierTests(fit, frame, w);
  for (const Diagnostic& test :
       {tests.lm_error, tests.lm_lag, tests.robust_lm_error, tests.robust_lm_lag, tests.lm_sarma}) {
    result.diagnostics.push_back(test);
  }
  PanelInfo panel;
  panel.units = w.Units();
  panel.periods = w.Periods();
  panel.observations = static_cast<std::int64_t>(frame.y.n_elem);
  panel.effects = ToString(effects);
  result.panel = panel;
  return result;
}

}  // namespace

FitResult FitPanelOls(const SpatialDesign& design, PanelEffects effects, OlsOptions options) {
  return FitPanelRegression(design, effects, options, nullptr);
}

FitResult FitPanelSlx(const SpatialDesign& design,
                      PanelEffects effects,
                      OlsOptions options,
                      const SpatialFitOptions& spatial) {
  ValidateSpatialFitOptions(spatial);
  return FitPanelRegression(design, effects, options, &spatial);
}

}  // namespace hinterland::estimators
