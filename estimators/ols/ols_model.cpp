// OLS through the thin SVD of the column-scaled design Xs = X D^-1 (D = column lengths): Xs = U S V'.
// beta = D^-1 V S^-1 U'y, (X'X)^-1 = D^-1 V S^-2 V' D^-1, leverages h_ii = ||U_i||^2 for HC2/HC3 (MacKinnon &
// White 1985), scaled condition number s_max / s_min and variance-decomposition proportions (Belsley, Kuh &
// Welsch 1980). Summary statistics follow R's summary.lm and logLik.lm (uncentred R^2 without an
// intercept; k + 1 parameters in AIC/BIC). Assumes a ModelFrame with consistent sizes (its builder checks).
#include "estimators/ols/ols_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numbers>
#include <numeric>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/inference/distributions.hpp"
#include "estimators/common/result_building.hpp"

namespace hinterland::estimators {

namespace {

// Weights in a null-space vector below this fraction of the largest are rounding noise, not involvement.
constexpr double kInvolvementThreshold = 1e-6;
// Belsley, Kuh & Welsch: a regressor with more than half of its variance tied to the smallest singular
// value is involved in the near dependency.
constexpr double kBelsleyProportion = 0.5;

// The SVD of the column-scaled design and the scales themselves.
struct ScaledSvd {
  arma::vec scales;           // k: Euclidean length of each column of X
  arma::mat left;             // n x k: U
  arma::vec singular_values;  // k: descending
  arma::mat right;            // k x k: V
};

void CheckShapes(const engine::ModelFrame& frame) {
  const arma::uword n = frame.x.n_rows;
  const arma::uword k = frame.x.n_cols;
  HINTERLAND_CHECK(frame.y.n_elem == n, "ModelFrame: y and X differ in rows");
  HINTERLAND_CHECK(frame.column_names.size() == k, "ModelFrame: one name per design column");
  HINTERLAND_CHECK(frame.column_kinds.empty() || frame.column_kinds.size() == k,
                   "ModelFrame: one kind per design column");
  HINTERLAND_CHECK(frame.ids.empty() || frame.ids.size() == n, "ModelFrame: one id per row");
}

void ValidateOptions(const OlsOptions& options) {
  if (!(options.condition_number_warning > 1.0)) {
    throw engine::OptionError(fmt::format("condition number warning threshold {} must be greater than 1",
                                          options.condition_number_warning));
  }
  if (!(options.rank_tolerance > 0.0 && options.rank_tolerance < 1.0)) {
    throw engine::OptionError(
        fmt::format("rank tolerance {} must lie strictly between 0 and 1", options.rank_tolerance));
  }
  if (FamilyOf(options.vcov) != CovarianceFamily::kLeastSquares) {
    throw engine::OptionError({{"vcov", ToString(options.vcov),
                                ToString(options.vcov) + ": not a least-squares covariance (" +
                                    CovarianceWords(CovarianceFamily::kLeastSquares) + ")"}});
  }
}

std::string RowLabel(const engine::ModelFrame& frame, arma::uword row) {
  if (!frame.ids.empty()) return fmt::format("id \"{}\"", frame.ids[row]);
  return fmt::format("row {}", row + 1);
}

void RequireFinite(const engine::ModelFrame& frame) {
  for (arma::uword i = 0; i < frame.y.n_elem; ++i) {
    if (!std::isfinite(frame.y[i])) {
      throw engine::DataError(
          fmt::format("response \"{}\" is {} for {}", frame.dependent, frame.y[i], RowLabel(frame, i)));
    }
  }
  for (arma::uword j = 0; j < frame.x.n_cols; ++j) {
    for (arma::uword i = 0; i < frame.x.n_rows; ++i) {
      if (!std::isfinite(frame.x(i, j))) {
        throw engine::DataError(fmt::format("regressor \"{}\" is {} for {}", frame.column_names[j],
                                            frame.x(i, j), RowLabel(frame, i)));
      }
    }
  }
}

void RequireMoreObservationsThanCoefficients(arma::uword n, arma::uword k) {
  if (n <= k) {
    throw engine::DataError(fmt::format(
        "{} observations but {} coefficients: least squares needs more observations than coefficients", n,
        k));
  }
}

bool HasIntercept(const engine::ModelFrame& frame) {
  for (engine::ColumnKind kind : frame.column_kinds) {
    if (kind == engine::ColumnKind::kIntercept) return true;
  }
  return std::find(frame.column_names.begin(), frame.column_names.end(), "(Intercept)") !=
         frame.column_names.end();
}

// "\"a\"", "\"a\" and \"b\"", "\"a\", \"b\" and \"c\"".
std::string QuotedList(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += (i + 1 == names.size()) ? " and " : ", ";
    text += "\"" + names[i] + "\"";
  }
  return text;
}

arma::vec ColumnScales(const engine::ModelFrame& frame) {
  arma::vec scales(frame.x.n_cols);
  for (arma::uword j = 0; j < frame.x.n_cols; ++j) {
    scales[j] = arma::norm(frame.x.col(j));
    if (scales[j] == 0.0) {
      throw engine::DataError(
          fmt::format("regressor \"{}\" is zero in every observation: drop it", frame.column_names[j]));
    }
  }
  return scales;
}

// Right singular vectors and singular values of the columns `columns` of `matrix` (no U needed).
void RightSvdOfColumns(const arma::mat& matrix,
                       const arma::uvec& columns,
                       arma::vec& values,
                       arma::mat& right) {
  arma::mat left;
  const arma::mat sub = matrix.cols(columns);
  if (!arma::svd_econ(left, values, right, sub, "right")) {
    throw engine::NumericalError("the singular value decomposition of the design matrix failed");
  }
}

// "x3 = 2 x2 - 0.5 (Intercept)": column `dependent` written as a combination of the others in `columns`,
// from the null vector `v` of the scaled columns (sum_i v_i x_i / d_i = 0).
std::string Relation(const std::vector<std::string>& names,
                     const arma::vec& scales,
                     const arma::uvec& columns,
                     const arma::vec& null_vector,
                     arma::uword dependent_position,
                     std::vector<std::string>& involved) {
  const double largest = arma::abs(null_vector).max();
  const arma::uword dependent = columns[dependent_position];
  std::string right_side;
  for (arma::uword p = 0; p < columns.n_elem; ++p) {
    if (p == dependent_position || std::fabs(null_vector[p]) <= kInvolvementThreshold * largest) continue;
    const arma::uword column = columns[p];
    const double coefficient =
        -(null_vector[p] / null_vector[dependent_position]) * (scales[dependent] / scales[column]);
    const double magnitude = std::fabs(coefficient);
    const std::string term = std::fabs(magnitude - 1.0) < 1e-9
                                 ? names[column]
                                 : fmt::format("{:.6g} {}", magnitude, names[column]);
    if (right_side.empty()) {
      right_side = (coefficient < 0 ? "-" : "") + term;
    } else {
      right_side += (coefficient < 0 ? " - " : " + ") + term;
    }
    involved.push_back(names[column]);
  }
  involved.push_back(names[dependent]);
  return names[dependent] + " = " + right_side;
}

// Walks the columns in order and writes each one that depends on earlier, independent ones as an explicit
// relation (as R's pivoting drops the later column). Only runs once the design is known to be deficient.
[[noreturn]] void ThrowCollinearity(const engine::ModelFrame& frame,
                                    const ScaledSvd& svd,
                                    double rank_tolerance) {
  // Xs = U (S V'), and U has orthonormal columns: any subset of the columns of Xs has the singular values and
  // right singular vectors of the same columns of the k x k matrix S V'. The walk below never touches n.
  const arma::mat reduced = arma::diagmat(svd.singular_values) * svd.right.t();
  std::vector<arma::uword> kept;
  std::vector<std::string> relations;
  std::vector<std::string> involved;
  arma::vec values;
  arma::mat right;
  for (arma::uword j = 0; j < reduced.n_cols; ++j) {
    std::vector<arma::uword> candidate = kept;
    candidate.push_back(j);
    const arma::uvec columns(candidate);
    RightSvdOfColumns(reduced, columns, values, right);
    if (values[values.n_elem - 1] <= rank_tolerance * values[0]) {
      relations.push_back(Relation(frame.column_names, svd.scales, columns, right.col(right.n_cols - 1),
                                   columns.n_elem - 1, involved));
    } else {
      kept.push_back(j);
    }
  }
  if (relations.empty()) {
    // The incremental test and the global one disagree at the margin: name the global null space.
    const double largest = svd.singular_values[0];
    for (arma::uword l = 0; l < svd.singular_values.n_elem; ++l) {
      if (svd.singular_values[l] > rank_tolerance * largest) continue;
      const arma::vec v = svd.right.col(l);
      for (arma::uword j = 0; j < v.n_elem; ++j) {
        if (std::fabs(v[j]) > kInvolvementThreshold * arma::abs(v).max()) {
          involved.push_back(frame.column_names[j]);
        }
      }
    }
  }
  std::vector<std::string> unique_involved;
  for (const std::string& name : frame.column_names) {
    if (std::find(involved.begin(), involved.end(), name) != involved.end()) unique_involved.push_back(name);
  }
  std::string detail;
  for (std::size_t r = 0; r < relations.size(); ++r) detail += (r > 0 ? "; " : "") + relations[r];
  throw engine::DataError(fmt::format("regressors {} are collinear{}: drop {}", QuotedList(unique_involved),
                                      detail.empty() ? "" : " (" + detail + ")",
                                      relations.size() > 1 ? "one regressor from each relation" : "one"));
}

ScaledSvd DecomposeScaledDesign(const engine::ModelFrame& frame, const OlsOptions& options) {
  ScaledSvd svd;
  svd.scales = ColumnScales(frame);
  const arma::mat scaled_x = frame.x.each_row() / svd.scales.t();
  if (!arma::svd_econ(svd.left, svd.singular_values, svd.right, scaled_x, "both", "dc")) {
    throw engine::NumericalError("the singular value decomposition of the design matrix failed");
  }
  const double smallest = svd.singular_values[svd.singular_values.n_elem - 1];
  if (!(smallest > options.rank_tolerance * svd.singular_values[0])) {
    ThrowCollinearity(frame, svd, options.rank_tolerance);
  }
  return svd;
}

// Belsley's variance-decomposition proportions for the smallest singular value: the share of each
// coefficient's variance that comes from the near dependency.
std::string NearCollinearityWarning(const engine::ModelFrame& frame,
                                    const ScaledSvd& svd,
                                    double condition_number,
                                    double threshold) {
  const arma::mat phi = arma::square(svd.right).eval().each_row() / arma::square(svd.singular_values).t();
  const arma::vec proportions = phi.col(phi.n_cols - 1) / arma::sum(phi, 1);
  const arma::uvec order = arma::sort_index(proportions, "descend");
  std::vector<arma::uword> chosen;
  for (arma::uword p = 0; p < order.n_elem; ++p) {
    if (proportions[order[p]] > kBelsleyProportion || chosen.size() < 2) chosen.push_back(order[p]);
  }
  std::sort(chosen.begin(), chosen.end());
  std::vector<std::string> names;
  std::string shares;
  for (arma::uword j : chosen) {
    names.push_back(frame.column_names[j]);
    shares += fmt::format("{}{:.2f}", shares.empty() ? "" : ", ", proportions[j]);
  }
  return fmt::format(
      "scaled condition number {:.4g} exceeds {:.4g} (Belsley): regressors {} are nearly collinear "
      "(variance-decomposition proportions {})",
      condition_number, threshold, QuotedList(names), shares);
}

// (X'X)^-1 = D^-1 V S^-2 V' D^-1.
arma::mat XtxInverse(const ScaledSvd& svd) {
  const arma::mat scaled_right = svd.right.each_row() / svd.singular_values.t();
  arma::mat inverse = scaled_right * scaled_right.t();
  inverse.each_col() /= svd.scales;
  inverse.each_row() /= svd.scales.t();
  return arma::symmatu(inverse);
}

// The sandwich (X'X)^-1 X' diag(omega) X (X'X)^-1 of MacKinnon & White (1985).
arma::mat HeteroskedasticityConsistentVcov(const engine::ModelFrame& frame,
                                           const OlsFit& fit,
                                           CovarianceEstimator type,
                                           double absorbed_degrees_of_freedom) {
  const arma::uword n = frame.x.n_rows;
  const arma::uword k = frame.x.n_cols;
  arma::vec omega = arma::square(fit.residuals);
  if (type == CovarianceEstimator::kHC2 || type == CovarianceEstimator::kHC3) {
    for (arma::uword i = 0; i < n; ++i) {
      const double one_minus_h = 1.0 - fit.leverages[i];
      if (!(one_minus_h > 1e-10)) {
        throw engine::NumericalError(fmt::format(
            "`vcov` {} is undefined: {} has leverage 1 (it alone determines a coefficient); use HC0 or HC1",
            ToString(type), RowLabel(frame, i)));
      }
      omega[i] /= (type == CovarianceEstimator::kHC2) ? one_minus_h : one_minus_h * one_minus_h;
    }
  }
  const arma::mat weighted_x = frame.x.each_col() % omega;
  const arma::mat meat = frame.x.t() * weighted_x;
  arma::mat vcov = fit.xtx_inverse * meat * fit.xtx_inverse;
  if (type == CovarianceEstimator::kHC1) {
    vcov *= static_cast<double>(n) / (static_cast<double>(n - k) - absorbed_degrees_of_freedom);
  }
  return arma::symmatu(vcov);
}

// summary.lm's R^2, adjusted R^2 and F; centred only with an intercept.
void AddGoodnessOfFit(const engine::ModelFrame& frame,
                      const OlsFit& fit,
                      double sse,
                      double absorbed_degrees_of_freedom,
                      FitResult& result) {
  const double n = static_cast<double>(frame.x.n_rows);
  const double k = static_cast<double>(frame.x.n_cols);
  const bool intercept = HasIntercept(frame);
  const double intercept_df = intercept ? 1.0 : 0.0;
  const double centre = intercept ? arma::mean(fit.fitted) : 0.0;
  const double model_ss = arma::accu(arma::square(fit.fitted - centre));
  const double r_squared = model_ss / (model_ss + sse);
  const double residual_df = n - k - absorbed_degrees_of_freedom;
  AddStatistic(result, "r_squared", r_squared);
  AddStatistic(result, "adj_r_squared", 1.0 - (1.0 - r_squared) * ((n - intercept_df) / residual_df));
  const double model_df = k - intercept_df;
  if (model_df > 0) {  // an intercept-only model has no F test
    const double f = (model_ss / model_df) / (sse / residual_df);
    AddStatistic(result, "f_statistic", f);
    AddStatistic(result, "f_df1", model_df);
    AddStatistic(result, "f_df2", residual_df);
    AddStatistic(result, "f_p_value", engine::FUpperTail(f, model_df, residual_df));
  }
}

void FillProvenance(const OlsOptions& options, double seconds, Provenance& provenance) {
  provenance.vcov_method = ToString(options.vcov);
  FillEngineProvenance(provenance);
  provenance.stage_seconds.emplace_back("fit", seconds);
}

}  // namespace

