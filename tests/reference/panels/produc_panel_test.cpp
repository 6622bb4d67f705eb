// Spatial panels on Munnell's Produc data (48 states x 17 years) with splm's usaww weights, against R's splm.
// Source: tests/reference/data/produc/produc_splm.json (R 4.2.2, splm 1.6-5, method "eigen"; script
// tests/reference/generators/produc_splm.R): spml(model = "within", effect = individual / time / twoways,
// lag = TRUE or spatial.error = "b") and spml(model = "pooling"), formula
// log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp. splm names the lag coefficient lambda and the error
// coefficient rho; Hinterland names them rho and lambda (spatialreg's names).
// Tolerances (relative): fixed-effects coefficients, rho / lambda, sigma2 and the full log-likelihood 1e-6
// against splm (whose optimize() stops ~1e-8 short of the optimum), and 1e-8 against the polished optima
// 1e-7 against the polished optima (the root of the analytic concentrated score,
// `independent.<fit>.polished`; a search on the likelihood's values, ours as splm's, locates the maximum only
// to about sqrt(machine epsilon), and a spatial parameter near 0 is compared to 1e-7 of 0.1 absolute);
// standard errors 1e-4 (splm's analytic information matrix). Pooled fits: splm fits them with its
// random-effects code (spreml, the variance ratio fixed at 0, nlminb), which stops ~1e-5 short of the
// optimum, so coefficients to 1e-4 (rho, near 0, to 1e-4 of 0.1) and the log-likelihood to 1e-6; its pooled
// SEs are not compared (a block-diagonal covariance and a finite-difference Hessian): the pooled SEs are
// checked instead against the cross-section estimator on the block-diagonal I_T (x) W
// (tests/unit/estimators/panel).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "estimators/fit/fit.hpp"
#include "tests/support/check_spatial_fit.hpp"
#include "tests/support/produc_design.hpp"
#include "tests/support/reference.hpp"

namespace hinterland::estimators {
namespace {

using nlohmann::json;
using testing::CheckSpatialFit;
using testing::SpatialFitReference;

using testing::kPolishedFloor;
using testing::kPolishedTolerance;
// The finite-difference SEs of rho / lambda and phi of random-effects fits (two different schemes).
constexpr double kRandomEffectsSeTolerance = 2e-2;
// Against splm's pooled fits (its random-effects optimiser's stopping point).
constexpr double kPooledCoefficientTolerance = 1e-4;
// The regressors in splm's order (no intercept under fixed effects).
const std::vector<std::string> kRegressors = {"log(pcap)", "log(pc)", "log(emp)", "unemp"};

const json& Splm() { return testing::LoadReference("produc/produc_splm.json"); }

FitResult FitProduc(
    ModelKind model, PanelEffects effects, bool impacts = false, bool lee_yu = false, bool random = false) {
  static const engine::DataTable table = testing::ProducTable();
  static const SpatialDesign design = testing::ProducDesign(table);
  FitRequest request;
  request.model = model;
  request.weights = true;
  request.time = "year";
  request.effects = effects;
  request.impacts = impacts;
  request.lee_yu = lee_yu;
  request.random = random;
  if (random) request.effects.reset();
  return Fit(request, design);
}

// Our name of splm's spatial coefficient: lag "lambda" -> rho, error "rho" -> lambda.
std::string OurParameter(bool lag) { return lag ? "rho" : "lambda"; }
std::string SplmParameter(bool lag) { return lag ? "lambda" : "rho"; }

// The betas and the spatial parameter of a splm fixed-effects fit (no intercept), estimates and SEs, named as
// Hinterland names them.
std::vector<testing::CoefficientReference> FixedEffectsCoefficients(const json& expected, bool lag) {
  std::vector<testing::CoefficientReference> coefficients;
  for (const std::string& regressor : kRegressors) {
    coefficients.push_back({.name = regressor,
                            .estimate = expected.at("coefficients").at(regressor).get<double>(),
                            .std_error = expected.at("std_errors").at(regressor).get<double>()});
  }
  coefficients.push_back({.name = OurParameter(lag),
                          .estimate = expected.at("coefficients").at(SplmParameter(lag)).get<double>(),
                          .std_error = expected.at("std_errors").at(SplmParameter(lag)).get<double>()});
  return coefficients;
}

class ProducFixedEffectsTest : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(ProducFixedEffectsTest, MatchesSplm) {
  const auto& [model, effects] = GetParam();
  const bool lag = model == "sar";
  const std::string name = model + "_fe_" + effects;
  const json& expected = Splm().at("fits").at(name);
  const FitResult ours = FitProduc(ParseModelKind(model), ParsePanelEffects(effects));
  ASSERT_EQ(ours.status, FitStatus::kConverged) << ours.status_message;
  ASSERT_TRUE(ours.panel.has_value());
  EXPECT_EQ(ours.panel->units, 48);
  EXPECT_EQ(ours.panel->periods, 17);
  EXPECT_EQ(ours.panel->effects, effects);

