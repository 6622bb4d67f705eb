// End-to-end tests of `hinterland fit` for the spatial models (SLX, SAR, SEM, SDM, SDEM) and their impacts.
// Reference: R 4.2.2 spatialreg 1.2-6 lagsarlm / errorsarlm (method "eigen", Durbin = TRUE), lmSLX and
// impacts(), in tests/reference/data/columbus/columbus_spatialreg.json (script
// tests/reference/generators/reference_columbus.R), variant "columbus_gal" (columbus.csv +
// columbus_queen.gal, id POLYID) and "columbus_old" (Anselin 1988 data, id ID).
// Tolerances: coefficients, rho / lambda, log-likelihood and exact impacts 1e-6 relative (the estimators'
// Brent tolerance 1e-10 against R's optimize at ~1.5e-8); SLX analytic impact SEs 1e-6 relative (same
// formula). Simulated impact SEs 10% relative: both sides are 1000 draws with different generators, so each
// SD carries ~1/sqrt(2 * 1000) = 2.2% Monte Carlo error; 10% is about three standard errors of the
// difference. Anselin (1988), Table 12.2: rho = 0.4310 printed to 4 decimals, so 5e-5 absolute.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.hpp"
#include "tests/support/reference.hpp"

namespace hinterland::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr double kEstimateTolerance = 1e-6;
constexpr double kSimulatedStdErrorTolerance = 0.10;

std::vector<std::string> SpatialFit(const std::string& model, std::vector<std::string> extra = {}) {
  std::vector<std::string> arguments = {
      "fit",       "--model",     model,  "--data", ColumbusCsv(), "--formula", "CRIME ~ INC + HOVAL",
      "--weights", ColumbusGal(), "--id", "POLYID"};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  return arguments;
}

json FitJson(const std::vector<std::string>& arguments) {
  std::vector<std::string> with_format = arguments;
  with_format.insert(with_format.end(), {"--format", "json"});
  const CliRun run = RunCli(with_format);
  EXPECT_TRUE(ExitsWith(run, 0));
  return run.out.empty() ? json::object() : json::parse(run.out);
}

const json& Named(const json& list, const std::string& name) {
  for (const json& item : list) {
    if (item["name"] == name) return item;
  }
  ADD_FAILURE() << "no entry named " << name;
  static const json kNone = json::object();
  return kNone;
}

double Number(const json& value) { return value.is_number() ? value.get<double>() : std::nan(""); }

// spatialreg names a lagged regressor "lag.INC"; hinterland "W:INC".
std::string HinterlandName(const std::string& spatialreg_name) {
  return spatialreg_name.rfind("lag.", 0) == 0 ? "W:" + spatialreg_name.substr(4) : spatialreg_name;
}

const json& Reference(const std::string& variant = "columbus_gal") {
  return LoadReference("columbus/columbus_spatialreg.json")[variant];
}

// Coefficients (and rho or lambda, when `parameter` is not empty) and the log-likelihood against R.
void ExpectMatchesSpatialreg(const json& fit, const json& expected, const std::string& parameter) {
  EXPECT_EQ(fit["status"], "converged");
  std::size_t regressors = 0;
  for (const auto& [name, value] : expected["coefficients"].items()) {
    const json& coefficient = Named(fit["coefficients"], HinterlandName(name));
    EXPECT_REL_NEAR(name, Number(coefficient["estimate"]), value.get<double>(), kEstimateTolerance);
    ++regressors;
  }
  if (!parameter.empty()) {
    const json& spatial = Named(fit["coefficients"], parameter);
    EXPECT_EQ(spatial["role"], parameter);
    EXPECT_REL_NEAR(parameter, Number(spatial["estimate"]), expected[parameter].get<double>(),
                    kEstimateTolerance);
    ++regressors;
  }
  EXPECT_EQ(fit["coefficients"].size(), regressors);
  EXPECT_REL_NEAR("log-likelihood", Number(fit["log_likelihood"]), expected["logLik"].get<double>(),
                  kEstimateTolerance);
}

TEST(CliFitSpatial, SarMatchesSpatialreg) {
  const json fit = FitJson(SpatialFit("sar"));
  ExpectMatchesSpatialreg(fit, Reference()["sar_ml"], "rho");
  EXPECT_EQ(fit["model"], "sar");
  EXPECT_EQ(fit["method"]["logdet_given"], "auto");
  EXPECT_EQ(fit["method"]["logdet_used"], "eigen");
  EXPECT_THAT(fit["method"]["vcov"].get<std::string>(), HasSubstr("analytic"));
  EXPECT_TRUE(fit["impacts"].is_null());
}

TEST(CliFitSpatial, SemMatchesSpatialreg) {
  ExpectMatchesSpatialreg(FitJson(SpatialFit("sem")), Reference()["sem_ml"], "lambda");
}

TEST(CliFitSpatial, SdmMatchesSpatialreg) {
  ExpectMatchesSpatialreg(FitJson(SpatialFit("sdm")), Reference()["sdm_ml"], "rho");
}

