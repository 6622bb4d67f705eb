// FitRequest::Validate: which option applies to which model (read from the capability table) and every
// value's domain, reported all at once as {key, value, constraint} in the library's words. The CLI's own
// messages for the same cases are asserted in tests/bad_input (option_errors, spatial_option_errors, ...).
#include "estimators/fit/fit_request.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/core/error.hpp"

namespace hinterland::estimators {
namespace {

using ::testing::HasSubstr;

std::vector<std::string> KeysOf(const std::vector<engine::OptionProblem>& problems) {
  std::vector<std::string> keys;
  for (const engine::OptionProblem& problem : problems) keys.push_back(problem.key);
  return keys;
}

const engine::OptionProblem& ProblemWithKey(const std::vector<engine::OptionProblem>& problems,
                                            const std::string& key) {
  const auto found =
      std::find_if(problems.begin(), problems.end(),
                   [&key](const engine::OptionProblem& problem) { return problem.key == key; });
  if (found == problems.end()) throw std::runtime_error("no problem with key " + key);
  return *found;
}

FitRequest Request(ModelKind model, bool weights = true) {
  FitRequest request;
  request.model = model;
  request.weights = weights;
  return request;
}

TEST(FitRequestTest, DefaultsAreValidForEveryModelWithWeights) {
  for (ModelKind model : {ModelKind::kOls, ModelKind::kSlx, ModelKind::kSar, ModelKind::kSem, ModelKind::kSdm,
                          ModelKind::kSdem, ModelKind::kSac}) {
    EXPECT_TRUE(Request(model).Validate().empty()) << ToString(model);
  }
  EXPECT_TRUE(Request(ModelKind::kOls, false).Validate().empty());
}

TEST(FitRequestTest, SpatialModelsNeedWeights) {
  const std::vector<engine::OptionProblem> problems = Request(ModelKind::kSar, false).Validate();
  ASSERT_EQ(KeysOf(problems), std::vector<std::string>{"model"});
  EXPECT_EQ(problems[0].value, "sar");
  EXPECT_EQ(problems[0].constraint, "sar needs `weights`");
}

TEST(FitRequestTest, EveryProblemIsReportedAtOnce) {
  FitRequest request = Request(ModelKind::kOls);
  request.logdet = engine::LogDetMethod::kCholesky;
  request.tolerance = 1e-8;
  request.durbin = std::vector<std::string>{"INC"};
  request.impacts = true;
  request.vcov = CovarianceEstimator::kNumericalHessian;
  request.weights2 = true;
  request.threads = -1;
  const std::vector<engine::OptionProblem> problems = request.Validate();
  EXPECT_EQ(KeysOf(problems), (std::vector<std::string>{"weights2", "logdet", "tolerance", "durbin",
                                                        "impacts", "vcov", "threads"}));
  EXPECT_THAT(ProblemWithKey(problems, "logdet").constraint,
              HasSubstr("has no effect with `model` ols: it applies to sar, sem, sdm, sdem and sac"));
  EXPECT_THAT(ProblemWithKey(problems, "durbin").constraint, HasSubstr("sdm, sdem and slx"));
  EXPECT_THAT(ProblemWithKey(problems, "vcov").constraint, HasSubstr("classical, HC0, HC1, HC2 and HC3"));
}

TEST(FitRequestTest, BackEndSettingsNeedTheirBackEnd) {
  FitRequest request = Request(ModelKind::kSar);
  request.mc_probes = 16;
  request.lanczos_steps = 20;
  const std::vector<engine::OptionProblem> problems = request.Validate();
  EXPECT_EQ(KeysOf(problems), (std::vector<std::string>{"lanczos_steps", "mc_probes"}));
  EXPECT_EQ(ProblemWithKey(problems, "mc_probes").constraint,
            "has no effect without `logdet` chebyshev or mc");
  request.logdet = engine::LogDetMethod::kMonteCarlo;
  request.lanczos_steps.reset();
  EXPECT_TRUE(request.Validate().empty());
}

TEST(FitRequestTest, ValuesOutsideTheirDomainNameKeyAndValue) {
  FitRequest request = Request(ModelKind::kSdm);
  request.logdet = engine::LogDetMethod::kChebyshev;
  request.chebyshev_order = 1;
  request.tolerance = -1.0;
  request.max_iterations = 0;
  request.durbin = std::vector<std::string>{"INC", "", "INC"};
  request.rho_interval = engine::RhoBounds{0.5, 0.2};
  request.impacts = true;
  request.draws = -5;
  const std::vector<engine::OptionProblem> problems = request.Validate();
  EXPECT_EQ(ProblemWithKey(problems, "chebyshev_order").value, "1");
  EXPECT_THAT(ProblemWithKey(problems, "chebyshev_order").constraint, HasSubstr("between 2 and 500"));
  EXPECT_THAT(ProblemWithKey(problems, "tolerance").constraint,
              HasSubstr("must be a positive finite number"));
  EXPECT_THAT(ProblemWithKey(problems, "max_iterations").constraint, HasSubstr("at least 1"));
  EXPECT_THAT(ProblemWithKey(problems, "rho_interval").constraint, HasSubstr("lower < upper"));
  EXPECT_THAT(ProblemWithKey(problems, "draws").constraint, HasSubstr(">= 0"));
  const std::vector<std::string> keys = KeysOf(problems);
  EXPECT_EQ(std::count(keys.begin(), keys.end(), "durbin"), 2);  // the empty name and the repeated one
}

TEST(FitRequestTest, AnalyticImpactsTakeNoDraws) {
  FitRequest request = Request(ModelKind::kSlx);
  request.impacts = true;
  request.draws = 100;
  EXPECT_THAT(ProblemWithKey(request.Validate(), "draws").constraint, HasSubstr("impacts are analytic"));
  request.draws.reset();
  EXPECT_EQ(request.ImpactsOptions().method, ImpactMethod::kAnalytic);
  EXPECT_EQ(request.ImpactsOptions().draws, 0);
}

TEST(FitRequestTest, NoProblemNamesACommandLineFlag) {
  // The library's vocabulary is its keys: a front end names them (the CLI as flags, Python as keywords).
  FitRequest request = Request(ModelKind::kOls, false);
  request.style = engine::WeightsStyle::kBinary;
  request.logdet = engine::LogDetMethod::kLu;
  request.chebyshev_order = 1;
  request.rho_interval = engine::RhoBounds{0.0, 0.5};
  request.draws = 3;
  request.impacts_method = ImpactMethod::kExact;
  for (const engine::OptionProblem& problem : request.Validate()) {
    EXPECT_EQ(problem.constraint.find("--"), std::string::npos) << problem.constraint;
  }
}

TEST(FitRequestTest, ResolvedOptionsCarryTheRequest) {
  FitRequest request = Request(ModelKind::kSdm);
  request.logdet = engine::LogDetMethod::kMonteCarlo;
  request.mc_order = 50;
  request.mc_probes = 8;
  request.seed = 7;
  request.durbin = std::vector<std::string>{"INC"};
  request.vcov = CovarianceEstimator::kNumericalHessian;
  const SpatialFitOptions options = request.MaximumLikelihoodOptions();
  EXPECT_EQ(options.logdet.method, engine::LogDetMethod::kMonteCarlo);
  EXPECT_EQ(options.logdet.mc_order, 50);
  EXPECT_EQ(options.logdet.mc_probes, 8);
  EXPECT_EQ(options.logdet.seed, 7u);  // one seed: the log-determinant's and the fit's are the request's
  EXPECT_EQ(options.seed, 7u);
  EXPECT_FALSE(options.durbin_all);
  EXPECT_EQ(options.durbin_terms, std::vector<std::string>{"INC"});
  EXPECT_EQ(options.covariance, CovarianceEstimator::kNumericalHessian);
  EXPECT_EQ(Request(ModelKind::kOls).LeastSquaresOptions().vcov, CovarianceEstimator::kClassical);
}

TEST(OptionErrorTest, RendersEveryProblemInTheFrontEndsWords) {
  FitRequest request = Request(ModelKind::kSar, false);
  request.mc_order = 10;
  try {
    RequireValid(request);
    FAIL() << "expected an OptionError";
  } catch (const engine::OptionError& error) {
    ASSERT_EQ(error.Problems().size(), 2u);
    EXPECT_THAT(error.what(), HasSubstr("`model` sar needs `weights`"));
    const auto flag = [](const std::string& key) {
      return key == "mc_order" ? std::string("--mc-order") : "--" + key;
    };
    const std::string rendered = engine::RenderOptionProblems(error.Problems(), flag);
    EXPECT_EQ(rendered, "--model sar needs --weights\n--mc-order has no effect without --logdet mc");
  }
}

}  // namespace
}  // namespace hinterland::estimators
