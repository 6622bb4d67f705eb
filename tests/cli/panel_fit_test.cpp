// `hinterland fit --time`: a panel fit end to end on the bundled Produc data (48 states x 17 years): the JSON
// carries the panel's shape and the effects, the text report says them, and the panel options are refused
// by their flags where they have no meaning (exit 2); --verbose's iteration log; --fixed-effects' CSV. The
// estimates themselves are checked against splm in tests/reference/panels.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/cli_test_support.hpp"

namespace hinterland::testing {
namespace {

std::vector<std::string> ProducFit(const std::string& model, const std::vector<std::string>& extra) {
  std::vector<std::string> arguments = {"fit",
                                        "--model",
                                        model,
                                        "--data",
                                        Dataset("produc/produc.csv"),
                                        "--id",
                                        "state",
                                        "--weights",
                                        Dataset("produc/usaww.gal"),
                                        "--formula",
                                        "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp"};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  return arguments;
}

TEST(PanelFitCli, JsonAndTextCarryThePanelShapeAndEffects) {
  const CliRun json_run =
      RunCli(ProducFit("sar", {"--time", "year", "--effects", "twoways", "--format", "json"}));
  ASSERT_TRUE(ExitsWith(json_run, 0));
  const nlohmann::json result = nlohmann::json::parse(json_run.out);
  EXPECT_EQ(result["panel"]["units"], 48);
  EXPECT_EQ(result["panel"]["periods"], 17);
  EXPECT_EQ(result["panel"]["observations"], 816);
  EXPECT_EQ(result["panel"]["balanced"], true);
  EXPECT_EQ(result["panel"]["effects"], "twoways");
  EXPECT_EQ(result["panel"]["bias_correction"], "none");
  EXPECT_EQ(result["n"], 816);
  EXPECT_EQ(result["coefficients"][0]["name"], "log(pcap)");  // no intercept under fixed effects
  const CliRun text_run = RunCli(ProducFit("sem", {"--time", "year", "--effects", "individual"}));
  ASSERT_TRUE(ExitsWith(text_run, 0));
  EXPECT_NE(
      text_run.out.find("N = 48 units, T = 17 periods, 816 observations (balanced); effects: individual"),
      std::string::npos)
      << text_run.out;
  // A cross-section fit of the same file keeps its meaning: ids repeat, so it is refused by the data reader.
  EXPECT_TRUE(ExitsWith(RunCli(ProducFit("sar", {})), 2));
}

TEST(PanelFitCli, PanelOptionsAreRefusedByFlagWhereTheyHaveNoMeaning) {
  const CliRun effects_alone = RunCli(ProducFit("sar", {"--effects", "twoways"}));
  ASSERT_TRUE(ExitsWith(effects_alone, 2));
  EXPECT_NE(effects_alone.err.find("--effects"), std::string::npos) << effects_alone.err;
  EXPECT_NE(effects_alone.err.find("needs a panel: give --time"), std::string::npos) << effects_alone.err;
  const CliRun sac_random = RunCli(ProducFit("sac", {"--time", "year", "--random"}));
  ASSERT_TRUE(ExitsWith(sac_random, 2));
  EXPECT_NE(sac_random.err.find("random effects are available for sar and sem, not --model sac"),
            std::string::npos)
      << sac_random.err;
  const CliRun bad_word = RunCli(ProducFit("sar", {"--time", "year", "--effects", "twoway"}));
  ASSERT_TRUE(ExitsWith(bad_word, 2));
  EXPECT_NE(bad_word.err.find("did you mean \"twoways\""), std::string::npos) << bad_word.err;
}

// The SAC panel (both spatial parameters) end to end: two-way fixed effects, rho and lambda in the JSON.
TEST(PanelFitCli, SacTwoWaysFitCarriesRhoAndLambda) {
  const CliRun run = RunCli(ProducFit("sac", {"--time", "year", "--effects", "twoways", "--format", "json"}));
  ASSERT_TRUE(ExitsWith(run, 0)) << run.err;
  const nlohmann::json result = nlohmann::json::parse(run.out);
  EXPECT_EQ(result["model"], "sac");
  EXPECT_EQ(result["panel"]["effects"], "twoways");
  std::vector<std::string> names;
  for (const nlohmann::json& coefficient : result["coefficients"]) {
    names.push_back(coefficient["name"].get<std::string>());
  }
  EXPECT_NE(std::find(names.begin(), names.end(), "rho"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "lambda"), names.end());
}

// --verbose: the iteration log of the search on standard error, as Stata prints it, and nothing of it in the
// output; the same fit without it is silent on standard error.
TEST(PanelFitCli, VerbosePrintsTheIterationLogOnStandardErrorOnly) {
  const std::vector<std::string> fit =
      ProducFit("sar", {"--time", "year", "--effects", "twoways", "--format", "json"});
  std::vector<std::string> verbose = fit;
  verbose.push_back("--verbose");
  const CliRun logged = RunCli(verbose);
  const CliRun quiet = RunCli(fit);
  ASSERT_TRUE(ExitsWith(logged, 0));
  ASSERT_TRUE(ExitsWith(quiet, 0));
  EXPECT_NE(logged.err.find("Iteration 1: log likelihood = "), std::string::npos) << logged.err;
  EXPECT_NE(logged.err.find("(rho = "), std::string::npos) << logged.err;
  EXPECT_EQ(quiet.err.find("Iteration"), std::string::npos) << quiet.err;
  nlohmann::json with_log = nlohmann::json::parse(logged.out);
  nlohmann::json without_log = nlohmann::json::parse(quiet.out);
  with_log.erase("timings");
  without_log.erase("timings");
  EXPECT_EQ(with_log, without_log);
  // Reading and aligning report their steps too, on standard error only.
  EXPECT_NE(logged.err.find("produc.csv: rows read: 816 in "), std::string::npos) << logged.err;
  EXPECT_NE(logged.err.find("aligning the data and W by id: done in "), std::string::npos) << logged.err;
  EXPECT_EQ(quiet.err.find("rows read"), std::string::npos) << quiet.err;
  // Random effects log the joint search over (rho, theta), and not the Hausman test's fixed-effects fit.
  const CliRun random = RunCli(ProducFit("sar", {"--time", "year", "--random", "--verbose"}));
  ASSERT_TRUE(ExitsWith(random, 0));
  EXPECT_NE(random.err.find("Iteration 1: log likelihood = "), std::string::npos) << random.err;
  EXPECT_NE(random.err.find(", theta = "), std::string::npos) << random.err;
  std::istringstream lines(random.err);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("Iteration ", 0) == 0) {
      EXPECT_NE(line.find(", theta = "), std::string::npos) << line;
    }
  }
}

