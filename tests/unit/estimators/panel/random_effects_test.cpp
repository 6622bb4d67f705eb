// Random effects and the Mundlak device on simulated SAR panels (a 20 x 20 rook lattice, T = 5, rho 0.3,
// seeded): with unit effects independent of x, random effects recover beta, rho and phi; with unit effects
// correlated with x (x = z + alpha_i), random effects are biased and Mundlak's correlated random effects
// recover beta on x and the coefficient of a time-invariant regressor (capital status, c_i), which fixed
// effects cannot estimate. "Recover": within kRecoveryStandardErrors (4) of the truth; "biased": beyond it.
// The options' validation, and standard errors clustered by unit, are tested beside it.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/linalg/power_traces.hpp"
#include "estimators/common/spatial_design.hpp"
#include "estimators/fit/fit.hpp"
#include "estimators/panel/panel_random_effects.hpp"
#include "estimators/panel/panel_sac_model.hpp"
#include "tests/support/check_spatial_fit.hpp"
#include "tests/support/test_weights.hpp"
#include "tests/support/tolerances.hpp"

namespace hinterland::estimators {
namespace {

using ::hinterland::testing::FindCoefficient;
using ::hinterland::testing::kRecoveryStandardErrors;

constexpr arma::uword kT = 5;
constexpr double kRho = 0.3;
constexpr double kBeta = 1.0;
constexpr double kCapital = 0.5;

// y = (I - rho W)^-1 (1 + x beta + c kCapital + alpha_i + e) with alpha ~ N(0, 1) and, when `correlated`,
// x = z + alpha_i (else x = z); c_i = 1 for every tenth unit.
SpatialDesign SimulatedPanel(const engine::SpatialWeights& w,
                             bool correlated,
                             std::uint64_t seed,
                             bool capital_column = true) {
  const auto n = static_cast<arma::uword>(w.n());
  arma::arma_rng::set_seed(seed);
  const arma::vec alpha = arma::randn<arma::vec>(n);
  arma::vec capital(n, arma::fill::zeros);
  for (arma::uword i = 0; i < n; i += 10) capital[i] = 1.0;
  engine::ModelFrame frame;
  frame.formula_text = "y ~ x + capital";
  frame.dependent = "y";
  frame.source = "<simulated>";
  frame.column_names = {"(Intercept)", "x", "capital"};
  frame.column_kinds = {engine::ColumnKind::kIntercept, engine::ColumnKind::kNumeric,
                        engine::ColumnKind::kNumeric};
  frame.y.set_size(n * kT);
  frame.x.set_size(n * kT, 3);
  for (arma::uword t = 0; t < kT; ++t) {
    const arma::vec x = arma::randn<arma::vec>(n) + (correlated ? alpha : arma::vec(n, arma::fill::zeros));
    const arma::vec systematic = 1.0 + kBeta * x + kCapital * capital + alpha + arma::randn<arma::vec>(n);
    frame.y.subvec(t * n, (t + 1) * n - 1) = engine::SolveIdentityMinusRhoW(w, kRho, systematic);
    frame.x.submat(t * n, 0, (t + 1) * n - 1, 0).fill(1.0);
    frame.x.submat(t * n, 1, (t + 1) * n - 1, 1) = x;
    frame.x.submat(t * n, 2, (t + 1) * n - 1, 2) = capital;
    for (arma::uword i = 0; i < n; ++i) {
      frame.ids.push_back(w.Ids()[i]);
      frame.periods.push_back(std::to_string(2000 + t));
      frame.source_lines.push_back(static_cast<int>(t * n + i + 2));
    }
  }
  if (!capital_column) {  // the process keeps capital's effect; the model leaves the column out
    frame.x.shed_col(2);
    frame.column_names.pop_back();
    frame.column_kinds.pop_back();
  }
  return BuildPanelDesign(frame, w, {});
}

FitRequest RandomRequest(bool mundlak) {
  FitRequest request;
  request.model = ModelKind::kSar;
  request.weights = true;
  request.time = "year";
  request.random = !mundlak;
  request.mundlak = mundlak;
  return request;
}

double Distance(const FitResult& result, const std::string& name, double truth) {
  const Coefficient& coefficient = FindCoefficient(result, name);
  return std::abs(coefficient.estimate - truth) / coefficient.std_error;
}

TEST(RandomEffectsTest, RecoverTheProcessWhenTheEffectsAreIndependentOfX) {
  const engine::SpatialWeights w = ::hinterland::testing::Lattice(20, 20, false);
  const FitResult result = Fit(RandomRequest(false), SimulatedPanel(w, false, 11));
  ASSERT_EQ(result.status, FitStatus::kConverged) << result.status_message;
  EXPECT_LT(Distance(result, "x", kBeta), kRecoveryStandardErrors);
  EXPECT_LT(Distance(result, "capital", kCapital), kRecoveryStandardErrors);
  EXPECT_LT(Distance(result, "rho", kRho), kRecoveryStandardErrors);
  ASSERT_TRUE(result.panel && result.panel->phi);
  EXPECT_EQ(result.panel->effects, "random");
  // phi = sigma2_mu / sigma2_nu = 1 in the process; its SE is in the statistics.
  double phi_se = 0.0;
  for (const FitStatistic& statistic : result.statistics) {
    if (statistic.name == "phi_std_error") phi_se = statistic.value;
  }
  EXPECT_LT(std::abs(*result.panel->phi - 1.0), kRecoveryStandardErrors * phi_se) << *result.panel->phi;
}

TEST(RandomEffectsTest, MundlakRecoversWhatCorrelatedEffectsBiasInRandomEffects) {
  const engine::SpatialWeights w = ::hinterland::testing::Lattice(20, 20, false);
  const SpatialDesign design = SimulatedPanel(w, true, 12);
  const FitResult random = Fit(RandomRequest(false), design);
  const FitResult mundlak = Fit(RandomRequest(true), design);
  ASSERT_EQ(mundlak.status, FitStatus::kConverged) << mundlak.status_message;
  EXPECT_GT(Distance(random, "x", kBeta), kRecoveryStandardErrors) << FindCoefficient(random, "x").estimate;
  EXPECT_LT(Distance(mundlak, "x", kBeta), kRecoveryStandardErrors) << FindCoefficient(mundlak, "x").estimate;
  EXPECT_LT(Distance(mundlak, "capital", kCapital), kRecoveryStandardErrors)
      << FindCoefficient(mundlak, "capital").estimate;
  EXPECT_LT(Distance(mundlak, "rho", kRho), kRecoveryStandardErrors);
  // The unit mean of x enters; capital, constant over time, has no mean term.
  EXPECT_EQ(FindCoefficient(mundlak, "mean(x)").name, "mean(x)");
  for (const Coefficient& coefficient : mundlak.coefficients) EXPECT_NE(coefficient.name, "mean(capital)");
  EXPECT_EQ(mundlak.panel->effects, "random (Mundlak)");
  // Mundlak's test rejects uncorrelated effects here, and not in the independent panel.
  const auto p_value = [](const FitResult& result, const std::string& test) {
    for (const Diagnostic& diagnostic : result.diagnostics) {
      if (diagnostic.name == test) return diagnostic.p_value;
    }
    ADD_FAILURE() << "no " << test;
    return 1.0;
  };
  const SpatialDesign independent = SimulatedPanel(w, false, 11);
  EXPECT_LT(p_value(mundlak, "Mundlak test (unit means = 0)"), 1e-6);
  EXPECT_GT(p_value(Fit(RandomRequest(true), independent), "Mundlak test (unit means = 0)"), 0.01);
  // So does the spatial Hausman test of the random-effects fit (its fixed-effects side leaves capital out).
  EXPECT_LT(p_value(random, "Hausman test (FE vs RE)"), 1e-6);
  EXPECT_GT(p_value(Fit(RandomRequest(false), independent), "Hausman test (FE vs RE)"), 0.01);
}

// Standard errors clustered by unit (`vcov` cluster) for `model`: near the analytic ones for `names` when the
// errors are independent (the unit effects removed by fixed effects), and above them by at least
// `pooled_factor` for the intercept of a pooled fit that leaves the unit effects, correlated within each
// unit, in the error.
void ExpectClusteringTracksWithinUnitCorrelation(ModelKind model,
                                                 const std::vector<std::string>& names,
                                                 double pooled_factor) {
  const engine::SpatialWeights w = ::hinterland::testing::Lattice(20, 20, false);
  const SpatialDesign design = SimulatedPanel(w, true, 13, /*capital_column=*/false);
  FitRequest request;
  request.model = model;
  request.weights = true;
  request.time = "year";
  request.effects = PanelEffects::kIndividual;
  const FitResult analytic = Fit(request, design);
  request.vcov = CovarianceEstimator::kCluster;
  const FitResult clustered = Fit(request, design);
  ASSERT_EQ(clustered.status, FitStatus::kConverged) << clustered.status_message;
  EXPECT_NE(clustered.provenance.vcov_method.find("clustered by unit (400 clusters)"), std::string::npos)
      << clustered.provenance.vcov_method;
  for (const std::string& name : names) {
    const double ratio =
        FindCoefficient(clustered, name).std_error / FindCoefficient(analytic, name).std_error;
    EXPECT_GT(ratio, 0.8) << name;
    EXPECT_LT(ratio, 1.25) << name;
    EXPECT_EQ(FindCoefficient(clustered, name).estimate, FindCoefficient(analytic, name).estimate);
  }
  const SpatialDesign independent = SimulatedPanel(w, false, 14, /*capital_column=*/false);
  request.effects = PanelEffects::kNone;
  request.vcov.reset();
  const FitResult pooled = Fit(request, independent);
  request.vcov = CovarianceEstimator::kCluster;
  const FitResult pooled_clustered = Fit(request, independent);
  EXPECT_GT(FindCoefficient(pooled_clustered, "(Intercept)").std_error,
            pooled_factor * FindCoefficient(pooled, "(Intercept)").std_error);
}

// The SAR: pooled, the intercept, constant within units, has the Moulton factor 1 + (T - 1) var(alpha) /
// (var(alpha) + 1) = 3 for its own part; its SE also carries rho's uncertainty, which dilutes that
// (measured: 1.30 times the analytic SE; without clustering it would be ~1).
TEST(ClusteredCovarianceTest, GrowsWhenErrorsAreCorrelatedWithinUnits) {
  ExpectClusteringTracksWithinUnitCorrelation(ModelKind::kSar, {"x", "rho"}, 1.2);
  // A cross-section has no units to cluster by.
  FitRequest cross_section;
  cross_section.model = ModelKind::kSar;
  cross_section.weights = true;
  cross_section.vcov = CovarianceEstimator::kCluster;
  ASSERT_EQ(cross_section.Validate().size(), 1u);
  EXPECT_EQ(cross_section.Validate()[0].key, "vcov");
}

// The SAC panel's sandwich (around its analytic information, the scores of rho and lambda each with its own
// trace term): the pooled intercept's SE grows less than the SAR's, as it carries rho's uncertainty, twice
// the SAR's where lambda competes with rho (measured: 1.10 times the analytic SE). Refused where the dense
// traces are not formed.
TEST(ClusteredCovarianceTest, SacGrowsWhenErrorsAreCorrelatedWithinUnits) {
  ExpectClusteringTracksWithinUnitCorrelation(ModelKind::kSac, {"x", "rho", "lambda"}, 1.05);
  SpatialFitOptions small_exact;
  small_exact.covariance = CovarianceEstimator::kCluster;
  small_exact.exact_covariance_max_n = 100;
  const engine::SpatialWeights w = ::hinterland::testing::Lattice(20, 20, false);
  EXPECT_THROW(FitPanelSac(SimulatedPanel(w, false, 14, false), PanelOptions{}, small_exact),
               engine::OptionError);
}

// A balanced "y ~ x" panel over W's units: x ~ N(0, 1) drawn per period, then y_t = y_of(t, x_t).
SpatialDesign OneRegressorPanel(const engine::SpatialWeights& w,
                                arma::uword periods,
                                const std::function<arma::vec(arma::uword, const arma::vec&)>& y_of) {
  const auto n = static_cast<arma::uword>(w.n());
  engine::ModelFrame frame;
  frame.formula_text = "y ~ x";
  frame.dependent = "y";
  frame.source = "<simulated>";
  frame.column_names = {"(Intercept)", "x"};
  frame.column_kinds = {engine::ColumnKind::kIntercept, engine::ColumnKind::kNumeric};
  frame.y.set_size(n * periods);
  frame.x.ones(n * periods, 2);
  for (arma::uword t = 0; t < periods; ++t) {
    const arma::vec x = arma::randn<arma::vec>(n);
    frame.y.subvec(t * n, (t + 1) * n - 1) = y_of(t, x);
    frame.x.submat(t * n, 1, (t + 1) * n - 1, 1) = x;
    for (arma::uword i = 0; i < n; ++i) {
      frame.ids.push_back(w.Ids()[i]);
      frame.periods.push_back(std::to_string(2000 + t));
      frame.source_lines.push_back(static_cast<int>(t * n + i + 2));
    }
  }
  return BuildPanelDesign(frame, w, {});
}

// Errors whose unit means are exactly 0 (no between variation): the likelihood in phi is highest at phi = 0,
// the bound the joint (Ceres) search can only approach, so the profile search over theta takes over; the fit
// reports phi = 0 with its note and is the pooled SAR (estimates to 1e-6, log-likelihood to 1e-9).
TEST(RandomEffectsTest, PhiAtZeroIsThePooledModel) {
  const engine::SpatialWeights w = ::hinterland::testing::Lattice(12, 12, false);
  arma::arma_rng::set_seed(21);
  arma::mat errors = arma::randn(static_cast<arma::uword>(w.n()), kT);
  errors.each_col() -= arma::mean(errors, 1);  // each unit's errors sum to 0 over its periods
  const SpatialDesign design = OneRegressorPanel(w, kT, [&](arma::uword t, const arma::vec& x) {
    return engine::SolveIdentityMinusRhoW(w, kRho, arma::vec(1.0 + kBeta * x + errors.col(t)));
  });
  const FitResult random = Fit(RandomRequest(false), design);
  FitRequest pooled_request;
  pooled_request.model = ModelKind::kSar;
  pooled_request.weights = true;
  pooled_request.time = "year";
  pooled_request.effects = PanelEffects::kNone;
  const FitResult pooled = Fit(pooled_request, design);
  ASSERT_TRUE(random.panel.has_value() && random.panel->phi.has_value());
  EXPECT_LT(*random.panel->phi, 1e-6);
  bool noted = false;
  for (const std::string& warning : random.warnings)
    noted = noted || warning.find("estimated at 0") != std::string::npos;
  EXPECT_TRUE(noted);
  for (const char* name : {"(Intercept)", "x", "rho"}) {
    EXPECT_NEAR(FindCoefficient(random, name).estimate, FindCoefficient(pooled, name).estimate, 1e-6) << name;
  }
  EXPECT_NEAR(random.log_likelihood, pooled.log_likelihood, 1e-9 * std::abs(pooled.log_likelihood));
}

// Random effects clustered by unit: on the model's own process (independent unit effects and errors) the
// sandwich is near the Hessian's SEs for the intercept and x (within 25%) and phi (40%, its Hessian SE is
// itself noisy). rho's is lower (measured 0.78): its information holds the traces tr(W_A W_A + W_A'W_A),
// sums over pairs of neighbouring units, whose covariance a meat of per-unit scores leaves out (their
// per-unit variances were 77% of the information's rho entry, the other entries 100-110%; the scores sum to
// 0 at the estimate to 1e-8). The bsk error is refused.
TEST(ClusteredCovarianceTest, RandomEffectsSandwichIsNearTheHessianOnTheModelsOwnProcess) {
  const engine::SpatialWeights w = ::hinterland::testing::Lattice(20, 20, false);
  const SpatialDesign design = SimulatedPanel(w, false, 31, /*capital_column=*/false);
  FitRequest request = RandomRequest(false);
  const FitResult hessian = Fit(request, design);
  request.vcov = CovarianceEstimator::kCluster;
  const FitResult clustered = Fit(request, design);
  ASSERT_EQ(clustered.status, FitStatus::kConverged) << clustered.status_message;
  EXPECT_NE(clustered.provenance.vcov_method.find("clustered by unit (400 clusters)"), std::string::npos)
      << clustered.provenance.vcov_method;
  for (const char* name : {"(Intercept)", "x", "rho"}) {
    const double ratio =
        FindCoefficient(clustered, name).std_error / FindCoefficient(hessian, name).std_error;
    EXPECT_GT(ratio, std::string(name) == "rho" ? 0.7 : 0.8) << name;
    EXPECT_LT(ratio, 1.25) << name;
  }
  const auto phi_se = [](const FitResult& result) {
    for (const FitStatistic& statistic : result.statistics) {
      if (statistic.name == "phi_std_error") return statistic.value;
    }
    ADD_FAILURE() << "no phi_std_error";
    return 1.0;
  };
  const double phi_ratio = phi_se(clustered) / phi_se(hessian);
  EXPECT_GT(phi_ratio, 0.6);
  EXPECT_LT(phi_ratio, 1.4);
  SpatialFitOptions cluster;
  cluster.covariance = CovarianceEstimator::kCluster;
  EXPECT_THROW(FitPanelRandomEffects(design, ModelKind::kSem, false, cluster, RandomErrorStructure::kBsk),
               engine::OptionError);
}

TEST(RandomEffectsTest, OptionsAreValidatedWithTheModelAndTheEffects) {
  FitRequest with_effects = RandomRequest(false);
  with_effects.effects = PanelEffects::kIndividual;
  ASSERT_EQ(with_effects.Validate().size(), 1u);
  EXPECT_EQ(with_effects.Validate()[0].key, "random");
  FitRequest sdm = RandomRequest(true);
  sdm.model = ModelKind::kSdm;
  ASSERT_EQ(sdm.Validate().size(), 1u);
  EXPECT_EQ(sdm.Validate()[0].key, "mundlak");
  FitRequest cross_section = RandomRequest(false);
  cross_section.time.reset();
  ASSERT_EQ(cross_section.Validate().size(), 1u);
  EXPECT_EQ(cross_section.Validate()[0].key, "random");
}

// The Baltagi, Song & Koh (2003) error process, y = 1 + x beta + alpha_i + (I - lambda W)^-1 nu_t with
// alpha ~ N(0, 1) (phi = 1) and nu ~ N(0, 1) per period: only the remainder is spatially filtered.
SpatialDesign SimulatedBskPanel(const engine::SpatialWeights& w,
                                double lambda,
                                arma::uword periods,
                                std::uint64_t seed) {
  arma::arma_rng::set_seed(seed);
  const arma::vec alpha = arma::randn<arma::vec>(static_cast<arma::uword>(w.n()));
  return OneRegressorPanel(w, periods, [&](arma::uword, const arma::vec& x) {
    const arma::vec remainder = engine::SolveIdentityMinusRhoW(w, lambda, arma::randn<arma::vec>(x.n_elem));
    return arma::vec(1.0 + kBeta * x + alpha + remainder);
  });
}

FitRequest BskRequest() {
  FitRequest request = RandomRequest(false);
  request.model = ModelKind::kSem;
  request.random_error = RandomErrorStructure::kBsk;
  return request;
}

// The bsk sem recovers beta, lambda and phi of its own process (the splm comparison is in
// tests/reference/panels/produc_random_error_test.cpp).
TEST(RandomEffectsTest, BskErrorRecoversItsProcess) {
  constexpr double kLambda = 0.5;
  const engine::SpatialWeights w = ::hinterland::testing::Lattice(20, 20, false);
  const FitResult result = Fit(BskRequest(), SimulatedBskPanel(w, kLambda, kT, 21));
  ASSERT_EQ(result.status, FitStatus::kConverged) << result.status_message;
  EXPECT_LT(Distance(result, "x", kBeta), kRecoveryStandardErrors);
  EXPECT_LT(Distance(result, "lambda", kLambda), kRecoveryStandardErrors);
  ASSERT_TRUE(result.panel && result.panel->phi);
  double phi_se = 0.0;
  for (const FitStatistic& statistic : result.statistics) {
    if (statistic.name == "phi_std_error") phi_se = statistic.value;
  }
  EXPECT_LT(std::abs(*result.panel->phi - 1.0), kRecoveryStandardErrors * phi_se) << *result.panel->phi;
}

// Above kMaxBskUnits units the bsk error (dense N x N algebra) is refused by name, before any work.
TEST(RandomEffectsTest, BskErrorIsRefusedAboveItsSizeLimit) {
  const engine::SpatialWeights w = ::hinterland::testing::Lattice(1, kMaxBskUnits + 1, false);
  const SpatialDesign design = SimulatedBskPanel(w, 0.0, 2, 22);
  try {
    Fit(BskRequest(), design);
    ADD_FAILURE() << "no OptionError above " << kMaxBskUnits << " units";
  } catch (const engine::OptionError& error) {
    ASSERT_EQ(error.Problems().size(), 1u) << error.what();
    EXPECT_EQ(error.Problems()[0].key, "random_error");
    EXPECT_NE(std::string(error.what()).find(std::to_string(kMaxBskUnits)), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace hinterland::estimators
