// End-to-end tests of what `hinterland fit` reports beyond the estimates: SAC's second weights matrix,
// the residual diagnostics of SLX, and the impacts by order of neighbours in every report format.
// References: SLX diagnostics against spdep 1.2-7 lm.morantest / lm.LMtests on the SLX regression
// (tests/reference/data/columbus/slx_diagnostics.json, script
// tests/reference/generators/reference_columbus_slx_diagnostics.R, variant columbus_gal = columbus.csv +
// columbus_queen.gal), 1e-8 relative for statistics and 1e-6 for p-values as the OLS CLI tests (the CSV
// holds R's numbers; only the arithmetic differs). The by-order impacts are checked here for their
// structure and their internal consistency (order 0 direct = beta, the orders summing to the impacts);
// their values against spatialreg are tests/reference/sac_impacts/columbus_impacts_by_order_test.cpp.
// Weights counts: columbus_queen.gal 230 links (spdep summary(col.gal.nb)); knn4 49 x 4 = 196 links.
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

constexpr double kValueTolerance = 1e-8;
constexpr double kPValueTolerance = 1e-6;

std::vector<std::string> Fit(const std::string& model, std::vector<std::string> extra = {}) {
  std::vector<std::string> arguments = {
      "fit",       "--model",     model,  "--data", ColumbusCsv(), "--formula", "CRIME ~ INC + HOVAL",
      "--weights", ColumbusGal(), "--id", "POLYID"};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  return arguments;
}

json FitJson(std::vector<std::string> arguments) {
  arguments.insert(arguments.end(), {"--format", "json"});
  const CliRun run = RunCli(arguments);
  EXPECT_TRUE(ExitsWith(run, 0));
  return run.out.empty() ? json::object() : json::parse(run.out);
}

double Number(const json& value) { return value.is_number() ? value.get<double>() : std::nan(""); }

const json& Named(const json& list, const std::string& name) {
  for (const json& item : list) {
    if (item["name"] == name) return item;
  }
  ADD_FAILURE() << "no entry named " << name;
  static const json kNone = json::object();
  return kNone;
}

// Columbus's 4 nearest neighbours (asymmetric, 196 links), built by the CLI into a temporary folder.
std::string Knn4Weights() {
  static const std::string path = [] {
    const std::string file = MakeTempDir("cli_report_completeness") + "/knn4.gwt";
    const CliRun build = RunCli({"weights", "build", "--knn", "4", "--coords", ColumbusCsv(), "--x", "X",
                                 "--y", "Y", "--id", "POLYID", "--output", file});
    EXPECT_TRUE(ExitsWith(build, 0));
    return file;
  }();
  return path;
}

TEST(CliFitSacWeights2, JsonDescribesTheSecondMatrix) {
  const json fit = FitJson(Fit("sac", {"--weights2", Knn4Weights()}));
  EXPECT_EQ(fit["status"], "converged");
  const json& w1 = fit["weights"];
  const json& w2 = fit["weights2"];
  ASSERT_TRUE(w2.is_object());
  EXPECT_THAT(w1["source"].get<std::string>(), HasSubstr("columbus_queen.gal"));
  EXPECT_EQ(w1["links"], 230);
  EXPECT_THAT(w2["source"].get<std::string>(), HasSubstr("knn4.gwt"));
  EXPECT_EQ(w2["n"], 49);
  EXPECT_EQ(w2["links"], 196);
  EXPECT_EQ(w2["min_neighbours"], 4);
  EXPECT_EQ(w2["max_neighbours"], 4);
  EXPECT_EQ(Number(w2["mean_neighbours"]), 4.0);
  EXPECT_EQ(w2["islands"], 0);
  EXPECT_EQ(w2["style"], "W");
  EXPECT_EQ(w2["symmetric"], false);
  for (const char* key : {"source", "style", "n", "links", "mean_neighbours", "min_neighbours",
                          "max_neighbours", "islands", "components", "symmetric"}) {
    EXPECT_TRUE(w2.contains(key)) << key;
  }
  EXPECT_EQ(w1.size(), w2.size());
}