// A missing unit-period makes an unbalanced panel, which ML fixed and random effects fit and the JSON
// describes, and the bsk error refuses (exit 2); a repeated unit-period exits 2 naming the file's unit and
// period.
TEST(PanelFitCli, UnbalancedPanelsFitAndRepeatedUnitPeriodsExitTwo) {
  const std::string folder = MakeTempDir("panel_bad_rows");
  const std::string text = ReadFile(Dataset("produc/produc.csv"));
  const std::size_t last_line = text.rfind('\n', text.size() - 2);
  WriteFile(folder + "/unbalanced.csv", text.substr(0, last_line + 1));  // WYOMING 1986 left out
  const std::size_t second_line = text.find('\n', text.find('\n') + 1);
  WriteFile(folder + "/repeated.csv", text + text.substr(text.find('\n') + 1, second_line - text.find('\n')));
  const auto fit = [&](const std::string& data, const std::string& option) {
    return RunCli({"fit", "--model", "sar", "--data", data, "--id", "state", "--time", "year", "--weights",
                   Dataset("produc/usaww.gal"), "--formula", "log(gsp) ~ log(pcap)", option, "--format",
                   "json"});
  };
  const CliRun unbalanced = fit(folder + "/unbalanced.csv", "--effects=twoways");
  ASSERT_TRUE(ExitsWith(unbalanced, 0)) << unbalanced.err;
  // Its fixed effects too: the intercept, 48 states and 17 years (and the header).
  const CliRun effects =
      RunCli({"fit", "--model", "sar", "--data", folder + "/unbalanced.csv", "--id", "state", "--time",
              "year", "--weights", Dataset("produc/usaww.gal"), "--formula", "log(gsp) ~ log(pcap)",
              "--effects", "twoways", "--fixed-effects", folder + "/effects.csv"});
  ASSERT_TRUE(ExitsWith(effects, 0)) << effects.err;
  const std::string effects_csv = ReadFile(folder + "/effects.csv");
  EXPECT_EQ(std::count(effects_csv.begin(), effects_csv.end(), '\n'), 1 + 1 + 48 + 17) << effects_csv;
  const nlohmann::json panel = nlohmann::json::parse(unbalanced.out)["panel"];
  EXPECT_EQ(panel["balanced"], false);
  EXPECT_EQ(panel["observations"], 815);
  EXPECT_EQ(panel["missing_unit_periods"], 1);
  EXPECT_EQ(panel["incomplete_periods"], 1);
  EXPECT_EQ(panel["incomplete_units"], 1);
  EXPECT_EQ(panel["distinct_weights"], 2);
  // A missing value dropped under --missing drop leaves the same kind of gap.
  std::string with_missing = text;
  std::size_t field = with_missing.find('\n') + 1;  // ALABAMA 1970; unemp is its 11th field
  for (int comma = 0; comma < 10; ++comma) field = with_missing.find(',', field) + 1;
  with_missing.replace(field, with_missing.find(',', field) - field, "NA");
  WriteFile(folder + "/missing.csv", with_missing);
  const CliRun dropped =
      RunCli({"fit", "--model", "sem", "--data", folder + "/missing.csv", "--id", "state", "--time", "year",
              "--weights", Dataset("produc/usaww.gal"), "--formula", "log(gsp) ~ log(pcap) + unemp",
              "--effects", "individual", "--missing", "drop", "--format", "json"});
  ASSERT_TRUE(ExitsWith(dropped, 0)) << dropped.err;
  EXPECT_EQ(nlohmann::json::parse(dropped.out)["panel"]["missing_unit_periods"], 1);
  const CliRun random = fit(folder + "/unbalanced.csv", "--random");
  ASSERT_TRUE(ExitsWith(random, 0)) << random.err;
  const nlohmann::json random_panel = nlohmann::json::parse(random.out)["panel"];
  EXPECT_EQ(random_panel["balanced"], false);
  EXPECT_GT(random_panel["phi"].get<double>(), 0.0);
  const CliRun bsk = RunCli({"fit", "--model", "sem", "--data", folder + "/unbalanced.csv", "--id", "state",
                             "--time", "year", "--weights", Dataset("produc/usaww.gal"), "--formula",
                             "log(gsp) ~ log(pcap)", "--random", "--random-error", "bsk"});
  EXPECT_TRUE(ExitsWith(bsk, 2));
  EXPECT_NE(bsk.err.find("bsk needs a balanced panel"), std::string::npos) << bsk.err;
  const CliRun repeated = fit(folder + "/repeated.csv", "--effects=none");
  EXPECT_TRUE(ExitsWith(repeated, 2));
  EXPECT_NE(repeated.err.find("unit \"ALABAMA\" has more than one row for period \"1970\""),
            std::string::npos)
      << repeated.err;
}

