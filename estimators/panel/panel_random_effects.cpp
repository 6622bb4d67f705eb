// Random-effects SAR and SEM (KKP or BSK error) panels by ML, and the Mundlak device (see
// panel_random_effects.hpp).
#include "estimators/panel/panel_random_effects.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/core/enum_words.hpp"
#include "engine/core/error.hpp"
#include "engine/inference/distributions.hpp"
#include "engine/inference/numerical_hessian.hpp"
#include "engine/logdet/log_determinant.hpp"
#include "engine/logdet/summed_log_determinant.hpp"
#include "engine/optim/ceres_maximizer.hpp"
#include "engine/optim/scalar_maximizer.hpp"
#include "estimators/common/concentrated_likelihood.hpp"
#include "estimators/common/result_building.hpp"
#include "estimators/common/spatial_filter.hpp"
#include "estimators/common/spatial_ml_inference.hpp"
#include "estimators/ols/ols_model.hpp"
#include "estimators/panel/panel_ml_model.hpp"
#include "estimators/panel/within_transform.hpp"

namespace hinterland::estimators {
namespace {

// The words of RandomErrorStructure; "b" is splm's name of bsk (its spatial.error = "b").
constexpr engine::EnumWords<RandomErrorStructure, 3> kRandomErrorWords = {{
    {RandomErrorStructure::kKkp, "kkp"},
    {RandomErrorStructure::kBsk, "bsk"},
    {RandomErrorStructure::kBsk, "b"},
}};

// The sem's error structure for the report (its covariance line), so that the two sem fits are told apart.
std::string ErrorStructureWords(ModelKind kind, RandomErrorStructure error) {
  if (kind != ModelKind::kSem) return "";
  return error == RandomErrorStructure::kBsk
             ? "; error: Baltagi, Song & Koh (2003), effects not spatially filtered (`random_error` bsk)"
             : "; error: Kapoor, Kelejian & Prucha (2007), effects spatially filtered (`random_error` kkp)";
}

// How a column is read unit by unit: constant over each unit's (observed) periods, and each row's unit mean.
struct UnitView {
  std::function<bool(const arma::vec&)> time_invariant;
  std::function<arma::vec(const arma::vec&)> unit_means;  // each row's unit mean
};

UnitView UnitViewOf(const SpatialDesign& design) {
  if (design.IsBalanced()) {
    const std::int64_t units = design.W().Units();
    const std::int64_t periods = design.Periods();
    return {[=](const arma::vec& column) { return IsTimeInvariant(column, units, periods); },
            [=](const arma::vec& column) {
              return arma::vec(column - WithinTransform(column, units, periods, PanelEffects::kIndividual));
            }};
  }
  auto within = std::make_shared<const UnbalancedWithin>(design.PeriodWeights(), PanelEffects::kIndividual);
  return {[within](const arma::vec& column) { return within->IsTimeInvariant(column); },
          [within](const arma::vec& column) { return arma::vec(column - within->Apply(column)); }};
}

// The Mundlak frame: the unit means of every time-varying regressor, named "mean(x)", appended to X.
engine::ModelFrame MundlakFrame(const engine::ModelFrame& frame, const UnitView& view) {
  engine::ModelFrame extended = frame;
  for (arma::uword j = 0; j < frame.x.n_cols; ++j) {
    if (frame.column_kinds[j] == engine::ColumnKind::kIntercept) continue;
    const arma::vec column = frame.x.col(j);
    // A time-invariant column is its own mean; a column that varies only over time (a year dummy) has the
    // same mean for every unit, which the intercept already carries.
    if (view.time_invariant(column)) continue;
    const arma::vec means = view.unit_means(column);
    if (arma::max(means) - arma::min(means) <= 1e-10 * std::max(1.0, arma::norm(column, "inf"))) continue;
    extended.x = arma::join_rows(extended.x, means);
    extended.column_names.push_back("mean(" + frame.column_names[j] + ")");
    extended.column_kinds.push_back(engine::ColumnKind::kNumeric);
  }
  if (!extended.lag_sources.empty()) extended.lag_sources.resize(extended.x.n_cols, -1);
  return extended;
}

struct RandomEffectsData {
  bool lag = true;
  const engine::ModelFrame* frame = nullptr;
  arma::vec wy;  // W y (each period by its own W_t when unbalanced)
  arma::mat wx;  // W X (sem)
  std::int64_t units = 0;
  std::int64_t periods = 0;
  const RandomEffectsTransformation* transformation = nullptr;
  // How often the log-determinant counts: T, or 1 for an unbalanced panel's summed log-determinant.
  double jacobian_periods = 0.0;
};

// What the random-effects likelihoods differ in, at (value, theta), value being rho (sar) or lambda (sem):
// the log-likelihood is Jacobian(value, theta) - N T / 2 (log(2 pi) + log(SSE / (N T)) + 1), SSE being the
// GLS quadratic form e' (Omega / sigma2_nu)^-1 e.
class RandomEffectsLikelihood {
 public:
  virtual ~RandomEffectsLikelihood() = default;
  // The log-likelihood's terms outside SSE: T log|I - rho W| (sar) and -1/2 log|Omega / sigma2_nu|, which
  // holds sem's T log|I - lambda W|.
  virtual double Jacobian(double value, double theta) const = 0;
  // The SSE of the GLS regression at (value, theta), beta concentrated out (the inner search's objective).
  virtual double ProfileSse(double value, double theta) const { return Regression(value, theta).sse; }
  virtual FilteredRegression Regression(double value, double theta) const = 0;
  // The SSE at a given beta (the numerical Hessian's points).
  virtual double Sse(const arma::vec& beta, double value, double theta) const = 0;
  // X~' X~ of the whitened (for sem filtered) design: (X' Omega^-1 X) sigma2_nu, the GLS information.
  virtual arma::mat GlsCrossProduct(double value, double theta) const = 0;
};

// sar and the kkp sem: Omega^-1/2 quasi-demeans (v - theta v_bar_i) the (for sem filtered) data, so
// -1/2 log|Omega / sigma2_nu| = N log(1 - theta) + T log|I - value W|.
class QuasiDemeanedLikelihood final : public RandomEffectsLikelihood {
 public:
  QuasiDemeanedLikelihood(const RandomEffectsData& data, const engine::LogDeterminant& log_determinant)
      : data_(data), log_determinant_(log_determinant) {}