TEST(CliFitSpatial, SdemMatchesSpatialreg) {
  ExpectMatchesSpatialreg(FitJson(SpatialFit("sdem")), Reference()["sdem_ml"], "lambda");
}

TEST(CliFitSpatial, SlxMatchesSpatialreg) {
  const json fit = FitJson(SpatialFit("slx"));
  ExpectMatchesSpatialreg(fit, Reference()["slx"], "");
  EXPECT_EQ(Named(fit["coefficients"], "W:INC")["role"], "lagged_regressor");
}

TEST(CliFitSpatial, SacMatchesSpatialregAndWeights2DefaultsToWeights) {
  const json& expected = Reference()["sac_ml"];
  for (const json& fit :
       {FitJson(SpatialFit("sac")), FitJson(SpatialFit("sac", {"--weights2", ColumbusGal()}))}) {
    EXPECT_EQ(fit["status"], "converged");
    for (const auto& [name, value] : expected["coefficients"].items()) {
      EXPECT_REL_NEAR(name, Number(Named(fit["coefficients"], name)["estimate"]), value.get<double>(),
                      kEstimateTolerance);
    }
    for (const std::string parameter : {"rho", "lambda"}) {
      EXPECT_REL_NEAR(parameter, Number(Named(fit["coefficients"], parameter)["estimate"]),
                      expected[parameter].get<double>(), kEstimateTolerance);
    }
    EXPECT_REL_NEAR("log-likelihood", Number(fit["log_likelihood"]), expected["logLik"].get<double>(),
                    kEstimateTolerance);
  }
}

TEST(CliFitSpatial, CholeskyLogDeterminantGivesTheSameRho) {
  const json fit = FitJson(SpatialFit("sar", {"--logdet", "cholesky"}));
  EXPECT_EQ(fit["method"]["logdet_given"], "cholesky");
  EXPECT_EQ(fit["method"]["logdet_used"], "cholesky");
  EXPECT_THAT(fit["method"]["logdet"].get<std::string>(), HasSubstr("CHOLMOD"));
  EXPECT_EQ(fit["method"]["estimation"], "maximum likelihood");
  EXPECT_REL_NEAR("rho", Number(Named(fit["coefficients"], "rho")["estimate"]),
                  Reference()["sar_ml"]["rho"].get<double>(), kEstimateTolerance);
}

// interpolated: 64 exact (cholesky) log-determinants interpolated, within ~4e-12 n of exact, so rho to
// the same 1e-6 of spatialreg.
TEST(CliFitSpatial, InterpolatedLogDeterminantGivesTheSameRho) {
  const json fit = FitJson(SpatialFit("sar", {"--logdet", "interpolated"}));
  EXPECT_EQ(fit["method"]["logdet_given"], "interpolated");
  EXPECT_EQ(fit["method"]["logdet_used"], "interpolated");
  EXPECT_THAT(fit["method"]["logdet"].get<std::string>(), HasSubstr("at 64 nodes"));
  EXPECT_REL_NEAR("rho", Number(Named(fit["coefficients"], "rho")["estimate"]),
                  Reference()["sar_ml"]["rho"].get<double>(), kEstimateTolerance);
}

TEST(CliFitSpatial, DurbinSubsetLagsOnlyTheNamedRegressors) {
  const json fit = FitJson(SpatialFit("sdm", {"--durbin", "INC"}));
  Named(fit["coefficients"], "W:INC");
  for (const json& coefficient : fit["coefficients"]) EXPECT_NE(coefficient["name"], "W:HOVAL");
}

TEST(CliFitSpatial, SarExactImpactsMatchSpatialregWithSimulatedInference) {
  const json fit = FitJson(
      SpatialFit("sar", {"--impacts", "--impacts-method", "exact", "--draws", "1000", "--seed", "42"}));
  const json& expected = Reference()["sar_impacts"];
  ASSERT_TRUE(fit["impacts"].is_array());
  ASSERT_EQ(fit["impacts"].size(), 2u);
  for (const std::string name : {"INC", "HOVAL"}) {
    const json& impact = Named(fit["impacts"], name);
    for (const std::string kind : {"direct", "indirect", "total"}) {
      EXPECT_REL_NEAR(name + " " + kind, Number(impact[kind]["estimate"]),
                      expected["exact"][kind][name].get<double>(), kEstimateTolerance);
      std::string column = kind;
      column[0] = static_cast<char>(std::toupper(column[0]));
      EXPECT_REL_NEAR(name + " " + kind + " simulated SE", Number(impact[kind]["std_error"]),
                      expected["simulated"]["simulated_se"][name][column].get<double>(),
                      kSimulatedStdErrorTolerance);
      EXPECT_TRUE(impact[kind]["p_value"].is_number());
    }
  }
  const json& details = fit["impacts_details"];
  EXPECT_EQ(details["method"], "exact");
  EXPECT_EQ(details["draws"], 1000);
  EXPECT_EQ(details["seed"], 42);
  EXPECT_EQ(details["simulated"], true);
  EXPECT_EQ(fit["seed"], 42);
  EXPECT_FALSE(details["trace_method"].is_null());
  // The same seed gives the same draws.
  const json again = FitJson(
      SpatialFit("sar", {"--impacts", "--impacts-method", "exact", "--draws", "1000", "--seed", "42"}));
  EXPECT_EQ(again["impacts"], fit["impacts"]);
}

