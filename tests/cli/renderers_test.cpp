// Unit tests of the text, LaTeX, Markdown and CSV renderers and the format dispatch on the hand-built
// Columbus OLS result (tests/cli/sample_fit_result.hpp, R's values). Each checks the layout elements a
// reader relies on and that awkward names and non-finite values are escaped or written as NA.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "cli/report/csv_report.hpp"
#include "cli/report/latex_report.hpp"
#include "cli/report/markdown_report.hpp"
#include "cli/report/report_format.hpp"
#include "cli/report/text_report.hpp"
#include "engine/core/error.hpp"
#include "tests/cli/sample_fit_result.hpp"
#include "tests/support/expect_throw_mentioning.hpp"

namespace hinterland::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(TextReportTest, ReadsLikeRSummary) {
  const std::string text = RenderText(BuildResultTable(testing::SampleFitResult()));
  EXPECT_THAT(text, HasSubstr("Ordinary least squares\n======================\n"));
  EXPECT_THAT(text, HasSubstr("Formula:       CRIME ~ INC + HOVAL\n"));
  EXPECT_THAT(text, HasSubstr("Observations:  n = 49, k = 3\n"));
  EXPECT_THAT(text, HasSubstr("Weights:       columbus_queen.gal: style W, n = 49, 230 links"));
  EXPECT_THAT(text, HasSubstr("Covariance:    classical\n"));
  EXPECT_THAT(text, HasSubstr("Estimate  Std. Error  t value   Pr(>|t|)\n"));
  EXPECT_THAT(text, HasSubstr("(Intercept)  68.61896     4.73549   14.490  < 2.2e-16  ***\n"));
  EXPECT_THAT(text, HasSubstr("HOVAL        -0.27393     0.10320   -2.654     0.0109  *\n"));
  EXPECT_THAT(text, HasSubstr(kSignificanceLegend));
  EXPECT_THAT(text, HasSubstr("Log likelihood               -187.3772\n"));
  // Statistics share 3 decimals (4 significant digits of the smallest, 2.681).
  EXPECT_THAT(text, HasSubstr("Moran's I (residuals)      2.681   -  0.00367  **  I = 0.2124"));
  EXPECT_THAT(text, HasSubstr("SARMA                      7.889   2   0.0194  *\n"));
  EXPECT_THAT(text, HasSubstr("Status: converged"));
  EXPECT_THAT(text, HasSubstr("Engine: hinterland 0.1.0\nBLAS: OpenBLAS 0.3.21\n"));
  EXPECT_THAT(text, HasSubstr("Threads: 2 BLAS, 2 sparse kernels\n"));
  for (const std::string& line : Lines(text)) EXPECT_EQ(line.find_last_not_of(' '), line.size() - 1) << line;
}

TEST(TextReportTest, ListsWarningsAndDroppedRowsAndFlagsUnusableFits) {
  estimators::FitResult result = testing::AwkwardFitResult();
  result.status = estimators::FitStatus::kNotConverged;
  result.status_message = "200 iterations";
  const std::string text = RenderText(BuildResultTable(result));
  EXPECT_THAT(text, HasSubstr("Warnings:\n  - condition number 45 > 30"));
  EXPECT_THAT(text, HasSubstr("Dropped observations:\n  - 17 (missing INC)\n  - 23 (island"));
  EXPECT_THAT(text, HasSubstr("Status: not_converged: 200 iterations (the estimates should not be used)"));
  EXPECT_THAT(text, HasSubstr("Residual variance (sigma^2)         NA"));
}

TEST(LatexReportTest, WritesBooktabsWithEscapedNamesAndMathNumbers) {
  const std::string latex = RenderLatex(BuildResultTable(testing::AwkwardFitResult()));
  EXPECT_THAT(latex, HasSubstr("\\begin{tabular}{lrrrr}\n\\toprule\n"));
  EXPECT_THAT(latex, HasSubstr("$\\Pr(>|t|)$"));
  EXPECT_THAT(
      latex,
      HasSubstr("(Intercept) & $68.61896$$^{***}$ & $4.73549$ & $14.490$ & $<$ $2.2 \\times 10^{-16}$"));
  EXPECT_THAT(latex, HasSubstr("I(a\\_b*c), \"x\" | 50\\% \\& \\$\\#"));
  EXPECT_THAT(latex, HasSubstr("\\midrule"));
  EXPECT_THAT(latex, HasSubstr("\\bottomrule\n"));
  EXPECT_THAT(latex, HasSubstr("\\begin{tabular}{lrrr}"));  // diagnostics
  EXPECT_THAT(latex, HasSubstr("% Warning: condition number"));
  EXPECT_THAT(latex, Not(HasSubstr("nan")));
  EXPECT_EQ(EscapeLatex("a_b~c^d\\"), "a\\_b\\textasciitilde{}c\\textasciicircum{}d\\textbackslash{}");
}