  double Jacobian(double value, double theta) const override {
    return data_.jacobian_periods * log_determinant_.Evaluate(value) +
           data_.transformation->LogDeterminantTerm(theta);
  }
  double ProfileSse(double value, double theta) const override {
    if (!data_.lag) return Regression(value, theta).sse;
    // The lag model's SSE is a quadratic in rho (LagCrossProducts), its cross products fixed per theta.
    if (!lag_products_ || lag_theta_ != theta) {
      lag_products_ =
          CrossProducts(Qd(data_.frame->x, theta), Qd(data_.frame->y, theta), Qd(data_.wy, theta));
      lag_theta_ = theta;
    }
    return lag_products_->Sse(value);
  }
  FilteredRegression Regression(double value, double theta) const override {
    const engine::ModelFrame& frame = *data_.frame;
    const arma::mat wx = data_.lag ? arma::mat(frame.x.n_rows, frame.x.n_cols, arma::fill::zeros) : data_.wx;
    return RegressFiltered(Qd(frame.y, theta), Qd(data_.wy, theta), Qd(frame.x, theta), Qd(wx, theta), value);
  }
  double Sse(const arma::vec& beta, double value, double theta) const override {
    const arma::vec e = Qd(arma::vec(data_.frame->y - value * data_.wy - FilteredX(value) * beta), theta);
    return arma::dot(e, e);
  }
  arma::mat GlsCrossProduct(double value, double theta) const override {
    const arma::mat design = Qd(FilteredX(value), theta);
    return design.t() * design;
  }

 private:
  arma::mat Qd(const arma::mat& v, double theta) const { return data_.transformation->QuasiDemean(v, theta); }
  arma::mat FilteredX(double value) const {
    return data_.lag ? data_.frame->x : arma::mat(data_.frame->x - value * data_.wx);
  }

  const RandomEffectsData& data_;
  const engine::LogDeterminant& log_determinant_;
  mutable std::optional<LagCrossProducts> lag_products_;
  mutable double lag_theta_ = 0.0;
};

// The bsk sem (Baltagi, Song & Koh 2003; panel_random_effects.hpp): with B = I - lambda W and
// L L' = I + T phi B B', Omega^-1 / sigma2_nu = P'P for the whitening that maps each unit's deviations from
// its mean, v_t - v_bar, to B (v_t - v_bar) and its mean to sqrt(T) L^-1 B v_bar: (T phi I + (B'B)^-1)^-1 =
// (I + T phi B'B)^-1 B'B = B' (I + T phi B B')^-1 B (push-through). |I + T phi B B'| = |I + T phi B'B|, so
// -1/2 log|Omega / sigma2_nu| = T log|B| - 1/2 log|L L'|.
class BskErrorLikelihood final : public RandomEffectsLikelihood {
 public:
  BskErrorLikelihood(const RandomEffectsData& data,
                     const engine::WeightsOperator& w,
                     const engine::LogDeterminant& log_determinant)
      : units_(data.units), periods_(data.periods), log_determinant_(log_determinant) {
    const engine::ModelFrame& frame = *data.frame;
    const arma::mat z = arma::join_rows(frame.x, frame.y);  // [X y]: one whitening for both
    const auto n = static_cast<arma::uword>(units_);
    const auto t = static_cast<arma::uword>(periods_);
    means_.zeros(n, z.n_cols);
    for (arma::uword period = 0; period < t; ++period) means_ += z.rows(period * n, (period + 1) * n - 1);
    means_ /= static_cast<double>(t);
    deviations_ = z - arma::repmat(means_, t, 1);
    w_deviations_ = w.Apply(deviations_);
    const arma::mat dense_w(w.Weights().ToSparseMatrix());
    w_means_ = dense_w * means_;
    w_plus_wt_ = dense_w + dense_w.t();
    w_wt_ = dense_w * dense_w.t();
  }

