// ComputeImpacts: finds rho, the regressors and their lags W:x among the fit's coefficients by role, then
// either combines the coefficients analytically (SLX, SDEM) or evaluates the spatial multiplier at the
// estimate and in each simulated draw (SAR, SDM, SAC). The lagged intercept W:(Intercept) of a Durbin model
// under a non-row-standardised W is a coefficient, not an impact variable.
#include "estimators/impacts/impacts.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

#include "engine/core/error.hpp"
#include "estimators/impacts/impacts_multiplier.hpp"
#include "estimators/impacts/impacts_simulation.hpp"

namespace hinterland::estimators {

namespace {

// The units W is over: the observations of a cross-section, N of a panel (whose impacts are W's, the same in
// every period: (I_T (x) A) averaged over its N T rows is A averaged over N).
std::int64_t UnitsOf(const FitResult& fit) { return fit.panel ? fit.panel->units : fit.n; }

struct ImpactVariable {
  std::string name;
  int beta_index = -1;   // -1: the variable enters only through its lag
  int theta_index = -1;  // -1: no lag W:x
};

struct ImpactTerms {
  int rho_index = -1;
  std::vector<ImpactVariable> variables;
};

// Pairs each lagged regressor's theta with its variable's beta by the index the coefficient carries
// (Coefficient::lagged_coefficient), never by its name: a data column may itself be called "W:x".
ImpactTerms FindImpactTerms(const FitResult& fit) {
  ImpactTerms terms;
  std::vector<int> variable_of(fit.coefficients.size(), -1);  // coefficient -> its entry in terms.variables
  const auto add_variable = [&](std::size_t beta) {
    variable_of[beta] = static_cast<int>(terms.variables.size());
    terms.variables.push_back({fit.coefficients[beta].name, static_cast<int>(beta), -1});
  };
  for (std::size_t i = 0; i < fit.coefficients.size(); ++i) {
    if (fit.coefficients[i].role == CoefficientRole::kRho) terms.rho_index = static_cast<int>(i);
    if (fit.coefficients[i].role == CoefficientRole::kRegressor) add_variable(i);
  }
  for (std::size_t i = 0; i < fit.coefficients.size(); ++i) {
    const Coefficient& coefficient = fit.coefficients[i];
    if (coefficient.role != CoefficientRole::kLaggedRegressor) continue;
    const std::int64_t source = coefficient.lagged_coefficient;
    HINTERLAND_CHECK(source >= 0 && source < static_cast<std::int64_t>(fit.coefficients.size()),
                     "a lagged regressor without the index of the coefficient it lags");
    // W 1 (the lag of the intercept) shifts the level only; it has no unit change to attribute.
    if (fit.coefficients[source].role == CoefficientRole::kIntercept) continue;
    HINTERLAND_CHECK(variable_of[source] >= 0, "a lagged regressor whose source is not a regressor");
    terms.variables[variable_of[source]].theta_index = static_cast<int>(i);
  }
  return terms;
}

void ValidateInputs(const FitResult& fit,
                    const engine::SpatialWeights& w,
                    const ImpactOptions& options,
                    const ImpactTerms& terms) {
  if (options.draws < 0)
    throw engine::OptionError("`draws` must be >= 0, got " + std::to_string(options.draws));
  if (options.power_order < 1 || options.power_order > 1000) {
    throw engine::OptionError("`power_order` must be in 1..1000, got " + std::to_string(options.power_order));
  }
  if (terms.variables.empty()) {
    throw engine::OptionError("impacts: the " + fit.model + " fit has no regressor to compute impacts for");
  }
  if (terms.rho_index < 0) {
    bool has_lags = false;
    for (const auto& variable : terms.variables) has_lags = has_lags || variable.theta_index >= 0;
    if (!has_lags) {
      throw engine::OptionError("impacts: model \"" + fit.model +
                                "\" has no spatial lag of y or of X, so its impacts are its coefficients; "
                                "impacts apply to sar, sdm, sac, slx and sdem");
    }
  }
  const arma::uword k = fit.coefficients.size();
  if (fit.vcov.n_rows != k || fit.vcov.n_cols != k) {
    std::ostringstream message;
    message << "impacts: the fit's vcov is " << fit.vcov.n_rows << " x " << fit.vcov.n_cols << " but it has "
            << k << " coefficients";
    throw engine::OptionError(message.str());
  }
  if (w.n() != UnitsOf(fit)) {
    throw engine::WeightsError("impacts: W has " + std::to_string(w.n()) + " units but the fit has " +
                               std::to_string(UnitsOf(fit)) + (fit.panel ? " units" : " observations"));
  }
}

ImpactMethod ResolveMethod(const FitResult& fit, const ImpactTerms& terms, const ImpactOptions& options) {
  const bool has_rho = terms.rho_index >= 0;
  if (!has_rho) {
    if (options.method == ImpactMethod::kAuto || options.method == ImpactMethod::kAnalytic) {
      return ImpactMethod::kAnalytic;
    }
    throw engine::OptionError("`impacts_method` " + ToString(options.method) + " does not apply to " +
                              fit.model + " (no rho): its impacts are analytic");
  }
  if (options.method == ImpactMethod::kAnalytic) {
    throw engine::OptionError("`impacts_method` analytic applies to slx and sdem only; " + fit.model +
                              " has rho (use exact or traces)");
  }
  if (options.method == ImpactMethod::kExact && UnitsOf(fit) > kImpactsExactMaxN) {
    throw engine::OptionError(
        "`impacts_method` exact needs all eigenvalues of a dense W and is limited to n <= " +
        std::to_string(kImpactsExactMaxN) + "; n = " + std::to_string(UnitsOf(fit)) + ": use traces");
  }
  if (options.method != ImpactMethod::kAuto) return options.method;
  return UnitsOf(fit) <= options.exact_max_n ? ImpactMethod::kExact : ImpactMethod::kTraces;
}

double Estimate(const FitResult& fit, int index) {
  return index < 0 ? 0.0 : fit.coefficients[index].estimate;
}

ImpactsResult AnalyticImpacts(const FitResult& fit, const ImpactTerms& terms) {
  ImpactsResult result;
  result.method = ImpactMethod::kAnalytic;
  result.trace_method =
      "analytic: direct = beta, indirect = theta, total = beta + theta with SEs from the vcov";
  auto covariance = [&fit](int a, int b) { return a < 0 || b < 0 ? 0.0 : fit.vcov(a, b); };
  for (const auto& variable : terms.variables) {
    const double beta = Estimate(fit, variable.beta_index);
    const double theta = Estimate(fit, variable.theta_index);
    const int b = variable.beta_index;
    const int t = variable.theta_index;
    Impact impact;
    impact.name = variable.name;
    impact.direct = AnalyticEstimate(beta, std::sqrt(covariance(b, b)));
    impact.indirect = AnalyticEstimate(theta, std::sqrt(covariance(t, t)));
    impact.total = AnalyticEstimate(
        beta + theta, std::sqrt(std::max(0.0, covariance(b, b) + covariance(t, t) + 2.0 * covariance(b, t))));
    result.impacts.push_back(impact);
  }
  return result;
}

struct Effects {
  double direct = 0.0;
  double indirect = 0.0;
  double total = 0.0;
};

Effects CombineEffects(double beta, double theta, const MultiplierValues& values) {
  Effects effects;
  effects.direct = beta * values.direct_own + theta * values.direct_lag;
  effects.total = beta * values.total_own + theta * values.total_lag;
  effects.indirect = effects.total - effects.direct;
  return effects;
}

// The rho^k W^k (beta I + theta W) term: direct rho^k (beta tr W^k + theta tr W^(k+1)) / n, total likewise
// with 1'W^k 1 / n.
Effects OrderEffects(int k,
                     double rho,
                     double beta,
                     double theta,
                     const std::vector<double>& trace_means,
                     const std::vector<double>& total_moments) {
  const double power = std::pow(rho, k);
  Effects effects;
  effects.direct = power * (beta * trace_means[k] + theta * trace_means[k + 1]);
  effects.total = power * (beta * total_moments[k] + theta * total_moments[k + 1]);
  effects.indirect = effects.total - effects.direct;
  return effects;
}

// Draws per variable: columns 3v, 3v+1, 3v+2 = direct, indirect, total of variable v.
void StoreEffects(arma::mat& samples, arma::uword draw, std::size_t v, const Effects& effects) {
  samples(draw, 3 * v) = effects.direct;
  samples(draw, 3 * v + 1) = effects.indirect;
  samples(draw, 3 * v + 2) = effects.total;
}

std::vector<Impact> Summarise(const ImpactTerms& terms,
                              const std::vector<Effects>& points,
                              const arma::mat& samples,
                              bool simulated) {
  std::vector<Impact> impacts;
  for (std::size_t v = 0; v < terms.variables.size(); ++v) {
    Impact impact;
    impact.name = terms.variables[v].name;
    const Effects& point = points[v];
    if (simulated) {
      impact.direct = SummariseDraws(point.direct, samples.col(3 * v));
      impact.indirect = SummariseDraws(point.indirect, samples.col(3 * v + 1));
      impact.total = SummariseDraws(point.total, samples.col(3 * v + 2));
    } else {
      impact.direct = AnalyticEstimate(point.direct, 0.0);
      impact.indirect = AnalyticEstimate(point.indirect, 0.0);
      impact.total = AnalyticEstimate(point.total, 0.0);
    }
    impacts.push_back(impact);
  }
  return impacts;
}

ImpactsResult MultiplierImpacts(const FitResult& fit,
                                const engine::SpatialWeights& w,
                                const engine::WeightsOperator* cache,
                                const ImpactTerms& terms,
                                ImpactMethod method,
                                const ImpactOptions& options) {
  const MultiplierEvaluator evaluator(w, method, options, cache);
  ImpactsResult result;
  result.method = method;
  result.trace_method = evaluator.Description();
  result.power_order = options.power_order;
  result.rho_lower = evaluator.Bounds().lower;
  result.rho_upper = evaluator.Bounds().upper;
  const int orders = options.power_order + 1;
  const std::size_t variables = terms.variables.size();

  // Which coefficients are simulated: rho first, then each variable's beta and theta (the marginal of the
  // joint normal, so the intercept and lambda need not be drawn).
  std::vector<arma::uword> drawn = {static_cast<arma::uword>(terms.rho_index)};
  std::vector<int> beta_position(variables, -1), theta_position(variables, -1);
  std::string drawn_names = "(rho";
  for (std::size_t v = 0; v < variables; ++v) {
    if (terms.variables[v].beta_index >= 0) {
      beta_position[v] = static_cast<int>(drawn.size());
      drawn.push_back(terms.variables[v].beta_index);
      drawn_names += ", " + fit.coefficients[terms.variables[v].beta_index].name;
    }
    if (terms.variables[v].theta_index >= 0) {
      theta_position[v] = static_cast<int>(drawn.size());
      drawn.push_back(terms.variables[v].theta_index);
      drawn_names += ", " + fit.coefficients[terms.variables[v].theta_index].name;
    }
  }
  drawn_names += ")";
  arma::vec mean(drawn.size());
  for (std::size_t i = 0; i < drawn.size(); ++i) mean(i) = fit.coefficients[drawn[i]].estimate;
  const arma::uvec drawn_indices = arma::conv_to<arma::uvec>::from(drawn);
  const arma::mat vcov = fit.vcov.submat(drawn_indices, drawn_indices);

  auto effects_at = [&](const arma::vec& values, auto&& effect_of) {
    std::vector<Effects> effects(variables);
    for (std::size_t v = 0; v < variables; ++v) {
      const double beta = beta_position[v] < 0 ? 0.0 : values(beta_position[v]);
      const double theta = theta_position[v] < 0 ? 0.0 : values(theta_position[v]);
      effects[v] = effect_of(beta, theta);
    }
    return effects;
  };

  const double rho = mean(0);
  if (!evaluator.Bounds().Contains(rho)) {
    std::ostringstream message;
    message << "impacts: rho = " << rho << " is outside the interval (" << evaluator.Bounds().lower << ", "
            << evaluator.Bounds().upper << ") of this W: is W the W of the fit?";
    throw engine::OptionError(message.str());
  }
  const MultiplierValues at_estimate = evaluator.AtEstimate(rho);
  const std::vector<Effects> points =
      effects_at(mean, [&](double beta, double theta) { return CombineEffects(beta, theta, at_estimate); });
  std::vector<std::vector<Effects>> order_points;
  for (int k = 0; k < orders; ++k) {
    order_points.push_back(effects_at(mean, [&](double beta, double theta) {
      return OrderEffects(k, rho, beta, theta, evaluator.TraceMeans(), evaluator.TotalMoments());
    }));
  }

  const bool simulate = options.draws > 0;
  arma::mat samples(simulate ? options.draws : 0, 3 * variables);
  std::vector<arma::mat> order_samples(orders, arma::mat(simulate ? options.draws : 0, 3 * variables));
  if (simulate) {
    NormalDrawer drawer(mean, vcov, options.seed, drawn_names);
    const long long max_attempts = 100LL * options.draws;
    long long attempts = 0;
    for (int draw = 0; draw < options.draws;) {
      if (++attempts > max_attempts) {
        throw engine::NumericalError(
            "impacts: more than 99% of the simulated rho fell outside the interval (" +
            std::to_string(evaluator.Bounds().lower) + ", " + std::to_string(evaluator.Bounds().upper) +
            "); rho is too close to a bound or its variance too large to simulate");
      }
      const arma::vec values = drawer.Draw();
      const double rho_draw = values(0);
      if (!evaluator.Bounds().Contains(rho_draw)) {
        ++result.rejected_draws;
        continue;
      }
      const MultiplierValues in_draw = evaluator.InDraw(rho_draw);
      const std::vector<Effects> effects =
          effects_at(values, [&](double beta, double theta) { return CombineEffects(beta, theta, in_draw); });
      for (std::size_t v = 0; v < variables; ++v) StoreEffects(samples, draw, v, effects[v]);
      for (int k = 0; k < orders; ++k) {
        const std::vector<Effects> order_effects = effects_at(values, [&](double beta, double theta) {
          return OrderEffects(k, rho_draw, beta, theta, evaluator.TraceMeans(), evaluator.TotalMoments());
        });
        for (std::size_t v = 0; v < variables; ++v) StoreEffects(order_samples[k], draw, v, order_effects[v]);
      }
      ++draw;
    }
  }
  result.draws = simulate ? options.draws : 0;
  result.impacts = Summarise(terms, points, samples, simulate);
  for (int k = 0; k < orders; ++k) {
    result.by_order.push_back({k, Summarise(terms, order_points[k], order_samples[k], simulate)});
  }
  if (result.rejected_draws > 0) {
    result.notes.push_back(std::to_string(result.rejected_draws) +
                           " draws had rho outside the interval and were redrawn");
  }
  return result;
}

ImpactsResult Impacts(const FitResult& fit,
                      const engine::SpatialWeights& w,
                      const engine::WeightsOperator* cache,
                      const ImpactOptions& options) {
  const ImpactTerms terms = FindImpactTerms(fit);
  ValidateInputs(fit, w, options, terms);
  const ImpactMethod method = ResolveMethod(fit, terms, options);
  ImpactsResult result = method == ImpactMethod::kAnalytic
                             ? AnalyticImpacts(fit, terms)
                             : MultiplierImpacts(fit, w, cache, terms, method, options);
  result.model = fit.model;
  result.seed = options.seed;
  return result;
}

}  // namespace

ImpactsResult ComputeImpacts(const FitResult& fit,
                             const engine::SpatialWeights& w,
                             const ImpactOptions& options) {
  return Impacts(fit, w, nullptr, options);
}

ImpactsResult ComputeImpacts(const FitResult& fit,
                             const engine::WeightsOperator& w,
                             const ImpactOptions& options) {
  return Impacts(fit, w.Weights(), &w, options);
}

}  // namespace hinterland::estimators
