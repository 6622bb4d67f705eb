// Central-difference Hessian of a scalar function of a vector (Dennis & Schnabel 1996, sec. 5.6), the
// numerical Hessian behind spatialreg's fdHess option: d2f/dxi dxj from four evaluations at
// x +- h_i e_i +- h_j e_j, and d2f/dxi2 from f(x + h_i e_i) - 2 f(x) + f(x - h_i e_i). Steps are relative
// to the size of each coordinate and shrunk to stay inside given limits (rho's open interval).
#pragma once

#include <armadillo>
#include <functional>

namespace hinterland::engine {

struct NumericalHessianOptions {
  // h_i = relative_step * max(|x_i|, 1). epsilon^(1/4) ~ 1.2e-4 balances the O(h^2) truncation error of
  // central differences against the O(epsilon |f| / h^2) rounding error.
  double relative_step = 1.220703125e-4;
  // Optional open limits per coordinate (empty = unbounded): a step never crosses half the distance to them.
  arma::vec lower_limits;
  arma::vec upper_limits;
};

// The symmetric p x p Hessian of `function` at `x` (p = x.n_elem). Costs 2 p^2 + 1 evaluations.
arma::mat NumericalHessian(const std::function<double(const arma::vec&)>& function,
                           const arma::vec& x,
                           const NumericalHessianOptions& options = {});

}  // namespace hinterland::engine