  SpatialFitReference reference{.label = "produc " + name,
                                .source = "produc_splm.json fits." + name,
                                .tolerances = testing::kMaximumLikelihoodFit};
  reference.coefficient_names = kRegressors;
  reference.coefficient_names.push_back(OurParameter(lag));
  reference.coefficients = FixedEffectsCoefficients(expected, lag);
  reference.n = 816;
  reference.sigma2 = expected.at("sigma2").get<double>();
  reference.log_likelihood = expected.at("logLik_full_recomputed").get<double>();
  CheckSpatialFit(ours, reference);

  // The polished optimum, tighter than splm's own.
  const json& polished = Splm().at("independent").at(name).at("polished");
  EXPECT_TRUE(testing::RelativelyNear(
      name + " " + OurParameter(lag),
      ::hinterland::testing::FindCoefficient(ours, OurParameter(lag)).estimate,
      polished.at(SplmParameter(lag)).get<double>(), kPolishedTolerance, kPolishedFloor));
  for (const std::string& regressor : kRegressors) {
    EXPECT_TRUE(testing::RelativelyNear(
        name + " " + regressor, ::hinterland::testing::FindCoefficient(ours, regressor).estimate,
        polished.at("beta").at(regressor).get<double>(), kPolishedTolerance, kPolishedFloor));
  }
  EXPECT_TRUE(testing::RelativelyNear(name + " log-likelihood", ours.log_likelihood,
                                      polished.at("loglik").get<double>(), kPolishedTolerance));
}

INSTANTIATE_TEST_SUITE_P(Splm,
                         ProducFixedEffectsTest,
                         ::testing::Combine(::testing::Values("sar", "sem"),
                                            ::testing::Values("individual", "time", "twoways")));

class ProducPooledTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ProducPooledTest, MatchesSplm) {
  const std::string model = GetParam();
  const bool lag = model == "sar";
  const std::string name = model + "_pooling";
  const json& expected = Splm().at("fits").at(name);
  const FitResult ours = FitProduc(ParseModelKind(model), PanelEffects::kNone);
  ASSERT_EQ(ours.status, FitStatus::kConverged) << ours.status_message;
  ASSERT_EQ(ours.coefficients.size(), kRegressors.size() + 2);
  for (const auto& [regressor, estimate] : expected.at("coefficients").items()) {
    EXPECT_TRUE(testing::RelativelyNear(name + " " + regressor,
                                        ::hinterland::testing::FindCoefficient(ours, regressor).estimate,
                                        estimate.get<double>(), kPooledCoefficientTolerance, kPolishedFloor));
  }
  const json& spatial = lag ? expected.at("arcoef") : expected.at("errcomp");
  EXPECT_TRUE(testing::RelativelyNear(
      name + " " + OurParameter(lag),
      ::hinterland::testing::FindCoefficient(ours, OurParameter(lag)).estimate,
      spatial.at(SplmParameter(lag)).get<double>(), kPooledCoefficientTolerance, kPolishedFloor));
  EXPECT_TRUE(testing::RelativelyNear(name + " log-likelihood", ours.log_likelihood,
                                      expected.at("logLik_reported").get<double>(),
                                      testing::kLogLikelihoodTolerance));
}

INSTANTIATE_TEST_SUITE_P(Splm, ProducPooledTest, ::testing::Values("sar", "sem"));

// Lee-Yu under individual effects (spml(..., LeeYu = TRUE)), where splm follows Lee & Yu (2010): rho and beta
// unchanged, sigma2 = SSE / (N (T - 1)), SEs from the information with T - 1, and (SAR) the log-likelihood of
// the transformed model; tolerances as the fixed-effects fits. (Under time effects and twoways splm departs
// from the paper, see estimators/panel/panel_ml_model.hpp; those are checked by simulation in
// tests/unit/estimators/panel.)
class ProducLeeYuTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ProducLeeYuTest, IndividualEffectsMatchSplm) {
  const std::string model = GetParam();
  const bool lag = model == "sar";
  const std::string name = model + "_fe_individual_LeeYu";
  const json& expected = Splm().at("fits").at(name);
  const FitResult ours = FitProduc(ParseModelKind(model), PanelEffects::kIndividual, false, /*lee_yu=*/true);
  ASSERT_EQ(ours.status, FitStatus::kConverged) << ours.status_message;
  EXPECT_EQ(ours.panel->bias_correction, "lee-yu");
  SpatialFitReference reference{.label = "produc " + name,
                                .source = "produc_splm.json fits." + name,
                                .tolerances = testing::kMaximumLikelihoodFit};
  reference.coefficients = FixedEffectsCoefficients(expected, lag);
  reference.sigma2 = expected.at("sigma2").get<double>();
  if (lag) reference.log_likelihood = expected.at("logLik_reported").get<double>();
  CheckSpatialFit(ours, reference);
}

