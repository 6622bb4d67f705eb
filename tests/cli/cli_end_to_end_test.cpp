// End-to-end tests of the `hinterland` binary on the bundled Columbus data.
// Reference: R 4.2.2 lm() + spdep 1.2-7 lm.morantest / lm.LMtests / moran.test, stored in
// tests/reference/data/columbus/columbus_spatialreg.json (script
// tests/reference/generators/reference_columbus.R): "columbus_gal" (columbus.csv + columbus_queen.gal, id
// POLYID) and "columbus_old" (Anselin 1988 data and contiguity, columbus_anselin1988.csv/.gal, id ID).
// Tolerances: coefficients, standard errors, t values, sigma2, log-likelihood, AIC, BIC and test statistics
// 1e-8 relative (the JSON holds 17 significant digits, so only the arithmetic differs); p-values 1e-6
// relative (tail functions of different libraries).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.hpp"
#include "tests/support/reference.hpp"

namespace hinterland::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr double kValueTolerance = 1e-8;
constexpr double kPValueTolerance = 1e-6;

std::vector<std::string> FitArguments(const std::string& data,
                                      const std::string& weights,
                                      const std::string& id,
                                      const std::string& format) {
  return {"fit",       "--model", "ols",  "--data", data,       "--formula", "CRIME ~ INC + HOVAL",
          "--weights", weights,   "--id", id,       "--format", format};
}

json FitJson(const std::string& data, const std::string& weights, const std::string& id) {
  const CliRun run = RunCli(FitArguments(data, weights, id, "json"));
  EXPECT_TRUE(ExitsWith(run, 0));
  return json::parse(run.out);
}

const json& Coefficient(const json& fit, const std::string& name) {
  for (const json& coefficient : fit["coefficients"]) {
    if (coefficient["name"] == name) return coefficient;
  }
  ADD_FAILURE() << "no coefficient " << name;
  static const json kNone = json::object();
  return kNone;
}

const json& Diagnostic(const json& fit, const std::string& name) {
  for (const json& diagnostic : fit["diagnostics"]) {
    if (diagnostic["name"] == name) return diagnostic;
  }
  ADD_FAILURE() << "no diagnostic " << name;
  static const json kNone = json::object();
  return kNone;
}

double Number(const json& value) { return value.is_number() ? value.get<double>() : std::nan(""); }

// Compares an OLS fit in JSON with R's lm() and spdep's tests for one reference variant.
void ExpectMatchesR(const json& fit, const std::string& variant) {
  const json& reference = LoadReference("columbus/columbus_spatialreg.json")[variant];
  const json& ols = reference["ols"];
  EXPECT_EQ(fit["n"], 49);
  EXPECT_EQ(fit["k"], 3);
  for (const std::string name : {"(Intercept)", "INC", "HOVAL"}) {
    const json& coefficient = Coefficient(fit, name);
    EXPECT_REL_NEAR(name + " estimate", Number(coefficient["estimate"]),
                    ols["coefficients"][name].get<double>(), kValueTolerance);
    EXPECT_REL_NEAR(name + " std_error", Number(coefficient["std_error"]),
                    ols["std_errors"][name].get<double>(), kValueTolerance);
    EXPECT_REL_NEAR(name + " t", Number(coefficient["statistic"]), ols["t_values"][name].get<double>(),
                    kValueTolerance);
    EXPECT_REL_NEAR(name + " p", Number(coefficient["p_value"]), ols["p_values"][name].get<double>(),
                    kPValueTolerance);
  }
  EXPECT_REL_NEAR("sigma2", Number(fit["sigma2"]), ols["sigma2_unbiased"].get<double>(), kValueTolerance);
  EXPECT_REL_NEAR("log_likelihood", Number(fit["log_likelihood"]), ols["logLik"].get<double>(),
                  kValueTolerance);
  EXPECT_REL_NEAR("aic", Number(fit["aic"]), ols["AIC"].get<double>(), kValueTolerance);
  EXPECT_REL_NEAR("bic", Number(fit["bic"]), ols["BIC"].get<double>(), kValueTolerance);
  EXPECT_REL_NEAR("r_squared", Number(fit["statistics"]["r_squared"]), ols["r_squared"].get<double>(),
                  kValueTolerance);

  const json& moran = Diagnostic(fit, "Moran's I (residuals)");
  EXPECT_REL_NEAR("Moran z", Number(moran["statistic"]), reference["moran_ols_residuals"]["z"].get<double>(),
                  kValueTolerance);
  EXPECT_REL_NEAR("Moran p", Number(moran["p_value"]),
                  reference["moran_ols_residuals"]["p_value"].get<double>(), kPValueTolerance);
  for (const std::string name : {"LMerr", "LMlag", "RLMerr", "RLMlag", "SARMA"}) {
    const json& test = Diagnostic(fit, name);
    const json& expected = reference["lm_tests"][name];
    EXPECT_REL_NEAR(name, Number(test["statistic"]), expected["statistic"].get<double>(), kValueTolerance);
    EXPECT_REL_NEAR(name + " p", Number(test["p_value"]), expected["p_value"].get<double>(),
                    kPValueTolerance);
    EXPECT_EQ(test["df"], expected["df"]) << name;
  }
}