TEST(MarkdownReportTest, WritesPipeTablesWithEscapedCells) {
  const std::string markdown = RenderMarkdown(BuildResultTable(testing::AwkwardFitResult()));
  EXPECT_THAT(markdown, HasSubstr("### Ordinary least squares\n"));
  EXPECT_THAT(markdown, HasSubstr("| Term | Estimate | Std. Error | t value | Pr(>\\|t\\|) | Signif. |\n"
                                  "|:---|---:|---:|---:|---:|:---|\n"));
  EXPECT_THAT(markdown, HasSubstr("| (Intercept) | 68.61896 | 4.73549 | 14.490 | < 2.2e-16 | \\*\\*\\* |\n"));
  EXPECT_THAT(markdown, HasSubstr("I(a\\_b\\*c), \"x\" \\| 50% & $#"));
  EXPECT_THAT(markdown, HasSubstr("| LMerr | 4.611 | 1 | 0.0318 |  |\n"));
  EXPECT_THAT(markdown, HasSubstr("**Warnings**\n\n- condition number"));
  // Every table row has the same number of unescaped pipes as its header.
  for (const std::string& line : Lines(markdown)) {
    if (line.rfind("| Term", 0) == 0 || line.rfind("| (Intercept)", 0) == 0) {
      std::size_t pipes = 0;
      for (std::size_t i = 0; i < line.size(); ++i)
        pipes += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
      EXPECT_EQ(pipes, 7u) << line;
    }
  }
}

TEST(CsvReportTest, WritesOneRoundTripRowPerCoefficient) {
  const std::string csv = RenderCsv(BuildResultTable(testing::AwkwardFitResult()));
  const std::vector<std::string> lines = Lines(csv);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], "name,role,estimate,std_error,statistic,p_value");
  EXPECT_THAT(lines[2], ::testing::StartsWith("INC,regressor,"));
  EXPECT_EQ(lines[4], "\"I(a_b*c), \"\"x\"\" | 50% & $#\",regressor,NA,NA,0,1");
  // Every number reads back to exactly the double that was written.
  const estimators::FitResult result = testing::SampleFitResult();
  std::istringstream fields(lines[2].substr(std::string("INC,regressor,").size()));
  std::vector<double> values;
  for (std::string field; std::getline(fields, field, ',');) values.push_back(std::stod(field));
  ASSERT_EQ(values.size(), 4u);
  EXPECT_EQ(values[0], result.coefficients[1].estimate);
  EXPECT_EQ(values[1], result.coefficients[1].std_error);
  EXPECT_EQ(values[2], result.coefficients[1].statistic);
  EXPECT_EQ(values[3], result.coefficients[1].p_value);
}

TEST(ReportFormatTest, ParsesItsWordsAndRejectsOthersNamingTheOption) {
  EXPECT_EQ(ParseReportFormat("markdown"), ReportFormat::kMarkdown);
  EXPECT_EQ(ToString(ParseReportFormat("csv")), "csv");
  EXPECT_THROW_MENTIONING(engine::OptionError, ParseReportFormat("xml"),
                          {"`format` xml", "text, json, latex, markdown or csv"});
}

TEST(ReportFormatTest, DispatchesEachFormatToItsRenderer) {
  const estimators::FitResult result = testing::SampleFitResult();
  EXPECT_THAT(RenderFitResult(result, ReportFormat::kText), HasSubstr("Coefficients:"));
  EXPECT_THAT(RenderFitResult(result, ReportFormat::kJson), HasSubstr("\"schema\": \"hinterland.fit/2\""));
  EXPECT_THAT(RenderFitResult(result, ReportFormat::kLatex), HasSubstr("\\toprule"));
  EXPECT_THAT(RenderFitResult(result, ReportFormat::kMarkdown), HasSubstr("|:---|"));
  EXPECT_THAT(RenderFitResult(result, ReportFormat::kCsv), HasSubstr("name,role,estimate"));
}

}  // namespace
}  // namespace hinterland::cli
