// FitPlan: the option words of `hinterland fit` turned into validated library options before any file is
// read (ARCHITECTURE.md sections 1 and 5: options are a struct validated up front, and an option that
// would have no effect on the chosen model is an OptionError, never a silent ignore).
// Assumes the words were parsed by CLI11 into FitCommandOptions; every word is parsed through its enum.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/commands/fit_command.hpp"
#include "cli/report/report_format.hpp"
#include "engine/formula/model_frame.hpp"
#include "estimators/common/model_data.hpp"
#include "estimators/common/model_kind.hpp"
#include "estimators/common/spatial_fit_options.hpp"
#include "estimators/impacts/impacts.hpp"
#include "estimators/ols/ols_model.hpp"

namespace hinterland::cli {

// Seed used when --seed is not given: the library's default (SpatialFitOptions, ImpactOptions), which is
// also the seed of the stored spatialreg impact simulations.
inline constexpr std::uint64_t kDefaultSeed = 20240601;

struct FitPlan {
  estimators::ModelKind model = estimators::ModelKind::kOls;
  ReportFormat format = ReportFormat::kText;
  engine::MissingPolicy missing = engine::MissingPolicy::kError;
  estimators::ModelDataOptions model_data;
  estimators::OlsOptions ols;             // ols and slx
  estimators::SpatialFitOptions spatial;  // ML models; Durbin terms of slx
  bool impacts = false;
  estimators::ImpactOptions impact_options;
  std::uint64_t seed = kDefaultSeed;
};

// True for the models estimated by maximum likelihood over rho / lambda (sar, sem, sdm, sdem, sac).
bool IsMaximumLikelihood(estimators::ModelKind model);
// True for the models with lagged regressors W X chosen by --durbin (sdm, sdem, slx).
bool HasDurbinTerms(estimators::ModelKind model);
// True for the models whose impacts differ from their coefficients (sar, sdm, sac, slx, sdem).
bool HasImpacts(estimators::ModelKind model);

// "INC, HOVAL" -> {"INC", "HOVAL"}; an empty name is an OptionError naming --durbin.
std::vector<std::string> SplitDurbinTerms(const std::string& text);

// Validates every option against the model and returns the plan; throws engine::OptionError naming the
// option, its value and why (e.g. "--logdet has no effect with --model ols").
FitPlan PlanFit(const FitCommandOptions& options);

}  // namespace hinterland::cli
