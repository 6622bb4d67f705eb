// Simulation of the spatial DGPs of spatial_dgp.hpp: draws from separate seeded streams, then per period
// builds the systematic part, applies (I - lambda W)^-1 to the errors and (I - rho W)^-1 to the sum.
#include "datasets/generators/spatial_dgp.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

#include "datasets/generators/random_stream.hpp"
#include "datasets/generators/spatial_solver.hpp"
#include "engine/core/enum_words.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace hinterland::generators {
namespace {

using engine::OptionError;

void RequireFinite(const std::string& option, const std::vector<double>& values) {
  for (const double value : values) {
    if (!std::isfinite(value)) throw OptionError(fmt::format("{}: {} is not a finite number", option, value));
  }
}

void ValidatePanel(const PanelSpec& panel, std::int64_t n) {
  if (panel.periods < 1) throw OptionError(fmt::format("`panel` {}: T must be at least 1", panel.periods));
  if (panel.periods > std::numeric_limits<std::int32_t>::max() / n) {
    throw OptionError(fmt::format("`panel` {}: n * T = {} x {} observations is more than 2^31 - 1",
                                  panel.periods, n, panel.periods));
  }
  if (!(panel.missing_fraction >= 0.0 && panel.missing_fraction < 1.0)) {
    throw OptionError(
        fmt::format("`unbalanced` {}: the missing fraction must be in [0, 1)", panel.missing_fraction));
  }
  if (panel.periods == 1 &&
      (panel.missing_fraction > 0.0 || panel.individual_effects || panel.time_effects)) {
    throw OptionError(
        "`unbalanced`, `individual_effects` and `time_effects` need a panel: `panel` T with T >= 2");
  }
  if (!(panel.individual_effects_sd >= 0.0 && std::isfinite(panel.individual_effects_sd)) ||
      !(panel.time_effects_sd >= 0.0 && std::isfinite(panel.time_effects_sd))) {
    throw OptionError("effect standard deviations must be finite and non-negative");
  }
}

// Overwrites v (one period) with (I - rho W)^-1 v; `scratch` has n entries.
void ApplyInverse(const engine::SpatialWeights& w,
                  double rho,
                  std::span<double> v,
                  std::vector<double>& scratch,
                  double tolerance,
                  SimulatedData& data) {
  if (rho == 0.0) return;
  const SolveReport report = SolveSpatialSystem(w, rho, v, std::span<double>(scratch), tolerance);
  std::copy(scratch.begin(), scratch.end(), v.begin());
  data.solver_iterations += report.iterations;
  data.max_solver_residual = std::max(data.max_solver_residual, report.residual);
}

arma::vec DrawNormals(std::uint64_t seed, StreamPurpose purpose, arma::uword count, double sd) {
  RandomStream stream(seed, purpose);
  arma::vec values(count);
  for (double& value : values) value = sd * stream.StandardNormal();
  return values;
}

// Exactly round(fraction * count) entries set to 0, chosen by selection sampling (Knuth, TAOCP vol. 2,
// Algorithm 3.4.2S): every subset of that size is equally likely.
std::vector<std::uint8_t> DrawObservedMask(std::uint64_t seed, std::size_t count, double fraction) {
  std::vector<std::uint8_t> observed(count, 1);
  auto remaining_to_drop = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(count)));
  if (remaining_to_drop == 0) return observed;
  RandomStream stream(seed, StreamPurpose::kMissingPattern);
  for (std::size_t r = 0; r < count && remaining_to_drop > 0; ++r) {
    const std::size_t remaining_records = count - r;
    if (stream.UniformBelow(remaining_records) < remaining_to_drop) {
      observed[r] = 0;
      --remaining_to_drop;
    }
  }
  return observed;
}

// mu + alpha_t for period t over `units`.
arma::vec EffectsPart(const std::vector<arma::uword>& units, const SimulatedData& data, arma::uword t) {
  arma::vec effects(units.size());
  for (arma::uword i = 0; i < units.size(); ++i)
    effects(i) = data.individual_effects(units[i]) + data.time_effects(t);
  return effects;
}