TEST(CliFitSacWeights2, WithoutWeights2TheSecondMatrixIsTheFirst) {
  const json fit = FitJson(Fit("sac"));
  EXPECT_EQ(fit["weights2"], fit["weights"]);
}

TEST(CliFitSacWeights2, OtherModelsHaveNoSecondMatrix) {
  EXPECT_TRUE(FitJson(Fit("sar"))["weights2"].is_null());
  EXPECT_TRUE(FitJson(Fit("ols"))["weights2"].is_null());
}

TEST(CliFitSacWeights2, TextAndMarkdownHeadersNameBothMatrices) {
  const CliRun text = RunCli(Fit("sac", {"--weights2", Knn4Weights()}));
  ASSERT_TRUE(ExitsWith(text, 0));
  EXPECT_THAT(text.out, HasSubstr("columbus_queen.gal: style W, n = 49, 230 links"));
  EXPECT_THAT(text.out, HasSubstr("Error weights (W2):"));
  EXPECT_THAT(text.out, HasSubstr("knn4.gwt: style W, n = 49, 196 links, neighbours mean 4 (min 4, max 4)"));
  const CliRun markdown = RunCli(Fit("sac", {"--weights2", Knn4Weights(), "--format", "markdown"}));
  ASSERT_TRUE(ExitsWith(markdown, 0));
  EXPECT_THAT(markdown.out, HasSubstr("- **Error weights (W2):**"));
}

TEST(CliFitSlx, ReportsTheResidualDiagnosticsOfOlsOnTheSlxRegression) {
  const json fit = FitJson(Fit("slx"));
  const json& expected = LoadReference("columbus/slx_diagnostics.json")["columbus_gal"];
  ASSERT_EQ(fit["diagnostics"].size(), 6u);
  const json& moran = fit["diagnostics"][0];
  EXPECT_EQ(moran["name"], "Moran's I (residuals)");
  EXPECT_TRUE(moran["df"].is_null());
  EXPECT_REL_NEAR("Moran z", Number(moran["statistic"]), expected["moran_residuals"]["z"].get<double>(),
                  kValueTolerance);
  EXPECT_REL_NEAR("Moran p", Number(moran["p_value"]), expected["moran_residuals"]["p_value"].get<double>(),
                  kPValueTolerance);
  for (const std::string name : {"LMerr", "LMlag", "RLMerr", "RLMlag", "SARMA"}) {
    const json& test = Named(fit["diagnostics"], name);
    const json& reference = expected["lm_tests"][name];
    EXPECT_REL_NEAR(name, Number(test["statistic"]), reference["statistic"].get<double>(), kValueTolerance);
    EXPECT_REL_NEAR(name + " p", Number(test["p_value"]), reference["p_value"].get<double>(),
                    kPValueTolerance);
    EXPECT_EQ(test["df"], reference["df"]) << name;
  }
  const CliRun text = RunCli(Fit("slx"));
  ASSERT_TRUE(ExitsWith(text, 0));
  EXPECT_THAT(text.out, HasSubstr("Diagnostics:"));
  EXPECT_THAT(text.out, HasSubstr("RLMlag"));
}

TEST(CliFitSlx, LmTestsOnNonRowStandardisedWeightsCarryTheWarning) {
  const json fit = FitJson(Fit("slx", {"--style", "B"}));
  ASSERT_EQ(fit["diagnostics"].size(), 6u);
  bool warned = false;
  for (const json& warning : fit["warnings"]) {
    warned =
        warned || warning.get<std::string>().find("assume row-standardised weights") != std::string::npos;
  }
  EXPECT_TRUE(warned) << fit["warnings"].dump();
}