INSTANTIATE_TEST_SUITE_P(Splm, ProducLeeYuTest, ::testing::Values("sar", "sem"));

// The panel LM tests on pooled OLS and the within (individual, twoways) regressions, as splm's slmtest(model
// = "pooling" | "within", effect = ...): closed forms of the residuals, to kClosedFormTolerance (1e-8).
class ProducLmTest : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(ProducLmTest, MatchesSlmtest) {
  const auto& [splm_model, effects] = GetParam();
  const FitResult ours = FitProduc(ModelKind::kOls, ParsePanelEffects(effects));
  const std::vector<std::pair<std::string, std::string>> tests = {
      {"lml", "LMlag"}, {"lme", "LMerr"}, {"rlml", "RLMlag"}, {"rlme", "RLMerr"}};
  for (const auto& [splm_test, our_name] : tests) {
    const std::string key = "slmtest_" + splm_model + "_" + splm_test;
    const json& expected = Splm().at("tests").at(key);
    bool found = false;
    for (const Diagnostic& diagnostic : ours.diagnostics) {
      if (diagnostic.name != our_name) continue;
      found = true;
      EXPECT_TRUE(testing::RelativelyNear(key + " statistic", diagnostic.statistic,
                                          expected.at("statistic").get<double>(),
                                          testing::kClosedFormTolerance));
      EXPECT_TRUE(testing::RelativelyNear(key + " p-value", diagnostic.p_value,
                                          expected.at("p_value").get<double>(), 1e-6, 1e-300));
    }
    EXPECT_TRUE(found) << our_name;
  }
}

