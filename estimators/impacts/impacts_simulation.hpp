// Simulation pieces of impacts inference (LeSage & Pace 2009, sec. 2.7.1; spatialreg's impacts(R = ...)):
// draws from N(mean, vcov) through the lower Cholesky factor and seeded std::mt19937_64 normals
// (Marsaglia's polar method on 53-bit uniforms taken straight from the engine, so a seed gives the same
// draws on every platform), and the summary of a sample of one impact (mean, SD, quantiles).
#pragma once

#include <armadillo>
#include <cstdint>
#include <random>
#include <string>

#include "estimators/impacts/impacts.hpp"

namespace hinterland::estimators {

class NormalDrawer {
 public:
  // Throws NumericalError naming `what` when vcov is not symmetric positive definite.
  NormalDrawer(const arma::vec& mean, const arma::mat& vcov, std::uint64_t seed, const std::string& what);
  arma::vec Draw();

 private:
  double StandardNormal();

  arma::vec mean_;
  arma::mat lower_factor_;
  std::mt19937_64 engine_;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

// estimate: the point value; sample: its value in each draw. SD with the n - 1 denominator, quantiles by
// linear interpolation between order statistics (R's type 7), z = estimate / SD, two-sided normal p.
ImpactEstimate SummariseDraws(double estimate, const arma::vec& sample);

// Analytic: estimate with standard error `std_error`, normal z, p and 95% interval.
ImpactEstimate AnalyticEstimate(double estimate, double std_error);

}  // namespace hinterland::estimators