// c + X_t b (+ W_t X_t theta) (+ mu + alpha_t when `with_effects`) for period t over `units` (the period's
// observed units, in order; W_t is W over them). Plain loops in a fixed order rather than BLAS, whose
// summation order may depend on its thread count: the output bits must depend on the seed only.
arma::vec SystematicPart(const engine::SpatialWeights& w_t,
                         const std::vector<arma::uword>& units,
                         const DgpParameters& parameters,
                         const SimulatedData& data,
                         arma::uword t,
                         bool with_effects) {
  const auto n = static_cast<arma::uword>(data.n);
  const arma::uword m = units.size();
  arma::vec systematic(m);
  for (arma::uword i = 0; i < m; ++i) {
    systematic(i) = with_effects
                        ? parameters.intercept + data.individual_effects(units[i]) + data.time_effects(t)
                        : parameters.intercept;
  }
  std::vector<double> column(m);
  std::vector<double> lagged(m);
  for (arma::uword j = 0; j < parameters.beta.size(); ++j) {
    const double* full = data.x.colptr(j) + t * n;
    for (arma::uword i = 0; i < m; ++i) column[i] = full[units[i]];
    for (arma::uword i = 0; i < m; ++i) systematic(i) += parameters.beta[j] * column[i];
    if (parameters.model != SpatialModel::kSdm) continue;
    w_t.Multiply(std::span<const double>(column), std::span<double>(lagged));
    for (arma::uword i = 0; i < m; ++i) systematic(i) += parameters.theta[j] * lagged[i];
  }
  return systematic;
}

// y over period t's observed `units` with W_t, written into data.y at their rows. With `effects_filtered`
// the effects enter the error process, u_t = (I - lambda W_t)^-1 (mu + alpha_t + e_t): the error models of
// an unbalanced panel (see spatial_dgp.hpp); otherwise they enter with X b.
void SimulatePeriod(const engine::SpatialWeights& w_t,
                    const std::vector<arma::uword>& units,
                    const DgpParameters& parameters,
                    double tolerance,
                    arma::uword t,
                    bool effects_filtered,
                    SimulatedData& data) {
  const auto n = static_cast<arma::uword>(data.n);
  const arma::uword m = units.size();
  std::vector<double> scratch(m);
  arma::vec y_t = SystematicPart(w_t, units, parameters, data, t, !effects_filtered);
  arma::vec disturbance(m);  // u_t = (I - lambda W_t)^-1 e_t
  for (arma::uword i = 0; i < m; ++i) disturbance(i) = data.errors(t * n + units[i]);
  if (effects_filtered) disturbance += EffectsPart(units, data, t);
  ApplyInverse(w_t, parameters.lambda, std::span<double>(disturbance.memptr(), m), scratch, tolerance, data);
  y_t += disturbance;
  ApplyInverse(w_t, parameters.rho, std::span<double>(y_t.memptr(), m), scratch, tolerance, data);
  for (arma::uword i = 0; i < m; ++i) data.y(t * n + units[i]) = y_t(i);
}

// Period t's W_t: W over the units observed in t, re-standardised from the binary links as a fit re-derives
// it from the weights file (an island of W_t keeps a zero row); W itself when every unit is observed.
engine::SpatialWeights PeriodWeights(const engine::SpatialWeights& w,
                                     const engine::SpatialWeights& binary,
                                     const std::vector<arma::uword>& units) {
  std::vector<std::string> ids;
  for (const arma::uword i : units) ids.push_back(w.Ids()[i]);
  return binary.Subset(ids).Transform(w.Style());
}

}  // namespace

namespace {

constexpr engine::EnumWords<SpatialModel, 5> kModelWords = {{
    {SpatialModel::kNone, "none"},
    {SpatialModel::kSar, "sar"},
    {SpatialModel::kSem, "sem"},
    {SpatialModel::kSdm, "sdm"},
    {SpatialModel::kSac, "sac"},
}};

}  // namespace

std::string ToString(SpatialModel model) { return engine::WordOf(kModelWords, model); }

SpatialModel ParseSpatialModel(const std::string& text) {
  return engine::ParseWord(kModelWords, text, "model");
}

bool UsesRho(SpatialModel model) {
  return model == SpatialModel::kSar || model == SpatialModel::kSdm || model == SpatialModel::kSac;
}

bool UsesLambda(SpatialModel model) { return model == SpatialModel::kSem || model == SpatialModel::kSac; }

