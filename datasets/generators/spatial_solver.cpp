// Fixed-point solver for (I - rho W) y = v. Its stopping rule uses the fact that the update
// rho W y + v - y equals the residual v - (I - rho W) y of the current iterate, so the iterate returned
// has a known residual at no extra cost.
#include "datasets/generators/spatial_solver.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/weights/weights_summary.hpp"

namespace hinterland::generators {

double SpectralRadiusBound(const engine::SpatialWeights& w) {
  const engine::WeightsRowSums sums = engine::ComputeRowSums(w);
  return std::min(sums.max_abs_row_sum, sums.max_abs_column_sum);
}

void RequireConvergentParameter(const std::string& parameter_name,
                                double value,
                                const engine::SpatialWeights& w) {
  if (!std::isfinite(value)) {
    throw engine::OptionError(fmt::format("{} {}: must be a finite number", parameter_name, value));
  }
  const double bound = SpectralRadiusBound(w);
  if (!(std::abs(value) * bound < 1.0)) {
    const std::string symbol = parameter_name.substr(parameter_name.find_first_not_of('-'));
    throw engine::OptionError(fmt::format(
        "{} {}: the simulation solves (I - {} W) y = v by fixed-point iteration, which needs |{}| * {} < 1 "
        "({} is "
        "min(max row sum, max column sum) of W, a bound on its spectral radius); use |{}| < {:.6g}{}",
        parameter_name, value, symbol, symbol, bound, bound, symbol, 1.0 / bound,
        w.Style() == engine::WeightsStyle::kRowStandardised ? "" : " or row-standardised weights"));
  }
}

SolveReport SolveSpatialSystem(const engine::SpatialWeights& w,
                               double rho,
                               std::span<const double> v,
                               std::span<double> y,
                               double tolerance) {
  HINTERLAND_CHECK(static_cast<std::int64_t>(v.size()) == w.n() && v.size() == y.size(),
                   "SolveSpatialSystem: length mismatch");
  RequireConvergentParameter("rho", rho, w);
  SolveReport report;
  report.contraction = std::abs(rho) * SpectralRadiusBound(w);
  double v_max = 1.0;
  double v_sum = 0.0;
  for (const double value : v) {
    v_max = std::max(v_max, std::abs(value));
    v_sum += std::abs(value);
  }
  const double threshold = tolerance * v_max;
  // Start from y_0 = v: r_0 = rho W v, so ||r_0||_1 <= q ||v||_1 and ||r_m||_inf <= ||r_m||_1 <= q^(m+1)
  // ||v||_1 in the norm where q holds; both norms dominate the max-norm used to stop.
  std::int64_t max_iterations = 10;  // room for rounding
  if (report.contraction > 0.0 && v_sum > threshold) {
    max_iterations +=
        static_cast<std::int64_t>(std::ceil(std::log(threshold / v_sum) / std::log(report.contraction)));
  }
  std::copy(v.begin(), v.end(), y.begin());
  std::vector<double> next(v.size());
  for (std::int64_t iteration = 1; iteration <= max_iterations; ++iteration) {
    w.Multiply(std::span<const double>(y.data(), y.size()), std::span<double>(next));
    double update = 0.0;
    for (std::size_t i = 0; i < next.size(); ++i) {
      next[i] = rho * next[i] + v[i];
      update = std::max(update, std::abs(next[i] - y[i]));
    }
    report.iterations = iteration;
    report.residual = update;  // the residual of y, the current iterate
    if (update <= threshold) return report;
    std::copy(next.begin(), next.end(), y.begin());
  }
  throw engine::NumericalError(fmt::format(
      "fixed-point solve of (I - rho W) y = v with rho = {} did not reach residual {:.3g} in {} iterations "
      "(residual {:.3g}); W: {}",
      rho, threshold, max_iterations, report.residual, w.Source()));
}

}  // namespace hinterland::generators