// Random effects (spml(model = "random"): spreml with errors "re" (sar, lag = TRUE) and "kkp" (sem)):
// coefficients and rho / lambda to 1e-6 (relative to at least 0.1: log(pcap) is 0.013) and the
// log-likelihood to 1e-8 relative (both optimisers reach the same maximum). phi to kPhiTolerance (3e-6): the
// likelihood is flat in phi (sar: phi 21.3, SE 8.4), a relative change of 1e-6 moves it by 3e-12, ten times
// the rounding of a log-likelihood of 1427, so an optimiser working on its values places phi to a few 1e-7
// and two of them (splm's nlminb, our BFGS) differ by ~1.5e-6 at equal log-likelihoods (1e-14 apart); the
// SEs of rho / lambda and phi,
// both from finite-difference Hessians, to 2e-2 (splm's moved by up to 0.9% between versions; README of the
// reference). The betas' SEs are not compared: splm's are GLS conditional on (rho, phi) (a block-diagonal
// covariance), ours come from the full Hessian.
class ProducRandomEffectsTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ProducRandomEffectsTest, MatchesSpreml) {
  const std::string model = GetParam();
  const bool lag = model == "sar";
  const std::string name = lag ? "sar_re" : "sem_re_kkp";
  const json& expected = Splm().at("fits").at(name);
  const FitResult ours = FitProduc(ParseModelKind(model), PanelEffects::kNone, false, false, /*random=*/true);
  ASSERT_EQ(ours.status, FitStatus::kConverged) << ours.status_message;
  ASSERT_TRUE(ours.panel && ours.panel->phi);
  for (const auto& [regressor, estimate] : expected.at("coefficients").items()) {
    EXPECT_TRUE(
        testing::RelativelyNear(name + " " + regressor, testing::FindCoefficient(ours, regressor).estimate,
                                estimate.get<double>(), testing::kCoefficientTolerance, kPolishedFloor));
  }
  const json& spatial = lag ? expected.at("arcoef") : expected.at("errcomp");
  const json& spatial_se = lag ? expected.at("arcoef_std_error") : expected.at("errcomp_std_errors");
  const Coefficient& parameter = testing::FindCoefficient(ours, OurParameter(lag));
  EXPECT_TRUE(testing::RelativelyNear(name + " " + OurParameter(lag), parameter.estimate,
                                      spatial.at(SplmParameter(lag)).get<double>(),
                                      testing::kCoefficientTolerance));
  EXPECT_TRUE(testing::RelativelyNear(name + " " + OurParameter(lag) + " SE", parameter.std_error,
                                      spatial_se.at(SplmParameter(lag)).get<double>(),
                                      kRandomEffectsSeTolerance));
  constexpr double kPhiTolerance = 3e-6;
  EXPECT_TRUE(testing::RelativelyNear(name + " phi", *ours.panel->phi,
                                      expected.at("errcomp").at("phi").get<double>(), kPhiTolerance));
  double phi_se = 0.0;
  for (const FitStatistic& statistic : ours.statistics) {
    if (statistic.name == "phi_std_error") phi_se = statistic.value;
  }
  EXPECT_TRUE(testing::RelativelyNear(name + " phi SE", phi_se,
                                      expected.at("errcomp_std_errors").at("phi").get<double>(),
                                      kRandomEffectsSeTolerance));
  EXPECT_TRUE(testing::RelativelyNear(name + " sigma2_nu", ours.sigma2,
                                      expected.at("sigma2").at("idios").get<double>(),
                                      testing::kCoefficientTolerance));
  EXPECT_TRUE(testing::RelativelyNear(name + " log-likelihood", ours.log_likelihood,
                                      expected.at("logLik_reported").get<double>(), 1e-8));
}

INSTANTIATE_TEST_SUITE_P(Splm, ProducRandomEffectsTest, ::testing::Values("sar", "sem"));

// The spatial Hausman test of fixed against random effects in each random-effects fit, as splm's
// sphtest(method = "ML") for the lag model and the error model with KKP errors: to kTestStatisticTolerance
// (1e-4; the two fits' estimates agree to ~1e-7 with splm's).
TEST_P(ProducRandomEffectsTest, HausmanMatchesSphtest) {
  const std::string model = GetParam();
  const bool lag = model == "sar";
  const std::string key = lag ? "sphtest_lag_ML" : "sphtest_error_ML";
  const json& expected = Splm().at("tests").at(key);
  const FitResult ours = FitProduc(ParseModelKind(model), PanelEffects::kNone, false, false, /*random=*/true);
  bool found = false;
  for (const Diagnostic& diagnostic : ours.diagnostics) {
    if (diagnostic.name != "Hausman test (FE vs RE)") continue;
    found = true;
    EXPECT_EQ(diagnostic.df, expected.at("parameter").at("df").get<double>());
    EXPECT_TRUE(testing::RelativelyNear(key, diagnostic.statistic, expected.at("statistic").get<double>(),
                                        testing::kTestStatisticTolerance));
  }
  EXPECT_TRUE(found);
}

// The recovered fixed effects (splm's effects() on the FE fits): intercept and every unit's (period's) effect
// with its SE, to kCoefficientTolerance relative to at least 0.1 (the effects depend on rho, known to ~1e-8).
class ProducFixedEffectsRecoveryTest : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {
};

