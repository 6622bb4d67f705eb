// Pooled and within OLS and SLX on a panel with the panel LM tests (see panel_ols.hpp).
#include "estimators/panel/panel_ols.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/inference/distributions.hpp"
#include "estimators/common/durbin_terms.hpp"
#include "estimators/common/result_building.hpp"
#include "estimators/ols/spatial_diagnostics.hpp"
#include "estimators/panel/bsk_conditional_tests.hpp"
#include "estimators/panel/unbalanced_frame.hpp"
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

Diagnostic NormalDiagnostic(const std::string& name, double statistic, const std::string& note) {
  Diagnostic diagnostic;
  diagnostic.name = name;
  diagnostic.statistic = statistic;
  diagnostic.df = 0.0;  // a z statistic
  diagnostic.p_value = engine::NormalUpperTail(statistic);
  diagnostic.note = note;
  return diagnostic;
}

// Baltagi, Song & Koh's (2003) LM tests on pooled OLS residuals e, for random unit effects (LM1 = sqrt(N T /
// (2 (T - 1))) (e'(J_T (x) I_N) e / e'e - 1)), for a spatial error (LM2 = sqrt(N^2 T / b) e'(I_T (x) W) e /
// e'e, b = tr(W W + W'W)) and jointly (LMH: the squares of the positive ones, against the chi-bar-squared
// mixture 1/4, 1/2, 1/4 of 0, 1 and 2 degrees of freedom), as splm's bsktest(test = "LM1", "LM2", "LMH"). LM1
// and LM2 are one-sided N(0, 1) (splm doubles the upper tail).
std::vector<Diagnostic> BaltagiSongKohTests(const arma::vec& residuals, const engine::WeightsOperator& w) {
  const double n = static_cast<double>(w.Units());
  const double t = static_cast<double>(w.Periods());
  const double ee = arma::dot(residuals, residuals);
  const arma::mat by_unit = arma::reshape(residuals, w.Units(), w.Periods());
  const arma::vec unit_sums = arma::sum(by_unit, 1);
  const double g = arma::dot(unit_sums, unit_sums) / ee - 1.0;  // e'(J_T (x) I_N) e / e'e - 1
  const double h = arma::dot(residuals, w.Apply(residuals)) / ee;
  const double lm1 = std::sqrt(n * t / (2.0 * (t - 1.0))) * g;
  const double lm2 = std::sqrt(n * n * t / w.Constants().s1) * h;
  const double joint = std::pow(std::max(lm1, 0.0), 2) + std::pow(std::max(lm2, 0.0), 2);
  Diagnostic lmh;
  lmh.name = "BSK LMH (joint)";
  lmh.statistic = joint;
  lmh.df = 2.0;
  lmh.p_value = joint <= 0.0 ? 1.0
                             : 0.5 * engine::ChiSquaredUpperTail(joint, 1.0) +
                                   0.25 * engine::ChiSquaredUpperTail(joint, 2.0);
  lmh.note = "random effects and spatial error jointly; chi-bar-squared (1/4, 1/2, 1/4 of 0, 1, 2 df)";
  return {NormalDiagnostic("BSK LM1 (random effects)", lm1, "one-sided, N(0, 1); assumes no spatial error"),
          NormalDiagnostic("BSK LM2 (spatial error)", lm2, "one-sided, N(0, 1); assumes no random effects"),
          lmh};
}

// The moments of d = e'A e / e'e for OLS residuals e = M y under normal errors, M = I - X (X'X)^-1 X' and
// s = N T - k (Evans & King 1985; Baltagi, Song & Koh 2003, the standardised SLM1 and SLM2): E d = tr(M A) /
// s and Var d = 2 (s tr(M A M A) - tr(M A)^2) / (s^2 (s + 2)), with tr(M A) = tr(A) - tr(Q X'A X) and tr(M A
// M A) = tr(A A) - 2 tr(Q X'A A X) + tr((Q X'A X)^2), Q = (X'X)^-1. The caller gives tr(A), tr(A A), X'A X
// and X'A A X, all computed without forming A.
struct QuadraticFormMoments {
  double mean = 0.0;
  double variance = 0.0;
};