TEST(CliFitOls, ColumbusQueenMatchesR) {
  const json fit = FitJson(ColumbusCsv(), ColumbusGal(), "POLYID");
  ExpectMatchesR(fit, "columbus_gal");
  EXPECT_EQ(fit["model"], "ols");
  EXPECT_EQ(fit["status"], "converged");
  EXPECT_EQ(fit["weights"]["n"], 49);
  EXPECT_EQ(fit["weights"]["links"], 230);
  EXPECT_EQ(fit["weights"]["style"], "W");
  EXPECT_EQ(fit["method"]["vcov"], "classical");
  EXPECT_FALSE(fit["engine"]["version"].get<std::string>().empty());
  EXPECT_TRUE(fit["dropped"].empty());
}

TEST(CliFitOls, Anselin1988DataMatchRWithRowsMatchedById) {
  // columbus_anselin1988.csv lists the neighbourhoods in another order than columbus.csv, keyed by ID.
  const json fit = FitJson(Dataset("columbus/columbus_anselin1988.csv"),
                           Dataset("columbus/columbus_anselin1988.gal"), "ID");
  ExpectMatchesR(fit, "columbus_old");
  EXPECT_EQ(fit["weights"]["links"], 232);
}

TEST(CliFitOls, EveryFormatRenders) {
  const std::vector<std::pair<std::string, std::string>> formats = {
      {"text", "Ordinary least squares\n"},
      {"json", "\"schema\": \"hinterland.fit/2\""},
      {"latex", "\\toprule"},
      {"markdown", "| Term | Estimate |"},
      {"csv", "name,role,estimate,std_error,statistic,p_value\n(Intercept),intercept,"},
  };
  for (const auto& [format, marker] : formats) {
    const CliRun run = RunCli(FitArguments(ColumbusCsv(), ColumbusGal(), "POLYID", format));
    EXPECT_TRUE(ExitsWith(run, 0)) << format;
    EXPECT_THAT(run.out, HasSubstr(marker)) << format;
  }
}

TEST(CliFitOls, TextReportShowsTheRegressionTableAndDiagnostics) {
  const CliRun run = RunCli(FitArguments(ColumbusCsv(), ColumbusGal(), "POLYID", "text"));
  ASSERT_TRUE(ExitsWith(run, 0));
  EXPECT_THAT(run.out, HasSubstr("Formula:       CRIME ~ INC + HOVAL"));
  // R's summary.lm prints INC -1.5973 0.3341 -4.780 1.83e-05 ***.
  EXPECT_THAT(run.out, HasSubstr("INC          -1.59731     0.33413   -4.780   1.83e-05  ***"));
  EXPECT_THAT(run.out, HasSubstr("Moran's I (residuals)"));
  EXPECT_THAT(run.out, HasSubstr("SARMA"));
  EXPECT_THAT(run.out, HasSubstr("Engine: hinterland"));
  EXPECT_THAT(run.out, HasSubstr("Threads: "));
}

TEST(CliFitOls, OutputIsWrittenAtomicallyAndMatchesStdout) {
  const std::string folder = MakeTempDir("cli_output");
  const std::string path = folder + "/columbus.json";
  std::vector<std::string> arguments = FitArguments(ColumbusCsv(), ColumbusGal(), "POLYID", "json");
  arguments.insert(arguments.end(), {"--output", path});
  const CliRun run = RunCli(arguments);
  ASSERT_TRUE(ExitsWith(run, 0));
  EXPECT_TRUE(run.out.empty());
  const json written = json::parse(ReadFile(path));
  const json printed = FitJson(ColumbusCsv(), ColumbusGal(), "POLYID");
  EXPECT_EQ(written["coefficients"], printed["coefficients"]);
  // Only the result is left in the folder: no temporary file survives the rename.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder)) ++files;
  EXPECT_EQ(files, 1u);
}

