// Multi-start BFGS for the SAC concentrated likelihood (see sac_search.hpp). The box is each
// log-determinant's open interval shrunk by sqrt(epsilon) of its width, as MaximizeOverBounds does for SAR
// and SEM, so no evaluation lands where log|I - rho W| is undefined.
#include "estimators/sac/sac_search.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

#include "engine/core/error.hpp"
#include "engine/optim/ceres_maximizer.hpp"
#include "estimators/common/spatial_ml_inference.hpp"

namespace hinterland::estimators {
namespace {

struct Box {
  double lower[2];
  double upper[2];
};

Box SearchBox(const engine::LogDeterminant& log_det_1, const engine::LogDeterminant& log_det_2) {
  Box box{};
  const engine::LogDeterminant* determinants[2] = {&log_det_1, &log_det_2};
  const char* names[2] = {"rho", "lambda"};
  for (int i = 0; i < 2; ++i) {
    const engine::RhoBounds bounds = determinants[i]->Bounds();
    if (!std::isfinite(bounds.lower) || !std::isfinite(bounds.upper)) {
      throw engine::NumericalError(fmt::format(
          "the interval of {} ({}, {}) is not finite: W{} has no negative or no positive eigenvalue",
          names[i], bounds.lower, bounds.upper, i + 1));
    }
    const double margin = std::sqrt(std::numeric_limits<double>::epsilon()) * (bounds.upper - bounds.lower);
    box.lower[i] = bounds.lower + margin;
    box.upper[i] = bounds.upper - margin;
  }
  return box;
}

// Moves a start strictly inside the box (1% of the width from an end) so MaximizeInBox accepts it.
std::vector<double> InsideBox(const Box& box, double rho, double lambda) {
  std::vector<double> start = {rho, lambda};
  for (int i = 0; i < 2; ++i) {
    const double inset = 0.01 * (box.upper[i] - box.lower[i]);
    start[i] = std::clamp(start[i], box.lower[i] + inset, box.upper[i] - inset);
  }
  return start;
}

// The 3 x 3 grid 0.8 * {lower, midpoint, upper} in each parameter, then the SAR and SEM solutions.
std::vector<std::vector<double>> StartingPoints(const SacData& data,
                                                const engine::LogDeterminant& log_det_1,
                                                const engine::LogDeterminant& log_det_2,
                                                const SpatialFitOptions& options,
                                                const Box& box) {
  std::vector<std::vector<double>> starts;
  const engine::RhoBounds bounds_1 = log_det_1.Bounds();
  const engine::RhoBounds bounds_2 = log_det_2.Bounds();
  const double rho_grid[3] = {0.8 * bounds_1.lower, 0.4 * (bounds_1.lower + bounds_1.upper),
                              0.8 * bounds_1.upper};
  const double lambda_grid[3] = {0.8 * bounds_2.lower, 0.4 * (bounds_2.lower + bounds_2.upper),
                                 0.8 * bounds_2.upper};
  for (double lambda : lambda_grid) {
    for (double rho : rho_grid) starts.push_back(InsideBox(box, rho, lambda));
  }
  const auto sar_profile = [&](double rho) {
    return SacConcentratedLogLikelihood(data, log_det_1, log_det_2, rho, 0.0);
  };
  const auto sem_profile = [&](double lambda) {
    return SacConcentratedLogLikelihood(data, log_det_1, log_det_2, 0.0, lambda);
  };
  starts.push_back(InsideBox(box, MaximizeOverBounds(sar_profile, log_det_1, options, "rho").argument, 0.0));
  starts.push_back(
      InsideBox(box, 0.0, MaximizeOverBounds(sem_profile, log_det_2, options, "lambda").argument));
  return starts;
}

bool SameOptimum(const LocalOptimum& a, const LocalOptimum& b, const Box& box) {
  return std::abs(a.rho - b.rho) <= kSacOptimumSeparation * (box.upper[0] - box.lower[0]) &&
         std::abs(a.lambda - b.lambda) <= kSacOptimumSeparation * (box.upper[1] - box.lower[1]);
}

struct RunEnd {
  LocalOptimum optimum;
  int iterations = 0;
  std::string message;
};

}  // namespace

SacSearch SearchSacMaximum(const SacData& data,
                           const engine::LogDeterminant& log_det_1,
                           const engine::LogDeterminant& log_det_2,
                           const SpatialFitOptions& options) {
  const Box box = SearchBox(log_det_1, log_det_2);
  engine::CeresMaximizerOptions maximizer;
  maximizer.lower = {box.lower[0], box.lower[1]};
  maximizer.upper = {box.upper[0], box.upper[1]};
  maximizer.analytic_gradient = true;
  maximizer.max_iterations = options.max_iterations;
  const engine::BoxObjective objective = [&](std::span<const double> x, double* value,
                                             std::span<double> gradient) {
    try {
      arma::vec2 slope;
      *value = SacConcentratedLogLikelihood(data, log_det_1, log_det_2, x[0], x[1],
                                            gradient.empty() ? nullptr : &slope);
      if (!gradient.empty()) {
        gradient[0] = slope[0];
        gradient[1] = slope[1];
      }
    } catch (const engine::NumericalError&) {
      return false;  // e.g. X - lambda W2 X rank deficient here: the line search steps back
    }
    return std::isfinite(*value);
  };

  SacSearch search;
  std::vector<RunEnd> ends;
  for (const std::vector<double>& start : StartingPoints(data, log_det_1, log_det_2, options, box)) {
    ++search.starts;
    try {
      const engine::MaximizerResult run = engine::MaximizeInBox(objective, start, maximizer);
      search.evaluations += run.evaluations;
      RunEnd end;
      end.optimum = LocalOptimum{run.x[0], run.x[1], run.value, run.converged, run.at_bound, 1};
      end.iterations = run.iterations;
      end.message = run.message;
      ends.push_back(end);
    } catch (const engine::NumericalError& error) {
      search.notes.push_back(
          fmt::format("start (rho={:.4g}, lambda={:.4g}) skipped: {}", start[0], start[1], error.what()));
    }
  }
  if (ends.empty()) {
    throw engine::NumericalError("the SAC log-likelihood is not finite at any starting point: " +
                                 search.notes.front());
  }
  std::sort(ends.begin(), ends.end(), [](const RunEnd& a, const RunEnd& b) {
    return a.optimum.log_likelihood > b.optimum.log_likelihood;
  });
  search.iterations = ends.front().iterations;
  search.message = ends.front().message;
  for (const RunEnd& end : ends) {
    auto same = std::find_if(search.optima.begin(), search.optima.end(),
                             [&](const LocalOptimum& known) { return SameOptimum(known, end.optimum, box); });
    if (same == search.optima.end()) {
      search.optima.push_back(end.optimum);
    } else {
      ++same->starts;  // ends are sorted, so the first of a cluster is its highest
      same->converged = same->converged || end.optimum.converged;
    }
  }
  return search;
}

}  // namespace hinterland::estimators
