// The SAC covariances (see sac_covariance.hpp for the information matrix). The rho-lambda term is
// E[-d2 logL / drho dlambda] = (1/s2) E[(B W1 y)'W2 u + e'W2 W1 y] with y = A^-1 (X b + B^-1 e), which gives
// tr(C'W_B) + tr(W2 W_A B^-1); every trace of a product is an elementwise sum, so only one dense product
// (C = (B W_A) B^-1) is formed besides the two inverses.
#include "estimators/sac/sac_covariance.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/inference/numerical_hessian.hpp"
#include "estimators/common/spatial_ml_inference.hpp"

namespace hinterland::estimators {
namespace {

// Dense (I - coefficient W)^-1 (small n only; see the header).
arma::mat DenseFilterInverse(const engine::SpatialWeights& w, double coefficient, const std::string& name) {
  arma::mat filter = -coefficient * arma::mat(w.ToSparseMatrix());
  filter.diag() += 1.0;
  arma::mat inverse;
  if (!arma::inv(inverse, filter)) {
    throw engine::NumericalError(
        fmt::format("I - {} W is singular at {}={:.10g}; no analytic covariance", name, name, coefficient));
  }
  return inverse;
}

arma::mat InvertInformation(const arma::mat& information, const SacEstimates& estimates, const char* what) {
  arma::mat inverse;
  if (!arma::inv_sympd(inverse, arma::symmatu(information)) && !arma::inv(inverse, information)) {
    throw engine::NumericalError(
        fmt::format("the {} is singular at rho={:.10g}, lambda={:.10g}; no covariance", what, estimates.rho,
                    estimates.lambda));
  }
  return inverse;
}

// (I_T (x) M) v for the N x N `matrix` and v of T blocks of N rows (period-major); M v when T = 1.
arma::vec ApplyPerPeriod(const arma::mat& matrix, const arma::vec& v) {
  const arma::uword units = matrix.n_cols;
  arma::vec product(v.n_elem);
  for (arma::uword start = 0; start < v.n_elem; start += units) {
    product.subvec(start, start + units - 1) = matrix * v.subvec(start, start + units - 1);
  }
  return product;
}

arma::vec MultiplyPerPeriod(const engine::SpatialWeights& w, const arma::vec& v) {
  const auto units = static_cast<arma::uword>(w.n());
  arma::vec product(v.n_elem);
  for (arma::uword start = 0; start < v.n_elem; start += units) {
    product.subvec(start, start + units - 1) = w.Multiply(arma::vec(v.subvec(start, start + units - 1)));
  }
  return product;
}

// From the order (rho, lambda, beta) starting at `first` to (beta, rho, lambda).
arma::mat ToCoefficientOrder(const arma::mat& covariance, arma::uword first) {
  const arma::uword p = covariance.n_rows - first;
  arma::uvec order(p);
  for (arma::uword j = 0; j + 2 < p; ++j) order[j] = first + 2 + j;
  order[p - 2] = first;
  order[p - 1] = first + 1;
  return arma::symmatu(arma::mat(covariance.submat(order, order)));
}

}  // namespace

namespace {

// The dense N x N matrices of the analytic information and of the scores (small N only).
struct SacFilters {
  arma::mat a_inverse;  // (I - rho W1)^-1
  arma::mat b_inverse;  // (I - lambda W2)^-1
  arma::mat w_a;        // W1 A^-1
  arma::mat w_b;        // W2 B^-1
};

SacFilters DenseSacFilters(const engine::SpatialWeights& w1,
                           const engine::SpatialWeights& w2,
                           const SacEstimates& estimates) {
  SacFilters filters;
  filters.a_inverse = DenseFilterInverse(w1, estimates.rho, "rho");
  filters.b_inverse = DenseFilterInverse(w2, estimates.lambda, "lambda");
  filters.w_a = w1.Multiply(filters.a_inverse);
  filters.w_b = w2.Multiply(filters.b_inverse);
  return filters;
}

// The information matrix over (sigma2, rho, lambda, beta) (see the header).
arma::mat SacInformation(const SacData& data,
                         const engine::SpatialWeights& w2,
                         const SacFilters& filters,
                         const SacEstimates& estimates) {
  const arma::uword k = estimates.beta.n_elem;
  const double n = data.observations;
  const double t = data.jacobian_periods;  // each N x N trace counts once per period
  const double s2 = estimates.sigma2;
  const double lambda = estimates.lambda;
  const arma::mat& w_a = filters.w_a;
  const arma::mat& w_b = filters.w_b;
  const arma::mat w2_w_a = w2.Multiply(w_a);                                   // W2 W_A
  const arma::mat c = (w_a - lambda * w2_w_a) * filters.b_inverse;             // B W_A B^-1
  const arma::mat bx = data.x - lambda * data.w2x;                             // B X
  const arma::vec w_a_xb = ApplyPerPeriod(w_a, data.x * estimates.beta);       // W_A X b
  const arma::vec b_w_a_xb = w_a_xb - lambda * MultiplyPerPeriod(w2, w_a_xb);  // B W_A X b

  arma::mat information(k + 3, k + 3, arma::fill::zeros);
  information(0, 0) = n / (2.0 * s2 * s2);
  information(0, 1) = information(1, 0) = t * arma::trace(w_a) / s2;
  information(0, 2) = information(2, 0) = t * arma::trace(w_b) / s2;
  information(1, 1) =
      t * (arma::accu(w_a % w_a.t()) + arma::accu(c % c)) + arma::dot(b_w_a_xb, b_w_a_xb) / s2;
  information(2, 2) = t * (arma::accu(w_b % w_b.t()) + arma::accu(w_b % w_b));
  information(1, 2) = information(2, 1) =
      t * (arma::accu(w_b % c) + arma::accu(w2_w_a % filters.b_inverse.t()));
  const arma::vec rho_beta = bx.t() * b_w_a_xb / s2;
  information.submat(3, 1, k + 2, 1) = rho_beta;
  information.submat(1, 3, 1, k + 2) = rho_beta.t();
  information.submat(3, 3, k + 2, k + 2) = bx.t() * bx / s2;
  return information;
}

}  // namespace

arma::mat SacAnalyticCovariance(const SacData& data,
                                const engine::SpatialWeights& w1,
                                const engine::SpatialWeights& w2,
                                const SacEstimates& estimates) {
  const arma::mat information = SacInformation(data, w2, DenseSacFilters(w1, w2, estimates), estimates);
  return ToCoefficientOrder(InvertInformation(information, estimates, "asymptotic information matrix"), 1);
}

arma::mat SacRowScores(const SacData& data,
                       const engine::SpatialWeights& w1,
                       const engine::SpatialWeights& w2,
                       const SacEstimates& estimates) {
  const SacFilters filters = DenseSacFilters(w1, w2, estimates);
  return SacRowScores(data, filters.w_a.diag(), filters.w_b.diag(), estimates);
}

arma::mat SacRowScores(const SacData& data,
                       const arma::vec& diagonal_wa,
                       const arma::vec& diagonal_wb,
                       const SacEstimates& estimates) {
  const arma::uword k = estimates.beta.n_elem;
  const double rho = estimates.rho;
  const double lambda = estimates.lambda;
  const double s2 = estimates.sigma2;
  const arma::vec u = data.y - rho * data.wy - data.x * estimates.beta;  // A y - X b
  const arma::vec w2u = data.w2y - rho * data.w2wy - data.w2x * estimates.beta;
  const arma::vec e = u - lambda * w2u;  // B u
  const arma::vec b_w1_y = data.wy - lambda * data.w2wy;
  const arma::mat bx = data.x - lambda * data.w2x;
  const auto units = diagonal_wa.n_elem;
  const arma::uword periods = e.n_elem / units;
  arma::mat scores(e.n_elem, k + 3);
  scores.col(0) = (arma::square(e) / s2 - 1.0) / (2.0 * s2);
  scores.col(1) = b_w1_y % e / s2 - arma::repmat(diagonal_wa, periods, 1);
  scores.col(2) = w2u % e / s2 - arma::repmat(diagonal_wb, periods, 1);
  scores.cols(3, k + 2) = bx.each_col() % (e / s2);
  return scores;
}

arma::mat SacClusteredCovariance(const SacData& data,
                                 const engine::SpatialWeights& w1,
                                 const engine::SpatialWeights& w2,
                                 const SacEstimates& estimates) {
  const SacFilters filters = DenseSacFilters(w1, w2, estimates);
  const arma::mat inverse = InvertInformation(SacInformation(data, w2, filters, estimates), estimates,
                                              "asymptotic information matrix");
  const arma::mat scores = SacRowScores(data, filters.w_a.diag(), filters.w_b.diag(), estimates);
  // Rows are period-major: row r is unit r mod N.
  std::vector<std::int64_t> units(scores.n_rows);
  for (std::size_t r = 0; r < units.size(); ++r) units[r] = static_cast<std::int64_t>(r) % w1.n();
  return ToCoefficientOrder(ClusteredSandwich(inverse, SumByCluster(scores, units, w1.n())), 1);
}

arma::mat SacHessianCovariance(const SacData& data,
                               const engine::LogDeterminant& log_det_1,
                               const engine::LogDeterminant& log_det_2,
                               const SacEstimates& estimates) {
  const arma::uword k = estimates.beta.n_elem;
  arma::vec theta(k + 2);
  theta[0] = estimates.rho;
  theta[1] = estimates.lambda;
  theta.tail(k) = estimates.beta;
  engine::NumericalHessianOptions options;
  options.lower_limits.set_size(k + 2);
  options.upper_limits.set_size(k + 2);
  options.lower_limits.fill(-arma::datum::inf);
  options.upper_limits.fill(arma::datum::inf);
  options.lower_limits[0] = log_det_1.Bounds().lower;
  options.upper_limits[0] = log_det_1.Bounds().upper;
  options.lower_limits[1] = log_det_2.Bounds().lower;
  options.upper_limits[1] = log_det_2.Bounds().upper;
  const auto log_likelihood = [&](const arma::vec& point) {
    return SacLogLikelihoodAt(data, log_det_1, log_det_2, point[0], point[1], point.tail(k));
  };
  const arma::mat hessian = engine::NumericalHessian(log_likelihood, theta, options);
  return ToCoefficientOrder(InvertInformation(-hessian, estimates, "numerical Hessian of the log-likelihood"),
                            0);
}

}  // namespace hinterland::estimators
