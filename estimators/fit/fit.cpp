// Fit: validation, the estimator registry, and the steps every fit ends with (see fit.hpp).
#include "estimators/fit/fit.hpp"

#include <fmt/format.h>

#include <array>

#include "engine/core/build_info.hpp"
#include "engine/core/error.hpp"
#include "estimators/common/model_capabilities.hpp"
#include "estimators/common/weights_info.hpp"
#include "estimators/error/sem_model.hpp"
#include "estimators/impacts/impacts.hpp"
#include "estimators/lag/sar_model.hpp"
#include "estimators/ols/ols_model.hpp"
#include "estimators/ols/slx_model.hpp"
#include "estimators/ols/spatial_diagnostics.hpp"
#include "estimators/panel/panel_ml_model.hpp"
#include "estimators/panel/panel_ols.hpp"
#include "estimators/panel/panel_random_effects.hpp"
#include "estimators/panel/panel_sac_model.hpp"
#include "estimators/sac/sac_model.hpp"

namespace hinterland::estimators {
namespace {

FitResult FitLeastSquares(const FitRequest& request, const SpatialDesign& design) {
  return FitOlsWithDiagnostics(design, request.LeastSquaresOptions());
}

// Unbalanced panels have the fixed-effects and pooled estimators of the models whose capability row says so
// (each period with its own W_t), and random effects (sar, sem with the kkp error) with each unit's theta_i.
void RequireUnbalancedFitAvailable(const FitRequest& request, const SpatialDesign& design) {
  if (design.IsBalanced()) return;
  if (!CapabilitiesOf(request.model).unbalanced_panel) {
    throw engine::OptionError(fmt::format(
        "the panel is unbalanced ({} of {} unit-periods missing): unbalanced panels are fitted for {}; "
        "`model` {} needs a balanced panel",
        design.W().Units() * design.Periods() - design.Rows(), design.W().Units() * design.Periods(),
        ModelsWhere([](const ModelCapabilities& row) { return row.unbalanced_panel; }),
        ToString(request.model)));
  }
}

FitResult FitPanelModel(const FitRequest& request, const SpatialDesign& design) {
  RequireUnbalancedFitAvailable(request, design);
  if (request.random || request.mundlak) {
    return FitPanelRandomEffects(design, request.model, request.mundlak, request.MaximumLikelihoodOptions(),
                                 request.random_error.value_or(RandomErrorStructure::kKkp));
  }
  if (request.model == ModelKind::kOls) {
    return FitPanelOls(design, request.effects.value_or(PanelEffects::kNone), request.LeastSquaresOptions());
  }
  if (request.model == ModelKind::kSac) {
    return FitPanelSac(
        design,
        PanelOptions{request.effects.value_or(PanelEffects::kNone), request.lee_yu, request.fixed_effects},
        request.MaximumLikelihoodOptions());
  }
  if (request.model == ModelKind::kSlx) {
    return FitPanelSlx(design, request.effects.value_or(PanelEffects::kNone), request.LeastSquaresOptions(),
                       request.MaximumLikelihoodOptions());
  }
  return FitPanelSpatial(design, request.model,
                         PanelOptions{request.effects.value_or(PanelEffects::kNone), request.lee_yu,
                                      request.fixed_effects},
                         request.MaximumLikelihoodOptions())
      .result;
}

FitResult FitSpatialLagModel(const FitRequest& request, const SpatialDesign& design) {
  return FitSpatialLag(design, request.model, request.MaximumLikelihoodOptions()).result;
}

FitResult FitSpatialErrorModel(const FitRequest& request, const SpatialDesign& design) {
  return FitSpatialError(design, request.model, request.MaximumLikelihoodOptions()).result;
}

FitResult FitSlxModel(const FitRequest& request, const SpatialDesign& design) {
  return FitSlx(design, request.MaximumLikelihoodOptions(), request.LeastSquaresOptions()).result;
}

FitResult FitSacModel(const FitRequest& request, const SpatialDesign& design) {
  return FitSacWithOptima(design.Frame(), design.W(), design.W2(), request.MaximumLikelihoodOptions()).result;
}

// The estimator of each model: with the capability table (model_capabilities.hpp), the one place a new model
// is registered.
using Estimator = FitResult (*)(const FitRequest&, const SpatialDesign&);
struct EstimatorEntry {
  ModelKind model;
  Estimator fit;
};
constexpr std::array<EstimatorEntry, 7> kEstimators = {{
    {ModelKind::kOls, &FitLeastSquares},
    {ModelKind::kSlx, &FitSlxModel},
    {ModelKind::kSar, &FitSpatialLagModel},
    {ModelKind::kSem, &FitSpatialErrorModel},
    {ModelKind::kSdm, &FitSpatialLagModel},
    {ModelKind::kSdem, &FitSpatialErrorModel},
    {ModelKind::kSac, &FitSacModel},
}};

Estimator EstimatorOf(ModelKind model) {
  for (const EstimatorEntry& entry : kEstimators) {
    if (entry.model == model) return entry.fit;
  }
  HINTERLAND_CHECK(false, "a ModelKind without an estimator");
  return nullptr;
}

// The request says whether W (and W2) are given; the design must agree, so that a front end cannot ask for
// SAC's W2 and silently fit with W.
void RequireDesignMatches(const FitRequest& request, const SpatialDesign& design) {
  std::vector<engine::OptionProblem> problems;
  if (request.weights != design.HasWeights()) {
    problems.push_back(
        {"weights", "",
         request.weights ? "is given but the design has no W" : "is not given but the design has a W"});
  }
  if (request.weights2 != design.HasSecondWeights()) {
    problems.push_back({"weights2", "",
                        request.weights2 ? "is given but the design has no second W"
                                         : "is not given but the design has a second W"});
  }
  if (request.time.has_value() != design.IsPanel()) {
    problems.push_back({"time", request.time.value_or(""),
                        request.time ? "is given but the design is a cross-section"
                                     : "is not given but the design is a panel"});
  }
  if (!problems.empty()) throw engine::OptionError(std::move(problems));
}

// Impacts need the rho of a usable fit; for one at a bound or not converged they are left out, saying so.
void AddImpacts(const FitRequest& request, const SpatialDesign& design, FitResult& result) {
  if (!request.impacts) return;
  if (!result.IsUsable()) {
    result.warnings.push_back("impacts were not computed: the fit is not usable (" + ToString(result.status) +
                              ")");
    return;
  }
  result.impacts = ComputeImpacts(result, design.W(), request.ImpactsOptions());
  if (!design.IsBalanced()) {
    result.warnings.push_back(
        "impacts of the unbalanced panel use W over all of its units: the effect of a change in every unit, "
        "whichever periods it is observed in");
  }
}

}  // namespace

FitResult Fit(const FitRequest& request, const SpatialDesign& design) {
  RequireValid(request);
  RequireDesignMatches(request, design);
  const engine::ScopedThreads threads(request.threads);
  // A panel design goes to the panel estimators (the capability table says which models have one).
  FitResult result =
      design.IsPanel() ? FitPanelModel(request, design) : EstimatorOf(request.model)(request, design);
  if (design.HasWeights()) {
    result.has_weights = true;
    result.weights = DescribeWeights(design.W().Weights());
    result.warnings.insert(result.warnings.end(), design.Notes().begin(), design.Notes().end());
  }
  AddImpacts(request, design, result);
  result.provenance.seed = request.seed;
  return result;
}

}  // namespace hinterland::estimators
