// Power traces and moments of W and the GMRES solve of (I - rho W) x = b. GMRES is restarted with a
// Krylov basis of `restart` vectors (modified Gram-Schmidt, Givens rotations on the Hessenberg matrix);
// the residual is recomputed from scratch at each restart so the stopping test is on the true residual.
#include "engine/linalg/power_traces.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/linalg/sparse_matrix.hpp"
#include "engine/linalg/trace_estimators.hpp"

namespace hinterland::engine {

PowerTraces ComputePowerTraces(const SpatialWeights& w, const PowerTraceOptions& options) {
  HINTERLAND_CHECK(options.degree >= 0, "power trace degree must be non-negative");
  const CsrMatrix matrix = ToCsrMatrix(w);
  const bool all_exact = w.n() <= options.exact_max_n;
  const int exact_order = all_exact ? options.degree : std::min(options.exact_order, options.degree);
  const PolynomialTraces computed = ComputePolynomialTraces(matrix, PolynomialBasis::Power(), options.degree,
                                                            exact_order, options.probes, options.seed);
  PowerTraces result;
  result.traces = computed.traces;
  result.exact_order = computed.exact_degree;
  result.probes = computed.Probes();
  result.std_errors.assign(result.traces.size(), 0.0);
  if (computed.IsStochastic()) {
    const double root_probes = std::sqrt(static_cast<double>(computed.Probes()));
    for (int k = result.exact_order + 1; k <= options.degree; ++k) {
      result.std_errors[k] = arma::stddev(computed.per_probe.col(k)) / root_probes;
    }
  }
  return result;
}

std::vector<double> PowerMoments(const SpatialWeights& w,
                                 const arma::vec& left,
                                 const arma::vec& right,
                                 int degree) {
  HINTERLAND_CHECK(left.n_elem == static_cast<arma::uword>(w.n()) && right.n_elem == left.n_elem,
                   "PowerMoments vectors must have n entries");
  std::vector<double> moments;
  moments.reserve(degree + 1);
  arma::vec power_times_right = right;  // W^k right
  for (int k = 0; k <= degree; ++k) {
    if (k > 0) power_times_right = w.Multiply(power_times_right);
    moments.push_back(arma::dot(left, power_times_right));
  }
  return moments;
}

namespace {

arma::vec ApplyIdentityMinusRhoW(const SpatialWeights& w, double rho, const arma::vec& x) {
  return x - rho * w.Multiply(x);
}

// Applies the Givens rotation (c, s) to the pair (a, b).
void Rotate(double c, double s, double& a, double& b) {
  const double rotated_a = c * a + s * b;
  b = -s * a + c * b;
  a = rotated_a;
}

}  // namespace

arma::vec SolveIdentityMinusRhoW(const SpatialWeights& w,
                                 double rho,
                                 const arma::vec& b,
                                 const ShiftedSolveOptions& options) {
  const arma::uword n = b.n_elem;
  HINTERLAND_CHECK(n == static_cast<arma::uword>(w.n()), "right-hand side must have n entries");
  arma::vec x(n, arma::fill::zeros);
  const double b_norm = arma::norm(b);
  if (b_norm == 0.0) return x;
  const int m = std::max(1, std::min<int>(options.restart, static_cast<int>(n)));
  int steps = 0;
  double relative_residual = 1.0;
  while (steps < options.max_iterations) {
    arma::vec residual = b - ApplyIdentityMinusRhoW(w, rho, x);
    double beta = arma::norm(residual);
    relative_residual = beta / b_norm;
    if (relative_residual <= options.relative_tolerance) return x;
    arma::mat basis(n, m + 1);  // Krylov vectors v_0..v_m
    arma::mat hessenberg(m + 1, m, arma::fill::zeros);
    arma::vec cosines(m), sines(m), g(m + 1, arma::fill::zeros);
    g(0) = beta;
    basis.col(0) = residual / beta;
    int used = 0;
    for (int j = 0; j < m && steps < options.max_iterations; ++j, ++steps) {
      arma::vec v = ApplyIdentityMinusRhoW(w, rho, basis.col(j));
      for (int i = 0; i <= j; ++i) {
        hessenberg(i, j) = arma::dot(v, basis.col(i));
        v -= hessenberg(i, j) * basis.col(i);
      }
      hessenberg(j + 1, j) = arma::norm(v);
      if (hessenberg(j + 1, j) > 0.0) basis.col(j + 1) = v / hessenberg(j + 1, j);
      for (int i = 0; i < j; ++i) Rotate(cosines(i), sines(i), hessenberg(i, j), hessenberg(i + 1, j));
      const double radius = std::hypot(hessenberg(j, j), hessenberg(j + 1, j));
      cosines(j) = radius == 0.0 ? 1.0 : hessenberg(j, j) / radius;
      sines(j) = radius == 0.0 ? 0.0 : hessenberg(j + 1, j) / radius;
      Rotate(cosines(j), sines(j), hessenberg(j, j), hessenberg(j + 1, j));
      Rotate(cosines(j), sines(j), g(j), g(j + 1));
      used = j + 1;
      // A zero subdiagonal means the Krylov space is invariant: the solution is exact in it.
      if (std::abs(g(j + 1)) / b_norm <= options.relative_tolerance * 0.5 || hessenberg(j + 1, j) == 0.0) {
        break;
      }
    }
    const arma::mat upper = arma::trimatu(hessenberg.submat(0, 0, used - 1, used - 1));
    const arma::vec y = arma::solve(arma::trimatu(upper), g.head(used));
    x += basis.cols(0, used - 1) * y;
  }
  const double final_residual = arma::norm(b - ApplyIdentityMinusRhoW(w, rho, x)) / b_norm;
  if (final_residual <= options.relative_tolerance * 10.0) return x;
  std::ostringstream message;
  message << "solving (I - rho W) x = b did not converge at rho = " << rho << ": relative residual "
          << final_residual << " after " << steps << " GMRES steps (is rho inside the interval where "
          << "I - rho W is nonsingular?)";
  throw NumericalError(message.str());
}

}  // namespace hinterland::engine