TEST_P(ProducFixedEffectsRecoveryTest, MatchesSplmEffects) {
  const auto& [model, effects] = GetParam();
  const std::string name = model + "_fe_" + effects;
  const json& expected = Splm().at("fixed_effects").at(name);
  static const engine::DataTable table = testing::ProducTable();
  static const SpatialDesign design = testing::ProducDesign(table);
  FitRequest request;
  request.model = ParseModelKind(model);
  request.weights = true;
  request.time = "year";
  request.effects = ParsePanelEffects(effects);
  request.fixed_effects = true;
  const FitResult ours = Fit(request, design);
  int compared = 0;
  for (const FixedEffect& effect : ours.fixed_effects) {
    const json* block = nullptr;
    if (effect.kind == "intercept") block = &expected.at("intercept");
    if (effect.kind == "unit") block = &expected.at("individual_effects");
    if (effect.kind == "period") block = &expected.at("time_effects");
    ASSERT_NE(block, nullptr) << effect.kind;
    ASSERT_FALSE(block->is_null()) << name << " " << effect.kind;
    const std::string what = name + " " + effect.kind + " " + effect.id;
    EXPECT_TRUE(testing::RelativelyNear(what, effect.estimate,
                                        block->at("estimate").at(effect.id).get<double>(),
                                        testing::kCoefficientTolerance, kPolishedFloor));
    EXPECT_TRUE(testing::RelativelyNear(what + " SE", effect.std_error,
                                        block->at("std_error").at(effect.id).get<double>(),
                                        testing::kCoefficientTolerance));
    ++compared;
  }
  const int units = HasIndividualEffects(request.effects.value()) ? 48 : 0;
  const int periods = HasTimeEffects(request.effects.value()) ? 17 : 0;
  EXPECT_EQ(compared, 1 + units + periods);
}

INSTANTIATE_TEST_SUITE_P(Splm,
                         ProducFixedEffectsRecoveryTest,
                         ::testing::Values(std::make_tuple("sar", "individual"),
                                           std::make_tuple("sar", "time"),
                                           std::make_tuple("sar", "twoways"),
                                           std::make_tuple("sem", "individual")));

// Impacts of the random-effects SAR (splm's impacts on spreml's fit): exact points to kImpactPointTolerance
// relative to at least 0.1 (the coefficients agree to ~1e-7 of the optimiser), as for the fixed effects.
TEST(ProducRandomEffectsImpactsTest, PointsMatchSplm) {
  static const engine::DataTable table = testing::ProducTable();
  static const SpatialDesign design = testing::ProducDesign(table);
  FitRequest request;
  request.model = ModelKind::kSar;
  request.weights = true;
  request.time = "year";
  request.random = true;
  request.impacts = true;
  request.draws = 0;
  const FitResult ours = Fit(request, design);
  ASSERT_TRUE(ours.impacts.has_value());
  const json& point = Splm().at("impacts").at("sar_re").at("point_exact");
  for (const Impact& impact : ours.impacts->impacts) {
    if (impact.name == "(Intercept)") continue;
    for (const char* kind : {"direct", "indirect"}) {
      const double value = std::string(kind) == "direct" ? impact.direct.estimate : impact.indirect.estimate;
      EXPECT_TRUE(testing::RelativelyNear("sar_re " + impact.name + " " + kind, value,
                                          point.at(kind).at(impact.name).get<double>(),
                                          testing::kImpactPointTolerance, kPolishedFloor));
    }
  }
}