QuadraticFormMoments RatioMoments(double trace_a,
                                  double trace_aa,
                                  const arma::mat& xtax,
                                  const arma::mat& xtaax,
                                  const arma::mat& xtx_inverse,
                                  double s) {
  const arma::mat qxtax = xtx_inverse * xtax;
  const double trace_ma = trace_a - arma::trace(qxtax);
  const double trace_mama = trace_aa - 2.0 * arma::trace(xtx_inverse * xtaax) + arma::trace(qxtax * qxtax);
  return {trace_ma / s, 2.0 * (s * trace_mama - trace_ma * trace_ma) / (s * s * (s + 2.0))};
}

// Baltagi, Song & Koh's standardised SLM1 (A = J_T (x) I_N) and SLM2 (A = I_T (x) W): (d - E d) / sqrt(Var d)
// with the exact moments of the OLS residuals' ratio d (RatioMoments), two-sided N(0, 1) as splm's
// bsktest(standardize = TRUE) reports them. Small-sample versions of LM1 and LM2.
std::vector<Diagnostic> StandardisedBaltagiSongKohTests(const arma::vec& residuals,
                                                        const arma::mat& x,
                                                        const engine::WeightsOperator& w) {
  const auto units = static_cast<arma::uword>(w.Units());
  const auto periods = static_cast<arma::uword>(w.Periods());
  const double rows = static_cast<double>(residuals.n_elem);
  const double s = rows - static_cast<double>(x.n_cols);
  arma::mat xtx_inverse;
  if (!arma::inv_sympd(xtx_inverse, arma::symmatu(x.t() * x))) return {};
  const double ee = arma::dot(residuals, residuals);
  // A1 = J_T (x) I_N sums each unit's periods: X'A1 X = S'S with S the N x k unit sums, A1 A1 = T A1.
  arma::mat unit_sums_x(units, x.n_cols);
  for (arma::uword j = 0; j < x.n_cols; ++j) {
    unit_sums_x.col(j) = arma::sum(arma::reshape(x.col(j), units, periods), 1);
  }
  const arma::vec unit_sums_e = arma::sum(arma::reshape(residuals, units, periods), 1);
  const arma::mat xta1x = unit_sums_x.t() * unit_sums_x;
  const double t = static_cast<double>(periods);
  const QuadraticFormMoments first = RatioMoments(rows, t * rows, xta1x, t * xta1x, xtx_inverse, s);
  const double d1 = arma::dot(unit_sums_e, unit_sums_e) / ee;
  // A2 = I_T (x) W: tr(A2) = 0 (no self-links), tr(A2 A2) = T tr(W W).
  const arma::mat wx = w.Apply(x);
  const QuadraticFormMoments second =
      RatioMoments(0.0, t * w.Constants().trace_ww, x.t() * wx, x.t() * w.Apply(wx), xtx_inverse, s);
  const double d2 = arma::dot(residuals, w.Apply(residuals)) / ee;
  const auto two_sided = [](const std::string& name, double statistic, const std::string& note) {
    Diagnostic diagnostic;
    diagnostic.name = name;
    diagnostic.statistic = statistic;
    diagnostic.p_value = engine::NormalTwoSided(statistic);
    diagnostic.note = note;
    return diagnostic;
  };
  return {two_sided("BSK SLM1 (random effects, standardised)", (d1 - first.mean) / std::sqrt(first.variance),
                    "exact moments of the OLS residuals' ratio; two-sided N(0, 1)"),
          two_sided("BSK SLM2 (spatial error, standardised)", (d2 - second.mean) / std::sqrt(second.variance),
                    "exact moments of the OLS residuals' ratio; two-sided N(0, 1)")};
}

// BSK's LM*-lambda on the residuals of the random-effects regression by ML; a search that fails leaves a
// warning instead of the test, the regression being fitted regardless.
void AddConditionalLambdaTest(const engine::ModelFrame& frame,
                              const engine::WeightsOperator& w,
                              FitResult& result) {
  try {
    const RandomEffectsRegression random = FitRandomEffectsRegression(frame, w.Units(), w.Periods());
    Diagnostic test = ConditionalLambdaTest(random.residuals, w);
    test.note += fmt::format("; the random-effects regression: phi = {:.6g}, log-likelihood {:.6f}",
                             random.phi, random.log_likelihood);
    result.diagnostics.push_back(std::move(test));
  } catch (const engine::NumericalError& error) {
    result.warnings.push_back(std::string("BSK LM*-lambda not computed: ") + error.what());
  }
}

