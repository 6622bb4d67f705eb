// Unit tests of the JSON contract (cli/report/json_report.hpp) on the hand-built Columbus OLS result
// (tests/cli/sample_fit_result.hpp): every contract key, exact round trip of the numbers, null for
// non-finite values and for absent weights.
#include "cli/report/json_report.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/sample_fit_result.hpp"

namespace hinterland::cli {
namespace {

using nlohmann::json;

TEST(JsonReportTest, HasEveryKeyOfTheContract) {
  const json parsed = json::parse(RenderJson(testing::SampleFitResult()));
  for (const char* key :
       {"schema",    "model",  "method",         "n",           "k",        "formula",
        "dependent", "data",   "coefficients",   "vcov",        "sigma2",   "log_likelihood",
        "aic",       "bic",    "statistics",     "diagnostics", "weights",  "engine",
        "seed",      "status", "status_message", "usable",      "warnings", "dropped",
        "timings"}) {
    EXPECT_TRUE(parsed.contains(key)) << key;
  }
  for (const char* key : {"version", "blas", "blas_library", "lapack", "threads", "sparse_threads"}) {
    EXPECT_TRUE(parsed["engine"].contains(key)) << key;
  }
  EXPECT_EQ(parsed["method"]["estimation"], "least squares");
  EXPECT_EQ(parsed["method"]["vcov"], "classical");
  EXPECT_TRUE(parsed["method"]["logdet_used"].is_null());
  EXPECT_EQ(parsed["seed"], 42);
  EXPECT_EQ(parsed["engine"]["threads"], 2);
  EXPECT_EQ(parsed["engine"]["sparse_threads"], 2);
  EXPECT_EQ(parsed["status"], "converged");
  EXPECT_EQ(parsed["usable"], true);
}

TEST(JsonReportTest, WritesCoefficientsAndStatisticsExactly) {
  const estimators::FitResult result = testing::SampleFitResult();
  const json parsed = json::parse(RenderJson(result));
  ASSERT_EQ(parsed["coefficients"].size(), 3u);
  const json& inc = parsed["coefficients"][1];
  EXPECT_EQ(inc["name"], "INC");
  EXPECT_EQ(inc["role"], "regressor");
  EXPECT_EQ(inc["estimate"].get<double>(), result.coefficients[1].estimate);
  EXPECT_EQ(inc["std_error"].get<double>(), result.coefficients[1].std_error);
  EXPECT_EQ(inc["statistic"].get<double>(), result.coefficients[1].statistic);
  EXPECT_EQ(inc["p_value"].get<double>(), result.coefficients[1].p_value);
  EXPECT_EQ(parsed["coefficients"][0]["role"], "intercept");
  EXPECT_EQ(parsed["vcov"][0][1].get<double>(), result.vcov(0, 1));
  EXPECT_EQ(parsed["sigma2"].get<double>(), result.sigma2);
  EXPECT_EQ(parsed["log_likelihood"].get<double>(), result.log_likelihood);
  EXPECT_EQ(parsed["statistics"]["r_squared"].get<double>(), 0.552404040837423);
  EXPECT_EQ(parsed["weights"]["links"], 230);
  EXPECT_EQ(parsed["weights"]["style"], "W");
  EXPECT_EQ(parsed["timings"]["fit"].get<double>(), 0.001);
}

TEST(JsonReportTest, WritesDiagnosticsWithNullDfForZStatistics) {
  const json parsed = json::parse(RenderJson(testing::SampleFitResult()));
  ASSERT_EQ(parsed["diagnostics"].size(), 3u);
  EXPECT_EQ(parsed["diagnostics"][0]["name"], "Moran's I (residuals)");
  EXPECT_TRUE(parsed["diagnostics"][0]["df"].is_null());
  EXPECT_THAT(parsed["diagnostics"][0]["note"].get<std::string>(), ::testing::HasSubstr("E[I]"));
  EXPECT_EQ(parsed["diagnostics"][2]["df"], 2);
  EXPECT_EQ(parsed["diagnostics"][1]["p_value"].get<double>(), 0.0317651720089892);
}

TEST(JsonReportTest, WritesNonFiniteNumbersAsNullAndNeverNaN) {
  const std::string text = RenderJson(testing::AwkwardFitResult());
  EXPECT_EQ(text.find("NaN"), std::string::npos);
  EXPECT_EQ(text.find("nan"), std::string::npos);
  EXPECT_EQ(text.find("Infinity"), std::string::npos);
  const json parsed = json::parse(text);
  EXPECT_TRUE(parsed["sigma2"].is_null());
  EXPECT_TRUE(parsed["coefficients"][3]["estimate"].is_null());
  EXPECT_TRUE(parsed["coefficients"][3]["std_error"].is_null());
  EXPECT_EQ(parsed["coefficients"][3]["name"], "I(a_b*c), \"x\" | 50% & $#");
  EXPECT_EQ(parsed["dropped"].size(), 2u);
  EXPECT_EQ(parsed["warnings"].size(), 1u);
}

TEST(JsonReportTest, WritesNullWeightsWhenTheFitHadNone) {
  estimators::FitResult result = testing::SampleFitResult();
  result.has_weights = false;
  result.vcov.reset();
  const json parsed = json::parse(RenderJson(result));
  EXPECT_TRUE(parsed["weights"].is_null());
  EXPECT_TRUE(parsed["vcov"].is_null());
}

}  // namespace
}  // namespace hinterland::cli