// Baltagi, Song & Koh's LM tests on the pooled regression (splm's bsktest(test = "LM1", "LM2", "LMH"), raw,
// and LM1 / LM2 with standardize = TRUE, SLM1 / SLM2): closed forms, to kClosedFormTolerance (1e-8).
TEST(ProducBskTest, MatchesBsktest) {
  const FitResult ours = FitProduc(ModelKind::kOls, PanelEffects::kNone);
  const std::vector<std::tuple<std::string, std::string, std::string>> tests = {
      {"BSK LM1 (random effects)", "bsktest_LM1", "LM1"},
      {"BSK LM2 (spatial error)", "bsktest_LM2", "LM2"},
      {"BSK LMH (joint)", "bsktest_LMH", "LM-H"},
      // standardize = TRUE: splm reports the bare number.
      {"BSK SLM1 (random effects, standardised)", "bsktest_LM1_standardized", ""},
      {"BSK SLM2 (spatial error, standardised)", "bsktest_LM2_standardized", ""}};
  for (const auto& [our_name, key, statistic] : tests) {
    const json& reported = Splm().at("tests").at(key).at("statistic");
    const json& expected = statistic.empty() ? reported : reported.at(statistic);
    bool found = false;
    for (const Diagnostic& diagnostic : ours.diagnostics) {
      if (diagnostic.name != our_name) continue;
      found = true;
      EXPECT_TRUE(testing::RelativelyNear(key, diagnostic.statistic, expected.get<double>(),
                                          testing::kClosedFormTolerance));
    }
    EXPECT_TRUE(found) << our_name;
  }
}

// Baltagi, Song & Koh's conditional tests (splm's bsktest(test = "CLMlambda", "CLMmu")): LM*-lambda on the
// pooled regression (from the random-effects regression by ML, splm's spreml(errors = "re")) and LM*-mu on
// the pooled SEM (splm: spreml(errors = "sem")). Each rests on an ML fit that splm's nlminb stops short of
// its optimum (see the pooled fits above); the statistics agree to 1e-10 (LM*-lambda) and 1.4e-7 (LM*-mu), so
// kConditionalTestTolerance 1e-6 (relative).
TEST(ProducBskTest, ConditionalTestsMatchBsktest) {
  constexpr double kConditionalTestTolerance = 1e-6;
  const struct {
    ModelKind model;
    const char* name;
    const char* key;
  } tests[] = {{ModelKind::kOls, "BSK LM*-lambda (spatial error, given random effects)", "bsktest_CLMlambda"},
               {ModelKind::kSem, "BSK LM*-mu (random effects, given a spatial error)", "bsktest_CLMmu"}};
  for (const auto& test : tests) {
    const FitResult ours = FitProduc(test.model, PanelEffects::kNone);
    const double expected = Splm().at("tests").at(test.key).at("statistic").get<double>();
    const auto found =
        std::find_if(ours.diagnostics.begin(), ours.diagnostics.end(),
                     [&](const Diagnostic& diagnostic) { return diagnostic.name == test.name; });
    ASSERT_NE(found, ours.diagnostics.end()) << test.name;
    EXPECT_TRUE(testing::RelativelyNear(test.key, found->statistic, expected, kConditionalTestTolerance))
        << std::setprecision(12) << found->statistic << " vs " << expected;
    EXPECT_NEAR(found->p_value, Splm().at("tests").at(test.key).at("p_value").get<double>(),
                1e-4 * std::max(1e-300, found->p_value) + 1e-300);
  }
}

// The within regressions themselves against plm (plm_baselines; plm 2.6-2 `plm(model = "within")`):
// coefficients, SEs (residual df N T - k - absorbed effects, as plm) and SSR / (N T), closed forms to 1e-8.
class ProducWithinTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ProducWithinTest, MatchesPlm) {
  const std::string effects = GetParam();
  const json& expected = Splm().at("plm_baselines").at("within_" + effects);
  const FitResult ours = FitProduc(ModelKind::kOls, ParsePanelEffects(effects));
  SpatialFitReference reference{.label = "produc within " + effects,
                                .source = "produc_splm.json plm_baselines.within_" + effects,
                                .tolerances = testing::kClosedFormFit};
  reference.coefficient_names = kRegressors;
  for (const std::string& regressor : kRegressors) {
    reference.coefficients.push_back({.name = regressor,
                                      .estimate = expected.at("coefficients").at(regressor).get<double>(),
                                      .std_error = expected.at("std_errors").at(regressor).get<double>()});
  }
  reference.statistics = {{"sigma2_ml", expected.at("ssr").get<double>() / 816.0}};  // SSR / (N T)
  CheckSpatialFit(ours, reference);
}

INSTANTIATE_TEST_SUITE_P(Plm, ProducWithinTest, ::testing::Values("individual", "time", "twoways"));