// The transformed frame and what the LM tests need from it. Balanced: transform, then lag (W y*, W X*, as
// splm's slmtest). Unbalanced: lag the data as given, each period by its own W_t, then transform (Q W y, Q W
// X), as the unbalanced ML fits do; the LM tests then take e'W y (e = Q e), the lag of the untransformed
// model's mean, Q W (y - e) (X b plus the effects' least squares), W e and the trace summed over the periods'
// W_t.
struct RegressionFrame {
  engine::ModelFrame frame;
  double absorbed = 0.0;  // the degrees of freedom the effects take besides the intercept they replace
  std::shared_ptr<const UnbalancedWithin> within;  // unbalanced only
};

RegressionFrame BalancedRegressionFrame(const SpatialDesign& design,
                                        PanelEffects effects,
                                        const SpatialFitOptions* durbin,
                                        std::vector<std::string>& notes) {
  const engine::WeightsOperator& w = design.W();
  RegressionFrame regression;
  regression.frame = WithinFrame(design.Frame(), w.Units(), w.Periods(), effects, notes);
  if (durbin != nullptr) regression.frame = FrameWithDurbinColumns(regression.frame, w, *durbin, true, notes);
  regression.absorbed = AbsorbedDegreesOfFreedom(effects, w.Units(), w.Periods());
  return regression;
}

RegressionFrame UnbalancedRegressionFrame(const SpatialDesign& design,
                                          PanelEffects effects,
                                          const SpatialFitOptions* durbin,
                                          std::vector<std::string>& notes) {
  UnbalancedFrame transformed = LaggedThenTransformed(design, effects, durbin, notes);
  RegressionFrame regression;
  regression.within = std::move(transformed.within);
  regression.frame = std::move(transformed.frame);
  // A within model has no intercept column, so the intercept's own degree of freedom is absorbed too.
  regression.absorbed = effects == PanelEffects::kNone ? 0.0 : regression.within->AbsorbedDimension();
  return regression;
}

LmTests UnbalancedLmTests(const SpatialDesign& design, const RegressionFrame& regression, const OlsFit& fit) {
  const engine::UnbalancedWeightsOperator& rows = design.PeriodWeights();
  const arma::vec& raw_y = design.Frame().y;
  double trace = 0.0;  // sum over the periods of tr(W_t'W_t + W_t W_t)
  for (std::size_t b = 0; b < rows.Blocks().size(); ++b) {
    trace += static_cast<double>(rows.PeriodsOf(b)) * rows.Blocks()[b].w->Constants().s1;
  }
  return LagrangeMultiplierTestsFrom(
      fit, regression.frame,
      LmIngredients{rows.Apply(raw_y), regression.within->Apply(rows.Apply(arma::vec(raw_y - fit.residuals))),
                    rows.Apply(fit.residuals), trace, design.W().Weights().Style()});
}

// The regression of the (transformed) frame with the panel LM tests; `durbin`: with W X* appended (slx).
FitResult FitPanelRegression(const SpatialDesign& design,
                             PanelEffects effects,
                             OlsOptions options,
                             const SpatialFitOptions* durbin) {
  HINTERLAND_CHECK(design.IsPanel() && design.HasWeights(), "FitPanelOls: needs a panel design with W");
  const engine::WeightsOperator& w = design.W();
  std::vector<std::string> notes;
  const RegressionFrame regression = design.IsBalanced()
                                         ? BalancedRegressionFrame(design, effects, durbin, notes)
                                         : UnbalancedRegressionFrame(design, effects, durbin, notes);
  const engine::ModelFrame& frame = regression.frame;
  options.absorbed_degrees_of_freedom = regression.absorbed;
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
  const LmTests tests = design.IsBalanced() ? PanelLagrangeMultiplierTests(fit, frame, w)
                                            : UnbalancedLmTests(design, regression, fit);
  for (const Diagnostic& test :
       {tests.lm_error, tests.lm_lag, tests.robust_lm_error, tests.robust_lm_lag, tests.lm_sarma}) {
    result.diagnostics.push_back(test);
  }
  if (effects == PanelEffects::kNone && design.IsBalanced()) {
    for (Diagnostic& test : BaltagiSongKohTests(fit.residuals, w))
      result.diagnostics.push_back(std::move(test));
    for (Diagnostic& test : StandardisedBaltagiSongKohTests(fit.residuals, frame.x, w))
      result.diagnostics.push_back(std::move(test));
    AddConditionalLambdaTest(frame, w, result);
  } else if (effects == PanelEffects::kNone) {
    result.warnings.push_back(
        "the Baltagi, Song & Koh tests need a balanced panel (their statistics assume every unit in every "
        "period): not computed");
  }
  PanelInfo panel = DescribePanel(design);
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
