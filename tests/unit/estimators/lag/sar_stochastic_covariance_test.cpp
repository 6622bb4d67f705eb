// The covariance's stochastic traces stop drawing probes once their noise moves no standard error (nor the
// LM test's denominator) by more than SpatialFitOptions::trace_relative_error, relative. Checked against the
// exact traces (dense inverse, n = 900) of the same fit: with a target of 0.5%, every standard error and
// the LM statistic must agree within 2% (four times the target: the stopping rule bounds one standard
// error of the noise, so a 4-sigma miss would mean the rule or the delta method behind it is wrong).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "estimators/error/sem_model.hpp"
#include "estimators/lag/sar_model.hpp"
#include "tests/support/spatial_test_data.hpp"

namespace hinterland::estimators {
namespace {

using testing::MakeData;
using testing::MakeFrame;
using testing::RookLattice;

ModelData SimulatedLattice(std::uint64_t seed, double rho) {
  const engine::SpatialWeights w = RookLattice(30, 30, engine::WeightsStyle::kRowStandardised);
  arma::arma_rng::set_seed(seed);
  const arma::mat x = arma::join_rows(arma::ones<arma::vec>(900), arma::randn<arma::mat>(900, 2));
  const arma::vec y =
      testing::SimulateLag(w, rho, x * arma::vec{1.0, 2.0, -1.0}, arma::randn<arma::vec>(900));
  return MakeData(MakeFrame(y, x, {"(Intercept)", "x1", "x2"}), w);
}

SpatialFitOptions Stochastic() {
  SpatialFitOptions options;
  options.exact_covariance_max_n = 0;
  options.trace_probes = 5000;
  options.trace_relative_error = 0.005;
  return options;
}

double Statistic(const FitResult& result, const std::string& name) {
  for (const Diagnostic& diagnostic : result.diagnostics) {
    if (diagnostic.name == name) return diagnostic.statistic;
  }
  ADD_FAILURE() << "no diagnostic " << name;
  return 0.0;
}

void ExpectAgreement(const FitResult& exact, const FitResult& estimated) {
  EXPECT_NE(estimated.provenance.vcov_method.find("Hutchinson"), std::string::npos);
  EXPECT_NE(estimated.provenance.vcov_method.find("by at most 0.005"), std::string::npos)
      << estimated.provenance.vcov_method;
  for (std::size_t j = 0; j < exact.coefficients.size(); ++j) {
    EXPECT_NEAR(estimated.coefficients[j].std_error / exact.coefficients[j].std_error, 1.0, 0.02)
        << exact.coefficients[j].name;
  }
}

TEST(StochasticCovarianceTest, SarStandardErrorsAndLmTestMeetTheTarget) {
  for (const double rho : {0.3, 0.8}) {
    const ModelData data = SimulatedLattice(31, rho);
    const FitResult exact = FitSpatialLag(data, ModelKind::kSar, {}).result;
    const FitResult estimated = FitSpatialLag(data, ModelKind::kSar, Stochastic()).result;
    ExpectAgreement(exact, estimated);
    const std::string lm = "LM test for residual autocorrelation";
    EXPECT_NEAR(Statistic(estimated, lm), Statistic(exact, lm), 0.02 * Statistic(exact, lm) + 1e-6);
  }
}

TEST(StochasticCovarianceTest, SemStandardErrorsMeetTheTarget) {
  const ModelData data = SimulatedLattice(32, 0.0);  // SEM fitted to lag data: any lambda-hat will do
  const FitResult exact = FitSpatialError(data, ModelKind::kSem, {}).result;
  const FitResult estimated = FitSpatialError(data, ModelKind::kSem, Stochastic()).result;
  ExpectAgreement(exact, estimated);
}

}  // namespace
}  // namespace hinterland::estimators