TEST(CliFitOls, OutputRefusesToOverwriteAnInput) {
  const std::string folder = MakeTempDir("cli_output_refuse");
  const std::string data = folder + "/columbus.csv";
  std::filesystem::copy_file(ColumbusCsv(), data);
  const std::string before = ReadFile(data);
  std::vector<std::string> arguments = FitArguments(data, ColumbusGal(), "POLYID", "json");
  arguments.insert(arguments.end(), {"--output", data});
  EXPECT_TRUE(ExitsWith(RunCli(arguments), 2, {"--output", "is an input file of this run"}));
  EXPECT_EQ(ReadFile(data), before);
}

TEST(CliFitOls, WithoutWeightsRunsWithoutSpatialDiagnosticsAndSaysSo) {
  const CliRun run = RunCli({"fit", "--data", ColumbusCsv(), "--formula", "CRIME ~ INC + HOVAL", "--id",
                             "POLYID", "--format", "json"});
  ASSERT_TRUE(ExitsWith(run, 0, {"no --weights given"}));
  const json fit = json::parse(run.out);
  EXPECT_TRUE(fit["weights"].is_null());
  EXPECT_TRUE(fit["diagnostics"].empty());
  EXPECT_THAT(fit["warnings"][0].get<std::string>(), HasSubstr("spatial diagnostics"));
  const CliRun text =
      RunCli({"fit", "--data", ColumbusCsv(), "--formula", "CRIME ~ INC + HOVAL", "--id", "POLYID"});
  EXPECT_THAT(text.out, HasSubstr("Weights:       none"));
  EXPECT_THAT(text.out, HasSubstr("no --weights given"));
}

TEST(CliFitOls, RobustCovarianceIsRecorded) {
  std::vector<std::string> arguments = FitArguments(ColumbusCsv(), ColumbusGal(), "POLYID", "json");
  arguments.insert(arguments.end(), {"--vcov", "HC1", "--seed", "7"});
  const CliRun run = RunCli(arguments);
  ASSERT_TRUE(ExitsWith(run, 0));
  const json fit = json::parse(run.out);
  EXPECT_EQ(fit["method"]["vcov"], "HC1");
  EXPECT_EQ(fit["seed"], 7);
}

TEST(CliWeightsSummary, ColumbusQueenHas49RegionsAnd230Links) {
  // spdep 1.2-7 summary(col.gal.nb): 49 regions, 230 nonzero links.
  const CliRun run = RunCli({"weights", "summary", "--weights", ColumbusGal()});
  ASSERT_TRUE(ExitsWith(run, 0));
  EXPECT_THAT(run.out, HasSubstr("Number of regions: 49"));
  EXPECT_THAT(run.out, HasSubstr("Number of nonzero links: 230"));
}

TEST(CliWeightsBuild, BuildsALatticeAndReadsItBack) {
  const std::string path = MakeTempDir("cli_weights_build") + "/lattice.gal";
  const CliRun build = RunCli({"weights", "build", "--lattice", "5x5", "--rook", "--output", path});
  ASSERT_TRUE(ExitsWith(build, 0));
  // spdep cell2nb(5, 5, "rook"): 2 (5 * 4 + 5 * 4) = 80 directed links.
  const CliRun summary = RunCli({"weights", "summary", "--weights", path});
  ASSERT_TRUE(ExitsWith(summary, 0));
  EXPECT_THAT(summary.out, HasSubstr("Number of regions: 25"));
  EXPECT_THAT(summary.out, HasSubstr("Number of nonzero links: 80"));
}

TEST(CliWeightsBuild, BuildsNearestNeighboursFromCoordinates) {
  const std::string path = MakeTempDir("cli_weights_knn") + "/knn4.gwt";
  const CliRun build = RunCli({"weights", "build", "--knn", "4", "--coords", ColumbusCsv(), "--x", "X", "--y",
                               "Y", "--id", "POLYID", "--output", path});
  ASSERT_TRUE(ExitsWith(build, 0));
  // k = 4 neighbours for each of the 49 points: 196 links by construction.
  const CliRun summary = RunCli({"weights", "summary", "--weights", path});
  EXPECT_THAT(summary.out, HasSubstr("Number of nonzero links: 196"));
}