  double Jacobian(double value, double theta) const override {
    return static_cast<double>(periods_) * log_determinant_.Evaluate(value) -
           0.5 * FactorAt(value, theta).log_det;
  }
  FilteredRegression Regression(double value, double theta) const override {
    const arma::mat whitened = Whitened(value, theta);
    const arma::uword k = whitened.n_cols - 1;
    FilteredRegression regression;
    // Least squares by QR on the whitened rows, as RegressFiltered (the normal equations would square the
    // condition number).
    if (!arma::solve(regression.beta, whitened.head_cols(k), whitened.col(k), arma::solve_opts::no_approx)) {
      throw engine::NumericalError(fmt::format(
          "the GLS regression of the bsk random-effects model is singular at lambda={:.10g}", value));
    }
    regression.residuals = whitened.col(k) - whitened.head_cols(k) * regression.beta;
    regression.sse = arma::dot(regression.residuals, regression.residuals);
    return regression;
  }
  double Sse(const arma::vec& beta, double value, double theta) const override {
    const arma::vec e = Whitened(value, theta) * arma::join_cols(-beta, arma::vec{1.0});
    return arma::dot(e, e);
  }
  arma::mat GlsCrossProduct(double value, double theta) const override {
    const arma::mat whitened = Whitened(value, theta);
    const arma::mat design = whitened.head_cols(whitened.n_cols - 1);
    return design.t() * design;
  }

 private:
  struct Factor {
    double value = arma::datum::nan;
    double theta = arma::datum::nan;
    arma::mat lower;  // L, L L' = I + T phi B B'
    double log_det = 0.0;
  };

  // The factor at (value, theta); the last one is kept, as the search asks for Jacobian and SSE at each
  // point.
  const Factor& FactorAt(double value, double theta) const {
    if (factor_.value == value && factor_.theta == theta) return factor_;
    const double scale = static_cast<double>(periods_) * PhiOf(theta, static_cast<double>(periods_));
    // B B' = I - lambda (W + W') + lambda^2 W W'.
    arma::mat m = scale * (value * value * w_wt_ - value * w_plus_wt_);
    m.diag() += 1.0 + scale;
    if (!arma::chol(factor_.lower, m, "lower")) {
      throw engine::NumericalError(fmt::format(
          "I + T phi B B' is not positive definite at lambda={:.10g}, phi={:.6g} (bsk random effects)", value,
          scale / static_cast<double>(periods_)));
    }
    factor_.log_det = 2.0 * arma::accu(arma::log(factor_.lower.diag()));
    factor_.value = value;
    factor_.theta = theta;
    return factor_;
  }

  // P [X y]: B (z_t - z_bar) for each period, then sqrt(T) L^-1 B z_bar for the units' means.
  arma::mat Whitened(double value, double theta) const {
    const Factor& factor = FactorAt(value, theta);
    const arma::mat filtered_means = means_ - value * w_means_;
    const arma::mat whitened_means =
        std::sqrt(static_cast<double>(periods_)) *
        arma::solve(arma::trimatl(factor.lower), filtered_means, arma::solve_opts::no_approx);
    return arma::join_cols(deviations_ - value * w_deviations_, whitened_means);
  }