TEST(CliFitSpatial, ImpactsWithZeroDrawsArePointEstimatesOnly) {
  const json fit = FitJson(SpatialFit("sar", {"--impacts", "--draws", "0"}));
  const json& impact = Named(fit["impacts"], "INC");
  EXPECT_REL_NEAR("INC total", Number(impact["total"]["estimate"]),
                  Reference()["sar_impacts"]["exact"]["total"]["INC"].get<double>(), kEstimateTolerance);
  EXPECT_TRUE(impact["total"]["std_error"].is_null());
  EXPECT_EQ(fit["impacts_details"]["simulated"], false);
}

TEST(CliFitSpatial, SlxImpactsAreAnalyticAndMatchSpatialreg) {
  const json fit = FitJson(SpatialFit("slx", {"--impacts"}));
  const json& expected = Reference()["slx_impacts"];
  EXPECT_EQ(fit["impacts_details"]["method"], "analytic");
  for (const std::string name : {"INC", "HOVAL"}) {
    const json& impact = Named(fit["impacts"], name);
    for (const std::string kind : {"direct", "indirect", "total"}) {
      EXPECT_REL_NEAR(name + " " + kind, Number(impact[kind]["estimate"]),
                      expected["point"][kind][name].get<double>(), kEstimateTolerance);
      EXPECT_REL_NEAR(name + " " + kind + " SE", Number(impact[kind]["std_error"]),
                      expected["std_errors"][kind][name].get<double>(), kEstimateTolerance);
    }
  }
}

TEST(CliFitSpatial, TextReportShowsRhoLogDeterminantDiagnosticsAndImpacts) {
  std::vector<std::string> arguments = SpatialFit("sar", {"--impacts", "--draws", "200", "--seed", "7"});
  const CliRun run = RunCli(arguments);
  ASSERT_TRUE(ExitsWith(run, 0));
  EXPECT_THAT(run.out, HasSubstr("Spatial autoregressive (lag) model"));
  EXPECT_THAT(run.out, HasSubstr("\nrho "));
  EXPECT_THAT(run.out, HasSubstr("given auto, used eigen"));
  EXPECT_THAT(run.out, HasSubstr("Covariance:"));
  EXPECT_THAT(run.out, HasSubstr("Diagnostics:"));
  EXPECT_THAT(run.out, HasSubstr("Impacts:\n"));
  EXPECT_THAT(run.out, HasSubstr("Direct  Indirect"));
  EXPECT_THAT(run.out, HasSubstr("Simulated standard errors:"));
  EXPECT_THAT(run.out, HasSubstr("Simulated p-values:"));
  EXPECT_THAT(run.out, HasSubstr("Draws: 200"));
  EXPECT_THAT(run.out, HasSubstr("Seed: 7"));
  EXPECT_THAT(run.out, HasSubstr("Status: converged"));
}

TEST(CliFitSpatial, LatexAndMarkdownCarryTheImpactsTable) {
  const CliRun latex = RunCli(SpatialFit("sdm", {"--impacts", "--draws", "100", "--format", "latex"}));
  ASSERT_TRUE(ExitsWith(latex, 0));
  EXPECT_THAT(latex.out, HasSubstr(" & Direct & Indirect & Total \\\\"));
  EXPECT_THAT(latex.out, HasSubstr("Simulated standard errors in parentheses"));
  const CliRun markdown = RunCli(SpatialFit("sdm", {"--impacts", "--draws", "100", "--format", "markdown"}));
  ASSERT_TRUE(ExitsWith(markdown, 0));
  EXPECT_THAT(markdown.out, HasSubstr("| Impact | Direct | Indirect | Total |"));
  EXPECT_THAT(markdown.out, HasSubstr("| INC |"));
}

TEST(CliFitSpatial, Anselin1988Table12_2LagRho) {
  // Anselin (1988), Table 12.2: ML spatial lag on the 1980 Columbus data, rho = 0.4310 (4 decimals).
  const json fit = FitJson({"fit", "--model", "sar", "--data", Dataset("columbus/columbus_anselin1988.csv"),
                            "--formula", "CRIME ~ INC + HOVAL", "--weights",
                            Dataset("columbus/columbus_anselin1988.gal"), "--id", "ID"});
  const double rho = Number(Named(fit["coefficients"], "rho")["estimate"]);
  EXPECT_NEAR(rho, 0.4310, 5e-5);
  ExpectMatchesSpatialreg(fit, Reference("columbus_old")["sar_ml"], "rho");
}

}  // namespace
}  // namespace hinterland::testing