OlsFit FitOls(const engine::ModelFrame& frame, const OlsOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  CheckShapes(frame);
  ValidateOptions(options);
  const arma::uword n = frame.x.n_rows;
  const arma::uword k = frame.x.n_cols;
  RequireMoreObservationsThanCoefficients(n, k);
  RequireFinite(frame);

  const ScaledSvd svd = DecomposeScaledDesign(frame, options);
  const double condition_number = svd.singular_values[0] / svd.singular_values[k - 1];

  OlsFit fit;
  const arma::vec rotated_y = svd.left.t() * frame.y;  // U'y
  const arma::vec scaled_beta = svd.right * (rotated_y / svd.singular_values);
  const arma::vec beta = scaled_beta / svd.scales;
  fit.fitted = svd.left * rotated_y;  // the projection of y on the column space of X
  fit.residuals = frame.y - fit.fitted;
  fit.xtx_inverse = XtxInverse(svd);
  fit.leverages = arma::sum(arma::square(svd.left), 1);

  const double sse = arma::dot(fit.residuals, fit.residuals);
  const double residual_df = static_cast<double>(n - k) - options.absorbed_degrees_of_freedom;
  const double sigma2 = sse / residual_df;
  FitResult& result = fit.result;
  result.vcov =
      options.vcov == CovarianceEstimator::kClassical
          ? arma::mat(sigma2 * fit.xtx_inverse)
          : HeteroskedasticityConsistentVcov(frame, fit, options.vcov, options.absorbed_degrees_of_freedom);

  result.model = "ols";
  result.method = "least squares";
  result.formula = frame.formula_text;
  result.dependent = frame.dependent;
  result.data_source = frame.source;
  result.n = static_cast<std::int64_t>(n);
  result.k = static_cast<std::int64_t>(k);
  for (arma::uword j = 0; j < k; ++j) {
    Coefficient coefficient = DesignCoefficient(frame, j);
    coefficient.estimate = beta[j];
    coefficient.std_error = std::sqrt(result.vcov(j, j));
    coefficient.statistic = coefficient.estimate / coefficient.std_error;
    coefficient.p_value = engine::StudentTTwoSided(coefficient.statistic, residual_df);
    result.coefficients.push_back(coefficient);
  }
  result.sigma2 = sigma2;
  const double n_real = static_cast<double>(n);
  result.log_likelihood = -0.5 * n_real * (std::log(2.0 * std::numbers::pi) + std::log(sse / n_real) + 1.0);
  const double parameters = static_cast<double>(k) + 1.0;  // beta and sigma2, as logLik.lm counts them
  result.aic = -2.0 * result.log_likelihood + 2.0 * parameters;
  result.bic = -2.0 * result.log_likelihood + std::log(n_real) * parameters;

  AddGoodnessOfFit(frame, fit, sse, options.absorbed_degrees_of_freedom, result);
  AddStatistic(result, "condition_number", condition_number);
  AddStatistic(result, "sigma2_ml", sse / n_real);
  AddStatistic(result, "residual_df", residual_df);
  if (condition_number > options.condition_number_warning) {
    result.warnings.push_back(
        NearCollinearityWarning(frame, svd, condition_number, options.condition_number_warning));
  }
  for (const engine::DroppedRow& dropped : frame.dropped) {
    result.dropped_ids.push_back(fmt::format("{} ({})", dropped.id, dropped.reason));
  }
  result.status = FitStatus::kConverged;
  result.status_message = "least squares solution (closed form)";
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  FillProvenance(options, seconds, result.provenance);
  return fit;
}

}  // namespace hinterland::estimators