TEST(CliFitImpactsByOrder, JsonListsEveryOrderWithSimulatedErrors) {
  const json fit = FitJson(Fit("sar", {"--impacts", "--draws", "200", "--seed", "5"}));
  ASSERT_TRUE(fit["impacts"].is_array());
  const double rho = Number(Named(fit["coefficients"], "rho")["estimate"]);
  const int power_order = fit["impacts_details"]["power_order"].get<int>();
  for (const std::string name : {"INC", "HOVAL"}) {
    const json& impact = Named(fit["impacts"], name);
    const json& orders = impact["by_order"];
    ASSERT_TRUE(orders.is_array()) << name;
    ASSERT_EQ(orders.size(), static_cast<std::size_t>(power_order + 1)) << name;
    double direct = 0.0, total = 0.0;
    for (std::size_t k = 0; k < orders.size(); ++k) {
      const json& order = orders[k];
      EXPECT_EQ(order["order"], static_cast<int>(k));
      for (const char* kind : {"direct", "indirect", "total"}) {
        for (const char* field : {"estimate", "std_error", "z", "p_value", "mean", "lower", "upper"}) {
          EXPECT_TRUE(order[kind][field].is_number())
              << name << " order " << k << " " << kind << " " << field;
        }
      }
      direct += Number(order["direct"]["estimate"]);
      total += Number(order["total"]["estimate"]);
    }
    // Order 0 is the own-unit effect beta; order 1 total is rho beta (row-standardised W); the series
    // (to rho^30 ~ 1e-12) sums to the impacts.
    const double beta = Number(Named(fit["coefficients"], name)["estimate"]);
    EXPECT_REL_NEAR(name + " order 0 direct", Number(orders[0]["direct"]["estimate"]), beta, 1e-12);
    EXPECT_REL_NEAR(name + " order 1 total", Number(orders[1]["total"]["estimate"]), rho * beta, 1e-12);
    EXPECT_GT(Number(orders[0]["direct"]["std_error"]), 0.0);
    EXPECT_GT(Number(orders[1]["indirect"]["std_error"]), 0.0);
    EXPECT_REL_NEAR(name + " sum of direct", direct, Number(impact["direct"]["estimate"]), 1e-9);
    EXPECT_REL_NEAR(name + " sum of total", total, Number(impact["total"]["estimate"]), 1e-9);
  }
}

TEST(CliFitImpactsByOrder, PointEstimatesOnlyHaveNullInferenceAndAnalyticImpactsNoOrders) {
  const json points = FitJson(Fit("sdm", {"--impacts", "--draws", "0"}));
  const json& order = Named(points["impacts"], "INC")["by_order"][2];
  EXPECT_TRUE(order["total"]["estimate"].is_number());
  EXPECT_TRUE(order["total"]["std_error"].is_null());
  const json slx = FitJson(Fit("slx", {"--impacts"}));
  EXPECT_TRUE(Named(slx["impacts"], "INC")["by_order"].is_null());
}

TEST(CliFitImpactsByOrder, TextMarkdownAndLatexShowTheOrders) {
  const CliRun text = RunCli(Fit("sar", {"--impacts", "--draws", "200"}));
  ASSERT_TRUE(ExitsWith(text, 0));
  EXPECT_THAT(text.out, HasSubstr("Impacts by order of neighbours (rho^k W^k terms, k = 0..30; orders above "
                                  "10 summed; SE: simulated standard errors):"));
  EXPECT_THAT(text.out, HasSubstr("  INC:\n"));
  EXPECT_THAT(text.out, HasSubstr("Order"));
  EXPECT_THAT(text.out, HasSubstr("Cumulative total"));
  EXPECT_THAT(text.out, HasSubstr("\n        0  "));
  EXPECT_THAT(text.out, HasSubstr("\n    11-30  "));
  const CliRun markdown = RunCli(Fit("sar", {"--impacts", "--draws", "200", "--format", "markdown"}));
  ASSERT_TRUE(ExitsWith(markdown, 0));
  EXPECT_THAT(markdown.out, HasSubstr("| INC: order | Direct | Indirect | Total | Cumulative total |"));
  EXPECT_THAT(markdown.out, HasSubstr("| 11-30 |"));
  const CliRun latex = RunCli(Fit("sar", {"--impacts", "--draws", "200", "--format", "latex"}));
  ASSERT_TRUE(ExitsWith(latex, 0));
  EXPECT_THAT(latex.out, HasSubstr("Order & Direct & Indirect & Total & Cumulative total \\\\"));
  EXPECT_THAT(latex.out, HasSubstr("\\multicolumn{5}{l}{HOVAL} \\\\"));
  EXPECT_THAT(latex.out, HasSubstr("Impacts by order of neighbours"));
}

}  // namespace
}  // namespace hinterland::testing