TEST(CliWeightsBuild, PolygonContiguityWrittenAsGalReadsBackUnchanged) {
  // Round trip: the GAL written by `weights build --polygons` summarises exactly as the polygons read
  // directly.
  const std::string polygons = Dataset("china_cities/china_cities.geojson");
  const std::string path = MakeTempDir("cli_weights_polygons") + "/queen.gal";
  ASSERT_TRUE(
      ExitsWith(RunCli({"weights", "build", "--polygons", polygons, "--id", "code", "--output", path}), 0));
  const CliRun direct = RunCli({"weights", "summary", "--weights", polygons, "--id-field", "code"});
  const CliRun written = RunCli({"weights", "summary", "--weights", path});
  ASSERT_TRUE(ExitsWith(direct, 0));
  ASSERT_TRUE(ExitsWith(written, 0));
  EXPECT_THAT(written.out, HasSubstr("Number of regions: 367"));
  EXPECT_EQ(written.out, direct.out);
}

TEST(CliMoran, AnalyticMomentsMatchSpdepAndPermutationsAreSeeded) {
  const std::vector<std::string> arguments = {
      "moran",  "--data",         ColumbusCsv(), "--variable", "CRIME", "--weights", ColumbusGal(), "--id",
      "POLYID", "--permutations", "199",         "--seed",     "11",    "--format",  "json"};
  const CliRun run = RunCli(arguments);
  ASSERT_TRUE(ExitsWith(run, 0));
  const json moran = json::parse(run.out);
  const json& expected =
      LoadReference("columbus/columbus_spatialreg.json")["columbus_gal"]["moran_crime_randomisation"];
  EXPECT_REL_NEAR("I", Number(moran["randomisation"]["statistic"]), expected["I"].get<double>(),
                  kValueTolerance);
  EXPECT_REL_NEAR("E[I]", Number(moran["randomisation"]["expectation"]),
                  expected["expectation"].get<double>(), kValueTolerance);
  EXPECT_REL_NEAR("Var[I]", Number(moran["randomisation"]["variance"]), expected["variance"].get<double>(),
                  kValueTolerance);
  EXPECT_REL_NEAR("z", Number(moran["randomisation"]["z"]), expected["z"].get<double>(), kValueTolerance);
  EXPECT_REL_NEAR("p", Number(moran["randomisation"]["p_value"]), expected["p_value"].get<double>(),
                  kPValueTolerance);
  EXPECT_EQ(moran["permutation"]["permutations"], 199);
  EXPECT_EQ(moran["permutation"]["seed"], 11);
  // The same seed gives the same permutations, hence the same p-value.
  EXPECT_EQ(json::parse(RunCli(arguments).out)["permutation"], moran["permutation"]);
  const CliRun text = RunCli({"moran", "--data", ColumbusCsv(), "--variable", "CRIME", "--weights",
                              ColumbusGal(), "--id", "POLYID"});
  ASSERT_TRUE(ExitsWith(text, 0));
  EXPECT_THAT(text.out, HasSubstr("randomisation"));
  EXPECT_THAT(text.out, HasSubstr("Permutation test: 999 permutations"));
}

TEST(CliVersion, PrintsEngineAndBlas) {
  const CliRun run = RunCli({"--version"});
  ASSERT_TRUE(ExitsWith(run, 0));
  EXPECT_THAT(run.out, HasSubstr("hinterland "));
  EXPECT_THAT(run.out, HasSubstr("BLAS"));
}

TEST(CliHelp, DescribesTheCommands) {
  const CliRun run = RunCli({"--help"});
  ASSERT_TRUE(ExitsWith(run, 0));
  for (const char* command : {"fit", "weights", "moran"}) EXPECT_THAT(run.out, HasSubstr(command));
  const CliRun fit_help = RunCli({"fit", "--help"});
  EXPECT_THAT(fit_help.out, HasSubstr("--islands"));
  EXPECT_THAT(fit_help.out, HasSubstr("never by order"));
}

}  // namespace
}  // namespace hinterland::testing