// --fixed-effects FILE: the recovered effects as CSV (and in the JSON); refused without fixed effects.
TEST(PanelFitCli, FixedEffectsAreWrittenAsCsvAndRefusedWithoutEffects) {
  const std::string folder = MakeTempDir("panel_fixed_effects");
  const std::string csv = folder + "/effects.csv";
  const CliRun run = RunCli(ProducFit(
      "sar", {"--time", "year", "--effects", "individual", "--fixed-effects", csv, "--format", "json"}));
  ASSERT_TRUE(ExitsWith(run, 0));
  const std::string text = ReadFile(csv);
  EXPECT_EQ(text.rfind("kind,id,estimate,std_error,z,p_value\nintercept,(Intercept),", 0), 0u)
      << text.substr(0, 200);
  EXPECT_NE(text.find("\nunit,ALABAMA,"), std::string::npos);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1 + 1 + 48);
  EXPECT_EQ(nlohmann::json::parse(run.out)["fixed_effects"].size(), 49u);
  const CliRun pooled = RunCli(ProducFit("sar", {"--time", "year", "--fixed-effects", csv}));
  ASSERT_TRUE(ExitsWith(pooled, 2));
  EXPECT_NE(pooled.err.find("--fixed-effects"), std::string::npos) << pooled.err;
}

// --random-error bsk: the Baltagi-Song-Koh error of the random-effects sem (against splm in
// tests/reference/panels/produc_random_error_test.cpp), said in the report's covariance line; refused by its
// flag without --random and for another model.
TEST(PanelFitCli, RandomErrorBskFitsTheSemAndIsRefusedWithoutRandom) {
  const CliRun bsk = RunCli(ProducFit("sem", {"--time", "year", "--random", "--random-error", "bsk"}));
  ASSERT_TRUE(ExitsWith(bsk, 0));
  EXPECT_NE(bsk.out.find("Baltagi, Song & Koh (2003), effects not spatially filtered (--random-error bsk)"),
            std::string::npos)
      << bsk.out;
  const CliRun without_random = RunCli(ProducFit("sem", {"--time", "year", "--random-error", "bsk"}));
  ASSERT_TRUE(ExitsWith(without_random, 2));
  EXPECT_NE(without_random.err.find("--random-error"), std::string::npos) << without_random.err;
  EXPECT_NE(without_random.err.find("it needs --random"), std::string::npos) << without_random.err;
  const CliRun lag = RunCli(ProducFit("sar", {"--time", "year", "--random", "--random-error", "b"}));
  ASSERT_TRUE(ExitsWith(lag, 2));
  EXPECT_NE(lag.err.find("--random-error"), std::string::npos) << lag.err;
}

}  // namespace
}  // namespace hinterland::testing
