// Moran's I (Cliff & Ord 1981: moments under normality, randomisation, and for regression residuals) and the
// spatial LM tests (Anselin 1988; Anselin, Bera, Florax & Yoon 1996 for the robust forms) in the forms of
// spdep 1.2-7's moran.test, moran.mc, lm.morantest and lm.LMtests. Weights are used only through CSR loops
// and products W X, W'X (n x k); the traces need k x k matrices and one pass over the links.
#include "estimators/ols/spatial_diagnostics.hpp"

#include <fmt/format.h>

#include <functional>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <span>

#include "engine/core/error.hpp"
#include "engine/inference/distributions.hpp"
#include "engine/weights/weights_summary.hpp"

namespace hinterland::estimators {

namespace {

// (W + W') X / 2, the symmetrised weights spdep's listw2U builds, applied column by column.
arma::mat SymmetrisedProduct(const engine::SpatialWeights& w, const arma::mat& x) {
  arma::mat product = w.Multiply(x);
  arma::vec transposed(x.n_rows);
  for (arma::uword c = 0; c < x.n_cols; ++c) {
    w.MultiplyTransposed(std::span<const double>(x.colptr(c), x.n_rows),
                         std::span<double>(transposed.memptr(), transposed.n_elem));
    product.col(c) = 0.5 * (product.col(c) + transposed);
  }
  return product;
}

void RequireUsableWeights(const engine::SpatialWeights& w) {
  if (w.LinkCount() == 0) {
    throw engine::WeightsError(w.Source() + ": the weights have no links; spatial tests are undefined");
  }
}

// The weights must describe the model's observations in the model's row order (never matched by position).
void RequireAligned(const OlsFit& fit, const engine::ModelFrame& frame, const engine::SpatialWeights& w) {
  const arma::uword n = frame.x.n_rows;
  HINTERLAND_CHECK(fit.residuals.n_elem == n && fit.fitted.n_elem == n,
                   "OlsFit does not belong to the frame");
  if (static_cast<arma::uword>(w.n()) != n) {
    throw engine::WeightsError(
        fmt::format("{}: the weights have {} units but the model has {} observations", w.Source(), w.n(), n));
  }
  for (arma::uword i = 0; i < frame.ids.size(); ++i) {
    if (frame.ids[i] != w.Ids()[i]) {
      throw engine::WeightsError(
          fmt::format("{}: row {} of the model is id \"{}\" but row {} of the weights is id \"{}\"; subset "
                      "the weights to "
                      "the model's ids in their order",
                      w.Source(), i + 1, frame.ids[i], i + 1, w.Ids()[i]));
    }
  }
  RequireUsableWeights(w);
}

void RequireVariableMatches(const arma::vec& x, const engine::SpatialWeights& w) {
  if (static_cast<arma::uword>(w.n()) != x.n_elem) {
    throw engine::WeightsError(fmt::format("{}: the weights have {} units but the variable has {} values",
                                           w.Source(), w.n(), x.n_elem));
  }
  if (!x.is_finite()) throw engine::DataError("Moran's I: the variable has non-finite values");
  RequireUsableWeights(w);
}

// z'Wz, summed row by row (the order the moments were checked against spdep in).
double QuadraticForm(const engine::SpatialWeights& w, const arma::vec& z) {
  const arma::vec lag = w.Multiply(z);
  double total = 0.0;
  for (arma::uword i = 0; i < z.n_elem; ++i) total += z[i] * lag[i];
  return total;
}

MoranResult Standardise(double statistic, double expectation, double variance) {
  MoranResult result;
  result.statistic = statistic;
  result.expectation = expectation;
  result.variance = variance;
  result.z = variance > 0 ? (statistic - expectation) / std::sqrt(variance)
                          : std::numeric_limits<double>::quiet_NaN();
  result.p_value = engine::NormalUpperTail(result.z);
  return result;
}

// Uniform integer in [0, bound) from a 64-bit engine by rejection: unbiased and the same on every platform
// (std::uniform_int_distribution's algorithm is implementation-defined).
std::uint64_t UniformBelow(std::mt19937_64& engine, std::uint64_t bound) {
  const std::uint64_t threshold = (0 - bound) % bound;  // 2^64 mod bound
  while (true) {
    const std::uint64_t draw = engine();
    if (draw >= threshold) return draw % bound;
  }
}

void Shuffle(std::mt19937_64& engine, arma::vec& values) {
  for (arma::uword i = values.n_elem - 1; i > 0; --i) {
    const arma::uword j = static_cast<arma::uword>(UniformBelow(engine, i + 1));
    std::swap(values[i], values[j]);
  }
}

Diagnostic ChiSquaredDiagnostic(const std::string& name,
                                double statistic,
                                double df,
                                const std::string& note) {
  Diagnostic diagnostic;
  diagnostic.name = name;
  diagnostic.statistic = statistic;
  diagnostic.df = df;
  diagnostic.p_value = engine::ChiSquaredUpperTail(statistic, df);
  diagnostic.note = note;
  return diagnostic;
}

}  // namespace

MoranResult MoranTestResiduals(const OlsFit& fit,
                               const engine::ModelFrame& frame,
                               const engine::SpatialWeights& w) {
  return MoranTestResiduals(fit, frame, w, engine::ComputeWeightsConstants(w));
}

MoranResult MoranTestResiduals(const OlsFit& fit,
                               const engine::ModelFrame& frame,
                               const engine::SpatialWeights& w,
                               const engine::WeightsConstants& sums) {
  RequireAligned(fit, frame, w);
  const arma::vec& e = fit.residuals;
  const double residual_ss = arma::dot(e, e);
  if (!(residual_ss > 0))
    throw engine::NumericalError("Moran's I of the residuals: the fit is exact (SSE = 0)");
  const double n = sums.units_with_neighbours;
  const double k = static_cast<double>(frame.x.n_cols);
  const double statistic = (n / sums.s0) * QuadraticForm(w, e) / residual_ss;

  // Cliff & Ord's moments conditional on X with U = (W + W')/2: tr(MU) = -tr((X'X)^-1 X'UX),
  // tr(MUMU) from tr(UU) = S1/2, tr((X'X)^-1 X'UUX) and tr([(X'X)^-1 X'UX]^2).
  const arma::mat& xtx_inverse = fit.xtx_inverse;
  const arma::mat ux = SymmetrisedProduct(w, frame.x);   // n x k
  const arma::mat a = xtx_inverse * (frame.x.t() * ux);  // k x k
  const double trace_a = arma::trace(a);
  const double trace_a_squared = arma::trace(a * a);
  const double trace_b = 4.0 * arma::trace(xtx_inverse * (ux.t() * ux));
  const double expectation = -(n * trace_a) / ((n - k) * sums.s0);
  const double variance = (n * n / (sums.s0 * sums.s0 * (n - k) * (n - k + 2.0))) *
                          (sums.s1 + 2.0 * trace_a_squared - trace_b - 2.0 * trace_a * trace_a / (n - k));
  return Standardise(statistic, expectation, variance);
}

MoranResult MoranTestVariable(const arma::vec& x, const engine::SpatialWeights& w, bool randomisation) {
  RequireVariableMatches(x, w);
  const engine::WeightsConstants sums = engine::ComputeWeightsConstants(w);
  const double n = sums.units_with_neighbours;  // spdep's adjust.n: units without neighbours do not count
  if (n < 4) throw engine::DataError("Moran's I needs at least 4 units with neighbours");
  const arma::vec z = x - arma::mean(x);
  const double z_squares = arma::dot(z, z);
  if (!(z_squares > 0)) throw engine::DataError("Moran's I: the variable is constant");
  const double statistic = (n / sums.s0) * QuadraticForm(w, z) / z_squares;
  const double expectation = -1.0 / (n - 1.0);
  const double s0_squared = sums.s0 * sums.s0;
  double variance = 0.0;
  if (randomisation) {
    // Cliff & Ord (1981) moments under randomisation, with the sample kurtosis over all values (as spdep's
    // moran()).
    const double kurtosis =
        static_cast<double>(x.n_elem) * arma::accu(arma::pow(z, 4)) / (z_squares * z_squares);
    const double first = n * (sums.s1 * (n * n - 3.0 * n + 3.0) - n * sums.s2 + 3.0 * s0_squared);
    const double second = kurtosis * (sums.s1 * (n * n - n) - 2.0 * n * sums.s2 + 6.0 * s0_squared);
    variance =
        (first - second) / ((n - 1.0) * (n - 2.0) * (n - 3.0) * s0_squared) - expectation * expectation;
  } else {
    variance = (n * n * sums.s1 - n * sums.s2 + 3.0 * s0_squared) / (s0_squared * (n * n - 1.0)) -
               expectation * expectation;
  }
  return Standardise(statistic, expectation, variance);
}

MoranPermutationResult MoranPermutationTest(const arma::vec& x,
                                            const engine::SpatialWeights& w,
                                            int permutations,
                                            std::uint64_t seed) {
  if (permutations < 1) {
    throw engine::OptionError(fmt::format("`permutations` {}: must be at least 1", permutations));
  }
  RequireVariableMatches(x, w);
  const engine::WeightsConstants sums = engine::ComputeWeightsConstants(w);
  arma::vec z = x - arma::mean(x);  // centring commutes with permuting, so it is done once
  const double z_squares = arma::dot(z, z);
  if (!(z_squares > 0)) throw engine::DataError("Moran's I: the variable is constant");
  const double scale = sums.units_with_neighbours / (sums.s0 * z_squares);

  MoranPermutationResult result;
  result.statistic = scale * QuadraticForm(w, z);
  result.permutations = permutations;
  result.seed = seed;
  // Ties within rounding of the observed value count as "at least as large" (Hope's test is conservative).
  const double tie_margin = 1e-12 * std::fabs(result.statistic);
  std::mt19937_64 engine(seed);
  int smaller = 0;
  int at_least = 0;
  double sum = 0.0;
  double sum_squares = 0.0;
  for (int draw = 0; draw < permutations; ++draw) {
    Shuffle(engine, z);
    const double permuted = scale * QuadraticForm(w, z);
    if (permuted < result.statistic - tie_margin) {
      ++smaller;
    } else {
      ++at_least;
    }
    sum += permuted;
    sum_squares += permuted * permuted;
  }
  const double count = static_cast<double>(permutations);
  result.rank = smaller + 1;
  result.p_value = (at_least + 1.0) / (count + 1.0);
  result.permuted_mean = sum / count;
  result.permuted_variance =
      permutations > 1 ? (sum_squares - count * result.permuted_mean * result.permuted_mean) / (count - 1.0)
                       : 0.0;
  return result;
}

LmTests LagrangeMultiplierTests(const OlsFit& fit,
                                const engine::ModelFrame& frame,
                                const engine::SpatialWeights& w) {
  return LagrangeMultiplierTests(fit, frame, w, engine::ComputeWeightsConstants(w));
}

namespace {

// The LM tests given how W lags a column of the model's rows and T = tr(W'W + W W) over those rows.
LmTests LagrangeMultiplierTestsWith(const OlsFit& fit,
                                    const engine::ModelFrame& frame,
                                    const std::function<arma::vec(const arma::vec&)>& lag,
                                    double trace,
                                    engine::WeightsStyle style) {
  return LagrangeMultiplierTestsFrom(
      fit, frame, LmIngredients{lag(frame.y), lag(fit.fitted), lag(fit.residuals), trace, style});
}

}  // namespace

LmTests LagrangeMultiplierTestsFrom(const OlsFit& fit,
                                    const engine::ModelFrame& frame,
                                    const LmIngredients& ingredients) {
  const double n = static_cast<double>(frame.x.n_rows);
  const arma::vec& e = fit.residuals;
  const double trace = ingredients.trace;
  const engine::WeightsStyle style = ingredients.style;
  const double sigma2 = arma::dot(e, e) / n;  // the ML estimate, as lm.LMtests
  if (!(sigma2 > 0)) throw engine::NumericalError("LM tests: the fit is exact (SSE = 0)");
  const arma::vec& lagged_fitted = ingredients.lagged_mean;
  const arma::vec x_lagged_fitted = frame.x.t() * lagged_fitted;  // k
  // n J sigma2 = (W X b)' M (W X b) + T sigma2   (Anselin 1988; spdep's J times n)
  const double n_j =
      (arma::dot(lagged_fitted, lagged_fitted) -
       arma::as_scalar(x_lagged_fitted.t() * fit.xtx_inverse * x_lagged_fitted) + trace * sigma2) /
      sigma2;
  const double error_score = arma::dot(e, ingredients.lagged_residuals) / sigma2;  // e'We / sigma2
  const double lag_score = arma::dot(e, ingredients.lagged_y) / sigma2;            // e'Wy / sigma2

  const double lm_error = error_score * error_score / trace;
  const double lm_lag = lag_score * lag_score / n_j;
  const double robust_error_numerator = error_score - (trace / n_j) * lag_score;
  const double robust_lm_error =
      robust_error_numerator * robust_error_numerator / (trace * (1.0 - trace / n_j));
  const double robust_lm_lag = (lag_score - error_score) * (lag_score - error_score) / (n_j - trace);

  const std::string note = style == engine::WeightsStyle::kRowStandardised
                               ? ""
                               : fmt::format("W is not row-standardised (style {}); the LM tests assume it",
                                             engine::ToString(style));
  LmTests tests;
  tests.lm_error = ChiSquaredDiagnostic("LMerr", lm_error, 1, note);
  tests.lm_lag = ChiSquaredDiagnostic("LMlag", lm_lag, 1, note);
  tests.robust_lm_error = ChiSquaredDiagnostic("RLMerr", robust_lm_error, 1, note);
  tests.robust_lm_lag = ChiSquaredDiagnostic("RLMlag", robust_lm_lag, 1, note);
  tests.lm_sarma = ChiSquaredDiagnostic("SARMA", robust_lm_lag + lm_error, 2, note);
  return tests;
}

LmTests LagrangeMultiplierTests(const OlsFit& fit,
                                const engine::ModelFrame& frame,
                                const engine::SpatialWeights& w,
                                const engine::WeightsConstants& constants) {
  RequireAligned(fit, frame, w);
  return LagrangeMultiplierTestsWith(
      fit, frame, [&w](const arma::vec& x) { return w.Multiply(x); }, constants.s1, w.Style());
}

LmTests PanelLagrangeMultiplierTests(const OlsFit& fit,
                                     const engine::ModelFrame& frame,
                                     const engine::WeightsOperator& w) {
  HINTERLAND_CHECK(static_cast<std::int64_t>(frame.x.n_rows) == w.Rows(), "LM tests: W and the rows differ");
  return LagrangeMultiplierTestsWith(
      fit, frame, [&w](const arma::vec& x) { return w.Apply(x); },
      static_cast<double>(w.Periods()) * w.Constants().s1, w.Weights().Style());
}

std::vector<Diagnostic> SpatialDiagnostics(const OlsFit& fit,
                                           const engine::ModelFrame& frame,
                                           const engine::SpatialWeights& w) {
  return SpatialDiagnostics(fit, frame, w, engine::ComputeWeightsConstants(w));
}

std::vector<Diagnostic> SpatialDiagnostics(const OlsFit& fit,
                                           const engine::ModelFrame& frame,
                                           const engine::WeightsOperator& w) {
  return SpatialDiagnostics(fit, frame, w.Weights(), w.Constants());
}

std::vector<Diagnostic> SpatialDiagnostics(const OlsFit& fit,
                                           const engine::ModelFrame& frame,
                                           const engine::SpatialWeights& w,
                                           const engine::WeightsConstants& constants) {
  const MoranResult moran = MoranTestResiduals(fit, frame, w, constants);
  Diagnostic moran_diagnostic;
  moran_diagnostic.name = "Moran's I (residuals)";
  moran_diagnostic.statistic = moran.z;
  moran_diagnostic.df = 0.0;
  moran_diagnostic.p_value = moran.p_value;
  moran_diagnostic.note = fmt::format("I = {:.6g}, E[I] = {:.6g}, Var[I] = {:.6g}; one-sided (greater)",
                                      moran.statistic, moran.expectation, moran.variance);
  moran_diagnostic.values = {
      {"I", moran.statistic}, {"expectation", moran.expectation}, {"variance", moran.variance}};
  const LmTests tests = LagrangeMultiplierTests(fit, frame, w, constants);
  return {moran_diagnostic,      tests.lm_error,      tests.lm_lag,
          tests.robust_lm_error, tests.robust_lm_lag, tests.lm_sarma};
}

std::string LmStyleWarning(const engine::SpatialWeights& w) {
  if (w.Style() == engine::WeightsStyle::kRowStandardised) return "";
  return fmt::format(
      "the LM tests assume row-standardised weights (`style` W, as spdep's lm.LMtests); W here is style {}",
      engine::ToString(w.Style()));
}

FitResult FitOlsWithDiagnostics(const SpatialDesign& design, const OlsOptions& options) {
  OlsFit fit = FitOls(design.Frame(), options);
  if (!design.HasWeights()) {
    fit.result.warnings.push_back(
        "no `weights` given: spatial diagnostics (Moran's I of the residuals, LM tests) were not computed");
    return fit.result;
  }
  const engine::SpatialWeights& w = design.W().Weights();
  fit.result.diagnostics = SpatialDiagnostics(fit, design.Frame(), design.W());
  if (const std::string warning = LmStyleWarning(w); !warning.empty()) fit.result.warnings.push_back(warning);
  return fit.result;
}

}  // namespace hinterland::estimators