  std::int64_t units_ = 0;
  std::int64_t periods_ = 0;
  const engine::LogDeterminant& log_determinant_;
  arma::mat means_;         // N x (k + 1): each unit's mean of [X y]
  arma::mat deviations_;    // N T x (k + 1): [X y] less its unit's mean
  arma::mat w_deviations_;  // (I_T (x) W) deviations_
  arma::mat w_means_;       // W means_
  arma::mat w_plus_wt_;     // W + W', dense
  arma::mat w_wt_;          // W W', dense
  mutable Factor factor_;
};

// The bsk error forms dense N x N matrices: refused, naming the limit, where that would not be reasonable.
void RequireBskSize(std::int64_t units) {
  if (units <= kMaxBskUnits) return;
  throw engine::OptionError({engine::OptionProblem{
      "random_error", "bsk",
      fmt::format(
          "bsk: the Baltagi-Song-Koh error factorises a dense N x N matrix per likelihood evaluation; "
          "it is available up to {} units, the panel has {} (kkp, the default, has no such limit)",
          kMaxBskUnits, units)}});
}

// The spatial Hausman test of fixed against random effects, as splm's sphtest (Mutl & Pfaffermayr 2011 for
// the spatial case): |d' (V_RE - V_FE)^-1 d| over the regressors both fits share (d = b_FE - b_RE),
// chi-squared with as many degrees of freedom. V_FE is the fixed-effects fit's (the information matrix's beta
// block); V_RE, as sphtest, the GLS covariance sigma2_nu (X~'X~)^-1 of the quasi-demeaned (and, for sem,
// filtered) design, conditional on (rho or lambda, phi).
Diagnostic HausmanTest(const FitResult& fixed_effects, const FitResult& random, const arma::mat& random_gls) {
  std::vector<arma::uword> fixed_index;
  std::vector<arma::uword> random_index;
  for (arma::uword j = 0; j < fixed_effects.coefficients.size(); ++j) {
    const Coefficient& coefficient = fixed_effects.coefficients[j];
    if (coefficient.role == CoefficientRole::kRho || coefficient.role == CoefficientRole::kLambda) continue;
    for (arma::uword r = 0; r < random_gls.n_rows; ++r) {
      if (random.coefficients[r].name == coefficient.name) {
        fixed_index.push_back(j);
        random_index.push_back(r);
      }
    }
  }
  const arma::uvec fixed_rows = arma::conv_to<arma::uvec>::from(fixed_index);
  const arma::uvec random_rows = arma::conv_to<arma::uvec>::from(random_index);
  arma::vec difference(fixed_rows.n_elem);
  for (arma::uword j = 0; j < fixed_rows.n_elem; ++j) {
    difference[j] =
        fixed_effects.coefficients[fixed_rows[j]].estimate - random.coefficients[random_rows[j]].estimate;
  }
  const arma::mat spread =
      random_gls.submat(random_rows, random_rows) - fixed_effects.vcov.submat(fixed_rows, fixed_rows);
  Diagnostic diagnostic;
  diagnostic.name = "Hausman test (FE vs RE)";
  diagnostic.df = static_cast<double>(difference.n_elem);
  arma::vec solved;
  if (difference.n_elem == 0 || !arma::solve(solved, spread, difference)) {
    diagnostic.statistic = arma::datum::nan;
    diagnostic.note = "not computed: no shared regressor, or V_RE - V_FE is singular";
    return diagnostic;
  }
  diagnostic.statistic = std::abs(arma::dot(difference, solved));
  diagnostic.p_value = engine::ChiSquaredUpperTail(diagnostic.statistic, diagnostic.df);
  diagnostic.note =
      "as splm's sphtest: individual fixed effects against these random effects, V_RE by GLS given "
      "(rho or lambda, phi)";
  return diagnostic;
}

// The design of the fixed-effects fit the Hausman test compares with: the regressors fixed effects can
// estimate (time-invariant ones, such as capital status, are left out; the intercept is absorbed anyway).
SpatialDesign FixedEffectsDesign(const SpatialDesign& design, const UnitView& view) {
  const engine::ModelFrame& frame = design.Frame();
  const engine::WeightsOperator& w = design.W();
  engine::ModelFrame kept = frame;
  std::vector<arma::uword> columns;
  kept.column_names.clear();
  kept.column_kinds.clear();
  for (arma::uword j = 0; j < frame.x.n_cols; ++j) {
    if (frame.column_kinds[j] != engine::ColumnKind::kIntercept && view.time_invariant(frame.x.col(j))) {
      continue;
    }
    columns.push_back(j);
    kept.column_names.push_back(frame.column_names[j]);
    kept.column_kinds.push_back(frame.column_kinds[j]);
  }
  kept.x = frame.x.cols(arma::conv_to<arma::uvec>::from(columns));
  kept.lag_sources.clear();
  if (!design.IsBalanced()) return design.WithFrame(std::move(kept));
  return SpatialDesign(std::move(kept), w.Weights(), design.PeriodLabels(), {});
}

// Mundlak's test of correlated effects: the Wald test that the unit means' coefficients are all 0.
Diagnostic MundlakTest(const FitResult& result) {
  std::vector<arma::uword> rows;
  for (arma::uword j = 0; j < result.coefficients.size(); ++j) {
    if (result.coefficients[j].name.rfind("mean(", 0) == 0) rows.push_back(j);
  }
  const arma::uvec index = arma::conv_to<arma::uvec>::from(rows);
  arma::vec gamma(index.n_elem);
  for (arma::uword j = 0; j < index.n_elem; ++j) gamma[j] = result.coefficients[index[j]].estimate;
  Diagnostic diagnostic;
  diagnostic.name = "Mundlak test (unit means = 0)";
  diagnostic.df = static_cast<double>(index.n_elem);
  arma::vec solved;
  if (index.n_elem == 0 || !arma::solve(solved, arma::mat(result.vcov.submat(index, index)), gamma)) {
    diagnostic.statistic = arma::datum::nan;
    diagnostic.note = "not computed: no time-varying regressor, or their covariance is singular";
    return diagnostic;
  }
  diagnostic.statistic = arma::dot(gamma, solved);
  diagnostic.p_value = engine::ChiSquaredUpperTail(diagnostic.statistic, diagnostic.df);
  diagnostic.note = "rejecting it rejects random effects uncorrelated with the regressors";
  return diagnostic;
}

// `vcov` cluster (a balanced panel, sar or the kkp sem): H^-1 (sum over units of s_i s_i') H^-1 G / (G - 1)
// with H the numerical Hessian of the full log-likelihood over (beta, rho or lambda, phi, sigma2) and s_i
// unit i's scores: with u the (for sem filtered) residual as given, e~ = u - theta u_bar_i its quasi-demeaned
// form and Z~ the quasi-demeaned design,
//   beta: Z~_i'e~_i / s2;  rho: (D~ e~)_i / s2 - T (W_A)_ii, D = W y (sar) or W (y - X b) (sem);
//   phi: dtheta/dphi (-1 / (1 - theta) + T (1 - theta) u_bar_i^2 / s2);  sigma2: sum_t (e~^2 / s2 - 1) / (2
//   s2),
// the Jacobian's -T tr(W_A) split by W_A's diagonal as the fixed-effects sandwich does. Held at phi = 0, phi
// leaves the Hessian and the scores. Returned over (beta, parameter, phi, sigma2), or without phi.
arma::mat ClusteredRandomEffectsCovariance(const RandomEffectsData& data,
                                           const RandomEffectsLikelihood& likelihood,
                                           const engine::WeightsOperator& w,
                                           const arma::vec& beta,
                                           double value,
                                           double theta,
                                           double sigma2,
                                           bool theta_at_zero,
                                           engine::NumericalHessianOptions hessian_options,
                                           const SpatialFitOptions& options) {
  const arma::uword k = beta.n_elem;
  const auto units = static_cast<arma::uword>(data.units);
  const double t = static_cast<double>(data.periods);
  const double n = static_cast<double>(data.frame->y.n_elem);
  const arma::uword sigma_index = theta_at_zero ? k + 1 : k + 2;
  const auto full_log_likelihood = [&](const arma::vec& point) {
    const double point_theta = theta_at_zero ? 0.0 : ThetaOf(point[k + 1], t);
    const double point_sigma2 = point[sigma_index];
    return likelihood.Jacobian(point[k], point_theta) -
           0.5 * n * std::log(2.0 * arma::datum::pi * point_sigma2) -
           likelihood.Sse(point.head(k), point[k], point_theta) / (2.0 * point_sigma2);
  };
  arma::vec point(sigma_index + 1);
  point.head(k) = beta;
  point[k] = value;
  if (!theta_at_zero) point[k + 1] = PhiOf(theta, t);
  point[sigma_index] = sigma2;
  hessian_options.lower_limits.resize(sigma_index + 1);
  hessian_options.upper_limits.resize(sigma_index + 1);
  hessian_options.lower_limits[sigma_index] = 0.0;
  hessian_options.upper_limits[sigma_index] = arma::datum::inf;
  const arma::mat hessian = engine::NumericalHessian(full_log_likelihood, point, hessian_options);
  arma::mat inverse;
  if (!arma::inv_sympd(inverse, arma::symmatu(-hessian)) && !arma::inv(inverse, -hessian)) {
    throw engine::NumericalError("the full random-effects Hessian is singular: no clustered covariance");
  }
  const engine::ModelFrame& frame = *data.frame;
  const RandomEffectsTransformation& transformation = *data.transformation;
  const arma::mat design = data.lag ? frame.x : arma::mat(frame.x - value * data.wx);
  const arma::vec unfiltered = frame.y - frame.x * beta;  // y - X b
  const arma::vec u = data.lag ? arma::vec(frame.y - value * data.wy - frame.x * beta)
                               : arma::vec(unfiltered - value * (data.wy - data.wx * beta));
  const arma::vec lagged = data.lag ? data.wy : arma::vec(data.wy - data.wx * beta);
  const arma::vec e = transformation.QuasiDemean(u, theta);
  const arma::mat design_qd = transformation.QuasiDemean(design, theta);
  const arma::vec lagged_qd = transformation.QuasiDemean(lagged, theta);
  const arma::vec diagonal_wa = SpatialFilter(w, value, TraceOptionsFrom(options)).Traces().diagonal_wa;
  const arma::vec unit_means = transformation.UnitMeans(u);
  arma::mat scores(units, sigma_index + 1, arma::fill::zeros);
  for (arma::uword r = 0; r < e.n_elem; ++r) {
    const arma::uword i = r % units;
    scores.submat(i, 0, i, k - 1) += design_qd.row(r) * (e[r] / sigma2);
    scores(i, k) += lagged_qd[r] * e[r] / sigma2;
    scores(i, sigma_index) += (e[r] * e[r] / sigma2 - 1.0) / (2.0 * sigma2);
  }
  scores.col(k) -= t * diagonal_wa;
  if (!theta_at_zero) {
    const double phi = PhiOf(theta, t);
    const double dtheta_dphi = 0.5 * t * std::pow(1.0 + t * phi, -1.5);
    scores.col(k + 1) =
        dtheta_dphi * (-1.0 / (1.0 - theta) + t * (1.0 - theta) * arma::square(unit_means) / sigma2);
  }
  return ClusteredSandwich(inverse, scores);
}

}  // namespace

std::string ToString(RandomErrorStructure error) { return engine::WordOf(kRandomErrorWords, error); }

RandomErrorStructure ParseRandomErrorStructure(const std::string& text) {
  return engine::ParseWord(kRandomErrorWords, text, "random_error");
}

FitResult FitPanelRandomEffects(const SpatialDesign& design,
                                ModelKind kind,
                                bool mundlak,
                                const SpatialFitOptions& options,
                                RandomErrorStructure error) {
  const auto start = std::chrono::steady_clock::now();
  if (kind != ModelKind::kSar && kind != ModelKind::kSem) {
    throw engine::OptionError("`model` " + ToString(kind) + ": random effects are available for sar and sem");
  }
  const bool bsk = error == RandomErrorStructure::kBsk;
  if (bsk && kind != ModelKind::kSem) {
    throw engine::OptionError("`random_error` bsk: the Baltagi-Song-Koh error is available for sem");
  }
  ValidateSpatialFitOptions(options);
  if (options.covariance == CovarianceEstimator::kSandwich) {
    throw engine::OptionError(
        "`vcov` sandwich is not yet available for random effects (their covariance is the numerical "
        "Hessian; `vcov` cluster gives the sandwich clustered by unit)");
  }
  const bool clustered = options.covariance == CovarianceEstimator::kCluster;
  if (clustered && (bsk || !design.IsBalanced())) {
    throw engine::OptionError(
        "`vcov` cluster for random effects is available on a balanced panel with the kkp error (sar, sem): "
        "the units' scores split the Jacobian by the diagonal of the one N x N W_A");
  }
  const engine::WeightsOperator& w = design.W();
  const std::int64_t units = w.Units();
  const std::int64_t periods = design.Periods();
  const bool balanced = design.IsBalanced();
  if (bsk && !balanced) {
    throw engine::OptionError(
        "`random_error` bsk needs a balanced panel: its whitening is one N x N factorisation shared by every "
        "period (kkp, the default, fits unbalanced panels)");
  }
  if (bsk) RequireBskSize(units);
  const double t = static_cast<double>(periods);
  const UnitView view = UnitViewOf(design);
  const engine::ModelFrame frame = mundlak ? MundlakFrame(design.Frame(), view) : design.Frame();
  const OlsFit ols = FitOls(frame, OlsOptions{});  // collinearity, finiteness, N T > k
  // An unbalanced panel: each period's W_t lags its rows, the Jacobian is sum_t log|I - rho W_t|, and each
  // unit's theta_i follows its own number of periods; the error model's effects are in the filtered
  // equation, B_t (y_t - X_t b) = mu + nu_t, as the Kapoor-Kelejian-Prucha structure has them.
  const RandomEffectsTransformation transformation =
      balanced ? RandomEffectsTransformation(units, periods)
               : RandomEffectsTransformation(design.PeriodWeights().RowUnits(), units, periods);
  const auto lag = [&](const arma::mat& v) {
    return balanced ? arma::mat(w.Apply(v)) : design.PeriodWeights().Apply(v);
  };
  RandomEffectsData data;
  data.lag = kind == ModelKind::kSar;
  data.frame = &frame;
  data.wy = lag(frame.y);
  if (!data.lag) data.wx = lag(frame.x);
  data.units = units;
  data.periods = periods;
  data.transformation = &transformation;
  data.jacobian_periods = balanced ? t : 1.0;
  const std::string parameter = data.lag ? "rho" : "lambda";
  const double observations = static_cast<double>(frame.y.n_elem);
  const std::unique_ptr<engine::LogDeterminant> log_determinant =
      balanced ? engine::CreateLogDeterminant(w, options.logdet)
               : engine::CreateSummedLogDeterminant(design.PeriodWeights(), options.logdet);
  std::unique_ptr<RandomEffectsLikelihood> likelihood;
  if (bsk) {
    likelihood = std::make_unique<BskErrorLikelihood>(data, w, *log_determinant);
  } else {
    likelihood = std::make_unique<QuasiDemeanedLikelihood>(data, *log_determinant);
  }

  const auto value_at = [&](double value, double theta, double sse) {
    return ConcentratedValue(
        likelihood->Jacobian(value, theta), sse, observations, parameter, value,
        bsk ? "the whitened y is fitted exactly" : "the quasi-demeaned y is fitted exactly");
  };
  // The profile over theta: the best rho (lambda) at each theta (the inner searches are not logged).
  SpatialFitOptions inner_options = options;
  inner_options.iteration_log = nullptr;
  const auto best_at = [&](double theta) {
    return MaximizeOverBounds(
        [&](double value) { return value_at(value, theta, likelihood->ProfileSse(value, theta)); },
        *log_determinant, inner_options, parameter);
  };
  // The joint likelihood in (rho or lambda, theta), maximised by Ceres (BFGS on the logistic-transformed
  // box, central-difference gradient) from the best point of a coarse profile over theta (each point's
  // spatial parameter by Brent), which guards against a local maximum of the joint surface. A maximum at
  // theta = 0 (no variance of the effects), which the transformed search can only approach, is located
  // instead by the profile's own search over theta (Brent, the bound included).
  const engine::RhoBounds bounds = log_determinant->Bounds();
  const double margin = std::sqrt(std::numeric_limits<double>::epsilon()) * (bounds.upper - bounds.lower);
  double start_theta = 0.0;
  engine::ScalarMaximum start_point;
  for (const double theta : {0.2, 0.5, 0.8}) {
    const engine::ScalarMaximum profile = best_at(theta);
    if (theta == 0.2 || profile.value > start_point.value) {
      start_point = profile;
      start_theta = theta;
    }
  }
  engine::CeresMaximizerOptions joint_options;
  joint_options.lower = {bounds.lower + margin, 0.0};
  joint_options.upper = {bounds.upper - margin, kThetaMax};
  joint_options.max_iterations = options.max_iterations;
  if (options.iteration_log) {
    joint_options.on_iteration = [&options, &parameter, t](int iteration, std::span<const double> x,
                                                           double value) {
      options.iteration_log(
          fmt::format("Iteration {}: log likelihood = {:.10g}  ({} = {:.8g}, theta = {:.8g}, "
                      "phi = {:.8g})",
                      iteration, value, parameter, x[0], x[1], PhiOf(x[1], t)));
    };
  }
  const engine::BoxObjective objective = [&](std::span<const double> x, double* value, std::span<double>) {
    try {
      *value = value_at(x[0], x[1], likelihood->ProfileSse(x[0], x[1]));
    } catch (const engine::NumericalError&) {
      return false;  // the line search steps back
    }
    return std::isfinite(*value);
  };
  const engine::MaximizerResult joint = engine::MaximizeInBox(
      objective,
      {std::clamp(start_point.argument, joint_options.lower[0] + margin, joint_options.upper[0] - margin),
       start_theta},
      joint_options);
  double theta = joint.x[1];
  engine::ScalarMaximum maximum;
  maximum.argument = joint.x[0];
  maximum.value = joint.value;
  maximum.iterations = joint.iterations;
  maximum.converged = joint.converged;
  const double width = bounds.upper - bounds.lower;
  maximum.at_lower_bound = joint.x[0] - bounds.lower <= joint_options.at_bound_tolerance * width;
  maximum.at_upper_bound = bounds.upper - joint.x[0] <= joint_options.at_bound_tolerance * width;
  bool theta_at_zero = false;
  int iterations = joint.iterations;
  const bool searched_theta = theta <= joint_options.at_bound_tolerance;
  if (searched_theta) {
    engine::ScalarMaximizerOptions theta_options;
    theta_options.tolerance = options.tolerance;
    theta_options.max_iterations = options.max_iterations;
    theta_options.argument_name = "theta";
    theta_options.function_name = "profile log-likelihood";
    const engine::ScalarMaximum theta_maximum =
        engine::MaximizeScalar([&](double at) { return best_at(at).value; }, 0.0, kThetaMax, theta_options);
    theta_at_zero = theta_maximum.at_lower_bound;
    theta = theta_at_zero ? 0.0 : theta_maximum.argument;  // at the bound: the pooled model exactly
    maximum = best_at(theta);
    iterations += theta_maximum.iterations;
  }
  const double estimate = maximum.argument;
  const FilteredRegression regression = likelihood->Regression(estimate, theta);
  const arma::vec& beta = regression.beta;
  const double sigma2 = regression.sse / observations;
  const double phi = PhiOf(theta, t);

  // Covariance of (beta, parameter, phi): the numerical Hessian of the log-likelihood, sigma2 concentrated
  // (with `vcov` cluster instead the sandwich around the full likelihood's Hessian, sigma2 included).
  // With phi at its bound 0 it has no two-sided difference: (beta, parameter) then, phi held at 0.
  const arma::uword k = beta.n_elem;
  const arma::uword free_parameters = theta_at_zero ? k + 1 : k + 2;
  const auto log_likelihood = [&](const arma::vec& point) {
    const double point_theta = theta_at_zero ? 0.0 : ThetaOf(point[k + 1], t);
    return value_at(point[k], point_theta, likelihood->Sse(point.head(k), point[k], point_theta));
  };
  arma::vec point(free_parameters);
  point.head(k) = beta;
  point[k] = estimate;
  if (!theta_at_zero) point[k + 1] = phi;
  engine::NumericalHessianOptions hessian_options;
  hessian_options.lower_limits = arma::vec(free_parameters).fill(-arma::datum::inf);
  hessian_options.upper_limits = arma::vec(free_parameters).fill(arma::datum::inf);
  hessian_options.lower_limits[k] = log_determinant->Bounds().lower;
  hessian_options.upper_limits[k] = log_determinant->Bounds().upper;
  if (!theta_at_zero) hessian_options.lower_limits[k + 1] = 0.0;
  arma::mat covariance;
  if (clustered) {
    covariance = ClusteredRandomEffectsCovariance(data, *likelihood, w, beta, estimate, theta, sigma2,
                                                  theta_at_zero, hessian_options, options)
                     .submat(0, 0, free_parameters - 1, free_parameters - 1);
  } else {
    const arma::mat hessian = engine::NumericalHessian(log_likelihood, point, hessian_options);
    if (!arma::inv_sympd(covariance, arma::symmatu(-hessian)) && !arma::inv(covariance, -hessian)) {
      throw engine::NumericalError(fmt::format(
          "the numerical Hessian of the random-effects log-likelihood is singular at {}={:.10g}, phi={:.6g}",
          parameter, estimate, phi));
    }
  }

  FitResult result;
  SetMaximumLikelihoodHeader(result, ToString(kind), frame);
  for (arma::uword j = 0; j < k; ++j) {
    result.coefficients.push_back(
        NormalCoefficient(DesignCoefficient(frame, j), beta[j], std::sqrt(covariance(j, j))));
  }
  const double estimate_se = std::sqrt(covariance(k, k));
  result.coefficients.push_back(NormalCoefficient(
      parameter, data.lag ? CoefficientRole::kRho : CoefficientRole::kLambda, estimate, estimate_se));
  result.vcov = covariance.submat(0, 0, k, k);
  result.sigma2 = sigma2;
  result.log_likelihood = maximum.value;
  const double parameters = static_cast<double>(k) + 3.0;  // beta, the spatial parameter, phi and sigma2
  result.aic = -2.0 * result.log_likelihood + 2.0 * parameters;
  result.bic = -2.0 * result.log_likelihood + std::log(observations) * parameters;
  result.diagnostics.push_back(WaldTest(parameter, estimate, estimate_se));
  if (mundlak) {
    result.diagnostics.push_back(MundlakTest(result));
  } else {
    arma::mat gls;
    if (arma::inv_sympd(gls, arma::symmatu(likelihood->GlsCrossProduct(estimate, theta)))) {
      SpatialFitOptions fixed_options = options;
      fixed_options.covariance = CovarianceEstimator::kAnalytic;
      fixed_options.iteration_log = nullptr;  // the comparison fit's search is not this fit's
      const FitResult fixed_effects =
          FitPanelSpatial(FixedEffectsDesign(design, view), kind,
                          PanelOptions{PanelEffects::kIndividual, false}, fixed_options)
              .result;
      result.diagnostics.push_back(HausmanTest(fixed_effects, result, sigma2 * gls));
    }
  }
  AddStatistic(result, "phi", phi);
  if (!theta_at_zero) AddStatistic(result, "phi_std_error", std::sqrt(covariance(k + 1, k + 1)));
  AddStatistic(result, "theta", theta);
  AddStatistic(result, "sigma2_mu", phi * sigma2);
  AddStatistic(result, "sse", regression.sse);
  AddStatistic(result, "log_likelihood_ols", ols.result.log_likelihood);
  AddStatistic(result, parameter + "_lower", log_determinant->Bounds().lower);
  AddStatistic(result, parameter + "_upper", log_determinant->Bounds().upper);
  AddStatistic(result, "iterations", iterations);
  std::vector<std::string> notes;
  if (theta_at_zero) {
    notes.push_back(
        "phi = sigma2_mu / sigma2_nu is estimated at 0: the random effects have no variance and the "
        "model is the pooled one (phi, on its bound, has no standard error; the others' are the pooled "
        "model's)");
  }
  PanelInfo panel = DescribePanel(design);
  panel.effects = mundlak ? "random (Mundlak)" : "random";
  panel.phi = phi;
  panel.sigma2_mu = phi * sigma2;
  result.panel = panel;
  FinishOneParameterMlResult(
      frame, w.Weights(), *log_determinant, maximum, options, parameter, std::move(notes),
      (clustered ? fmt::format("clustered by unit ({} clusters): the sandwich of the "
                               "numerical Hessian over (beta, {}, phi, sigma2) around "
                               "the scores summed over each unit's periods, G / (G - 1)",
                               units, parameter)
                 : "numerical Hessian of the random-effects log-likelihood over (beta, " + parameter +
                       ", phi), sigma2 concentrated") +
          ErrorStructureWords(kind, error),
      start, result);
  if (result.status == FitStatus::kConverged || result.status == FitStatus::kNotConverged) {
    result.status_message =
        searched_theta
            ? fmt::format(
                  "the joint search approached theta = 0; the Brent search over theta then {} ({} "
                  "iterations in all)",
                  theta_at_zero ? "put phi at 0" : "found an interior maximum", iterations)
            : fmt::format("Ceres BFGS search of the joint likelihood in ({}, theta) {} in {} iterations: {}",
                          parameter, joint.converged ? "converged" : "did not converge", joint.iterations,
                          joint.message);
  }
  return result;
}

}  // namespace hinterland::estimators