void ValidateDgp(const DgpParameters& parameters, const PanelSpec& panel, const engine::SpatialWeights& w) {
  if (w.n() < 1) throw OptionError("the weights have no units");
  if (parameters.beta.empty()) throw OptionError("`beta`: at least one coefficient (x1) is needed");
  RequireFinite("`beta`", parameters.beta);
  RequireFinite("`theta`", parameters.theta);
  RequireFinite("`intercept`", {parameters.intercept});
  if (parameters.model == SpatialModel::kSdm && parameters.theta.size() != parameters.beta.size()) {
    throw OptionError(
        fmt::format("`theta`: the SDM needs one coefficient per regressor ({} for `beta`), got {}",
                    parameters.beta.size(), parameters.theta.size()));
  }
  if (parameters.model != SpatialModel::kSdm && !parameters.theta.empty()) {
    throw OptionError("`theta` applies to `model` sdm only");
  }
  if (!(parameters.sigma > 0.0 && std::isfinite(parameters.sigma))) {
    throw OptionError(fmt::format("`sigma` {}: must be a positive number", parameters.sigma));
  }
  if (UsesRho(parameters.model)) {
    RequireConvergentParameter("`rho`", parameters.rho, w);
  } else if (parameters.rho != 0.0) {
    throw OptionError(fmt::format("`rho` has no effect with `model` {}", ToString(parameters.model)));
  }
  if (UsesLambda(parameters.model)) {
    RequireConvergentParameter("`lambda`", parameters.lambda, w);
  } else if (parameters.lambda != 0.0) {
    throw OptionError(fmt::format("`lambda` has no effect with `model` {}", ToString(parameters.model)));
  }
  ValidatePanel(panel, w.n());
}

SimulatedData SimulateSpatialData(const engine::SpatialWeights& w,
                                  const DgpParameters& parameters,
                                  const PanelSpec& panel,
                                  std::uint64_t seed,
                                  double tolerance,
                                  const engine::ProgressLog& progress) {
  ValidateDgp(parameters, panel, w);
  SimulatedData data;
  data.n = w.n();
  data.periods = panel.periods;
  const auto n = static_cast<arma::uword>(data.n);
  const arma::uword observations = n * static_cast<arma::uword>(panel.periods);
  const arma::uword k = parameters.beta.size();

  data.x = arma::mat(observations, k);
  RandomStream regressors(seed, StreamPurpose::kRegressors);
  for (double& value : data.x) value = regressors.StandardNormal();  // column by column
  data.errors = DrawNormals(seed, StreamPurpose::kErrors, observations, parameters.sigma);
  data.individual_effects = panel.individual_effects ? DrawNormals(seed, StreamPurpose::kIndividualEffects, n,
                                                                   panel.individual_effects_sd)
                                                     : arma::vec(n, arma::fill::zeros);
  data.time_effects = panel.time_effects ? DrawNormals(seed, StreamPurpose::kTimeEffects, panel.periods,
                                                       panel.time_effects_sd)
                                         : arma::vec(panel.periods, arma::fill::zeros);
  data.observed = DrawObservedMask(seed, observations, panel.missing_fraction);

  data.y = arma::vec(observations, arma::fill::zeros);
  const engine::SpatialWeights binary =
      panel.missing_fraction > 0.0 ? w.Transform(engine::WeightsStyle::kBinary) : engine::SpatialWeights();
  std::vector<arma::uword> all_units(n);
  for (arma::uword i = 0; i < n; ++i) all_units[i] = i;
  engine::ProgressCounter periods(progress, fmt::format("periods of {} units simulated", data.n), 1);
  for (arma::uword t = 0; t < static_cast<arma::uword>(panel.periods); ++t) {
    std::vector<arma::uword> units;
    for (arma::uword i = 0; i < n; ++i) {
      if (data.observed[t * n + i] != 0) units.push_back(i);
    }
    // An unbalanced panel puts the effects of its error models inside the filter in every period.
    const bool effects_filtered = panel.missing_fraction > 0.0 && UsesLambda(parameters.model);
    if (units.size() == n) {
      SimulatePeriod(w, all_units, parameters, tolerance, t, effects_filtered, data);
    } else if (!units.empty()) {
      SimulatePeriod(PeriodWeights(w, binary, units), units, parameters, tolerance, t, effects_filtered,
                     data);
    }
    periods.Add();
  }
  periods.Finish();
  return data;
}

}  // namespace hinterland::generators