INSTANTIATE_TEST_SUITE_P(Splm,
                         ProducLmTest,
                         ::testing::Values(std::make_tuple("pooling", "none"),
                                           std::make_tuple("within", "individual"),
                                           std::make_tuple("twoways", "twoways")));

// Impacts of the fixed-effects SAR (splm's impacts(fit, listw, time = 17)): the points are exact
// (beta tr((I - rho W)^-1) / N and beta / (1 - rho)), to 1e-6 with splm's rho 1e-8 from ours. The simulated
// SEs are compared loosely (kSimulatedDirectSeTolerance, kSimulatedSpilloverSeTolerance): both are 1000
// draws, and splm draws from its block-diagonal vcov (no rho-beta covariance), ours from the full one.
class ProducImpactsTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ProducImpactsTest, MatchSplm) {
  const std::string effects = GetParam();
  const std::string name = "sar_fe_" + effects;
  const json& expected = Splm().at("impacts").at(name);
  const FitResult ours = FitProduc(ModelKind::kSar, ParsePanelEffects(effects), /*impacts=*/true);
  ASSERT_TRUE(ours.impacts.has_value());
  ASSERT_EQ(ours.impacts->impacts.size(), kRegressors.size());
  for (const Impact& impact : ours.impacts->impacts) {
    const std::string what = name + " " + impact.name;
    const json& point = expected.at("point_exact");
    const json& se = expected.at("simulated_se");
    EXPECT_TRUE(testing::RelativelyNear(what + " direct", impact.direct.estimate,
                                        point.at("direct").at(impact.name).get<double>(),
                                        testing::kImpactPointTolerance));
    EXPECT_TRUE(testing::RelativelyNear(what + " indirect", impact.indirect.estimate,
                                        point.at("indirect").at(impact.name).get<double>(),
                                        testing::kImpactPointTolerance));
    EXPECT_TRUE(testing::RelativelyNear(what + " total", impact.total.estimate,
                                        point.at("total").at(impact.name).get<double>(),
                                        testing::kImpactPointTolerance));
    EXPECT_TRUE(testing::RelativelyNear(what + " direct SE", impact.direct.std_error,
                                        se.at("direct").at(impact.name).get<double>(),
                                        testing::kSimulatedDirectSeTolerance));
    EXPECT_TRUE(testing::RelativelyNear(what + " indirect SE", impact.indirect.std_error,
                                        se.at("indirect").at(impact.name).get<double>(),
                                        testing::kSimulatedSpilloverSeTolerance));
  }
}

INSTANTIATE_TEST_SUITE_P(Splm, ProducImpactsTest, ::testing::Values("individual", "time", "twoways"));

// The SDM's LR tests against the SAR (theta = 0) and the SEM (common factor): their restricted
// log-likelihoods are those of the SAR and SEM fits on the same data, which MatchesSplm checks against
// splm (1e-9 relative: the same likelihood, maximised by the same Brent search), with 4 degrees of freedom
// (the four W X columns).
TEST(ProducDurbinRestrictionTest, SdmAgainstSarAndSemUseTheirLogLikelihoods) {
  for (const PanelEffects effects : {PanelEffects::kIndividual, PanelEffects::kTwoWays}) {
    const FitResult sdm = FitProduc(ModelKind::kSdm, effects);
    const std::pair<ModelKind, std::string> nested[] = {
        {ModelKind::kSar, "LR test (SDM vs SAR: theta = 0)"},
        {ModelKind::kSem, "LR test (SDM vs SEM: theta = -rho beta)"}};
    for (const auto& [model, name] : nested) {
      const double restricted = FitProduc(model, effects).log_likelihood;
      const auto test = std::find_if(sdm.diagnostics.begin(), sdm.diagnostics.end(),
                                     [&](const Diagnostic& diagnostic) { return diagnostic.name == name; });
      ASSERT_NE(test, sdm.diagnostics.end()) << name;
      EXPECT_EQ(test->df, 4.0);
      EXPECT_NEAR(test->statistic, 2.0 * (sdm.log_likelihood - restricted), 1e-9 * std::abs(restricted))
          << name;
      EXPECT_GT(test->statistic, 0.0);
    }
  }
}

}  // namespace
}  // namespace hinterland::estimators
