// Unit tests of how the reports carry the impacts by order of neighbours and SAC's second weights matrix
// (cli/report: result_table, json_report, text/markdown/latex). The ImpactsResult is built by hand as a
// geometric series: order k has direct d r^k, indirect i r^k, total (d + i) r^k with SEs s r^k, so the
// summed tail and the cumulative totals have closed forms; the renderers must not depend on the values
// being a real fit's.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "cli/report/json_report.hpp"
#include "cli/report/latex_report.hpp"
#include "cli/report/markdown_report.hpp"
#include "cli/report/result_table.hpp"
#include "cli/report/text_report.hpp"
#include "tests/cli/sample_fit_result.hpp"

namespace hinterland::cli {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr double kDirect = -1.0, kIndirect = -0.5, kStdError = 0.25, kRatio = 0.5;

estimators::ImpactEstimate Estimate(double value, double std_error) {
  estimators::ImpactEstimate estimate;
  estimate.estimate = value;
  estimate.mean = value;
  estimate.std_error = std_error;
  estimate.z = std_error > 0.0 ? value / std_error : 0.0;
  estimate.p_value = 0.5;
  estimate.lower = value - 2.0 * std_error;
  estimate.upper = value + 2.0 * std_error;
  return estimate;
}

estimators::Impact GeometricImpact(const std::string& name, double scale) {
  return {name, Estimate(kDirect * scale, kStdError * scale), Estimate(kIndirect * scale, kStdError * scale),
          Estimate((kDirect + kIndirect) * scale, kStdError * scale)};
}

estimators::ImpactsResult SampleImpacts(int power_order, int draws) {
  estimators::ImpactsResult impacts;
  impacts.model = "sar";
  impacts.method = estimators::ImpactMethod::kExact;
  impacts.draws = draws;
  impacts.power_order = power_order;
  const double sum = 1.0 / (1.0 - kRatio);
  impacts.impacts = {GeometricImpact("x_1", sum)};
  for (int k = 0; k <= power_order; ++k) {
    impacts.by_order.push_back({k, {GeometricImpact("x_1", std::pow(kRatio, k))}});
  }
  return impacts;
}

TEST(FormatFixedColumnTest, KeepsFixedNotationAcrossMagnitudesAndDropsTheSignOfZero) {
  EXPECT_THAT(FormatFixedColumn({-1.0735334, -0.0389854, -1.84e-05, 0.0}, 5),
              ElementsAre("-1.0735", "-0.0390", "0.0000", "0.0000"));
  EXPECT_THAT(FormatFixedColumn({123.456, 0.5}, 5), ElementsAre("123.46", "0.50"));
  EXPECT_THAT(FormatFixedColumn({3e-9, 1e-9}, 3), ElementsAre("3.00e-09", "1.00e-09"));
  EXPECT_THAT(FormatFixedColumn({std::nan(""), 2.0}, 3), ElementsAre("NA", "2.00"));
}

TEST(ImpactOrderTableTest, ListsTheFirstOrdersAndSumsTheRestWithCumulativeTotals) {
  const estimators::ImpactsResult impacts = SampleImpacts(30, 100);
  const ImpactsTable table = BuildResultTable(testing::SampleFitResult(), &impacts).impacts;
  ASSERT_EQ(table.by_order.size(), 1u);
  EXPECT_EQ(table.power_order, 30);
  const ImpactOrderTable& x = table.by_order[0];
  EXPECT_EQ(x.name, "x_1");
  ASSERT_EQ(x.rows.size(), static_cast<std::size_t>(kImpactOrdersShown + 2));
  for (int k = 0; k <= kImpactOrdersShown; ++k) {
    const ImpactOrderRow& row = x.rows[k];
    EXPECT_EQ(row.order, std::to_string(k));
    EXPECT_TRUE(row.has_std_errors);
    EXPECT_DOUBLE_EQ(row.direct.estimate, kDirect * std::pow(kRatio, k));
    EXPECT_DOUBLE_EQ(row.total.std_error, kStdError * std::pow(kRatio, k));
    // sum_{j <= k} (d + i) r^j
    EXPECT_NEAR(row.cumulative_total,
                (kDirect + kIndirect) * (1.0 - std::pow(kRatio, k + 1)) / (1.0 - kRatio), 1e-14);
  }
  const ImpactOrderRow& tail = x.rows.back();
  EXPECT_EQ(tail.order, "11-30");
  EXPECT_FALSE(tail.has_std_errors);
  const double tail_sum = (std::pow(kRatio, 11) - std::pow(kRatio, 31)) / (1.0 - kRatio);
  EXPECT_NEAR(tail.direct.estimate, kDirect * tail_sum, 1e-14);
  EXPECT_NEAR(tail.indirect.estimate, kIndirect * tail_sum, 1e-14);
  EXPECT_NEAR(tail.cumulative_total, (kDirect + kIndirect) * (1.0 - std::pow(kRatio, 31)) / (1.0 - kRatio),
              1e-14);
}

TEST(ImpactOrderTableTest, ShortSeriesHasNoSummedRowAndPointEstimatesHaveNoErrors) {
  const estimators::ImpactsResult impacts = SampleImpacts(4, 0);
  const ImpactsTable table = BuildResultTable(testing::SampleFitResult(), &impacts).impacts;
  ASSERT_EQ(table.by_order.size(), 1u);
  ASSERT_EQ(table.by_order[0].rows.size(), 5u);
  EXPECT_EQ(table.by_order[0].rows.back().order, "4");
  for (const ImpactOrderRow& row : table.by_order[0].rows) EXPECT_FALSE(row.has_std_errors);
  const std::string text = RenderText(BuildResultTable(testing::SampleFitResult(), &impacts));
  EXPECT_THAT(text, HasSubstr("Impacts by order of neighbours (rho^k W^k terms, k = 0..4):\n"));
  EXPECT_THAT(text, Not(HasSubstr("  SE  ")));
}

TEST(ImpactOrderTableTest, OneOrderAboveTheShownOnesKeepsItsOwnRowWithErrors) {
  const estimators::ImpactsResult impacts = SampleImpacts(kImpactOrdersShown + 1, 100);
  const ImpactsTable table = BuildResultTable(testing::SampleFitResult(), &impacts).impacts;
  ASSERT_EQ(table.by_order[0].rows.size(), static_cast<std::size_t>(kImpactOrdersShown + 2));
  EXPECT_EQ(table.by_order[0].rows.back().order, std::to_string(kImpactOrdersShown + 1));
  EXPECT_TRUE(table.by_order[0].rows.back().has_std_errors);
}

TEST(ImpactOrderTableTest, AnalyticImpactsHaveNoOrders) {
  estimators::ImpactsResult impacts = SampleImpacts(3, 0);
  impacts.method = estimators::ImpactMethod::kAnalytic;
  impacts.by_order.clear();
  const ResultTable table = BuildResultTable(testing::SampleFitResult(), &impacts);
  EXPECT_TRUE(table.impacts.by_order.empty());
  EXPECT_THAT(RenderText(table), Not(HasSubstr("by order")));
  EXPECT_TRUE(
      json::parse(RenderJson(testing::SampleFitResult(), &impacts))["impacts"][0]["by_order"].is_null());
}

TEST(ImpactOrderJsonTest, EveryOrderWithItsSimulatedFieldsOrNullsForPointEstimates) {
  const estimators::ImpactsResult simulated = SampleImpacts(30, 100);
  const json parsed = json::parse(RenderJson(testing::SampleFitResult(), &simulated));
  const json& orders = parsed["impacts"][0]["by_order"];
  ASSERT_EQ(orders.size(), 31u);
  EXPECT_EQ(orders[3]["order"], 3);
  EXPECT_EQ(orders[3]["direct"]["estimate"].get<double>(), kDirect * std::pow(kRatio, 3));
  EXPECT_EQ(orders[3]["total"]["std_error"].get<double>(), kStdError * std::pow(kRatio, 3));
  for (const char* field : {"estimate", "std_error", "z", "p_value", "mean", "lower", "upper"}) {
    EXPECT_TRUE(orders[30]["indirect"][field].is_number()) << field;
  }
  const estimators::ImpactsResult points = SampleImpacts(30, 0);
  const json point_json = json::parse(RenderJson(testing::SampleFitResult(), &points));
  const json& point_order = point_json["impacts"][0]["by_order"][1];
  EXPECT_TRUE(point_order["direct"]["estimate"].is_number());
  EXPECT_TRUE(point_order["direct"]["std_error"].is_null());
  EXPECT_TRUE(point_order["direct"]["p_value"].is_null());
}

TEST(ImpactOrderRenderersTest, MarkdownAndLatexCarryOneTablePerRegressor) {
  const estimators::ImpactsResult impacts = SampleImpacts(30, 100);
  const ResultTable table = BuildResultTable(testing::SampleFitResult(), &impacts);
  const std::string markdown = RenderMarkdown(table);
  EXPECT_THAT(markdown, HasSubstr("| x\\_1: order | Direct | Indirect | Total | Cumulative total |"));
  // Each column has the decimals of its largest value (5 significant digits).
  EXPECT_THAT(markdown,
              HasSubstr("| 0 | -1.0000 (0.25000) | -0.50000 (0.25000) | -1.5000 (0.25000) | -1.5000 |"));
  EXPECT_THAT(markdown, HasSubstr("| 11-30 | -0.0010 | -0.00049 | -0.0015 | -3.0000 |"));
  const std::string latex = RenderLatex(table);
  EXPECT_THAT(latex, HasSubstr("\\multicolumn{5}{l}{x\\_1} \\\\"));
  EXPECT_THAT(latex, HasSubstr("0 & $-1.0000$ & $-0.50000$ & $-1.5000$ & $-1.5000$ \\\\\n"
                               " & ($0.25000$) & ($0.25000$) & ($0.25000$) & \\\\"));
  EXPECT_THAT(latex, HasSubstr("11-30 & $-0.0010$ & $-0.00049$ & $-0.0015$ & $-3.0000$ \\\\\n\\bottomrule"));
}

TEST(Weights2ReportTest, JsonAndHeaderDescribeTheSecondMatrixOnlyWhenThereIsOne) {
  estimators::FitResult result = testing::SampleFitResult();
  EXPECT_TRUE(json::parse(RenderJson(result))["weights2"].is_null());
  for (const LabelledText& field : BuildResultTable(result).header)
    EXPECT_NE(field.label, "Error weights (W2)");
  result.has_weights2 = true;
  result.weights2 = {"knn4.gwt", "W", 49, 196, 4.0, 4, 4, 0, 1, false};
  const json weights2 = json::parse(RenderJson(result))["weights2"];
  EXPECT_EQ(weights2["source"], "knn4.gwt");
  EXPECT_EQ(weights2["links"], 196);
  EXPECT_EQ(weights2["symmetric"], false);
  EXPECT_EQ(weights2.size(), json::parse(RenderJson(result))["weights"].size());
  EXPECT_THAT(
      RenderText(BuildResultTable(result)),
      HasSubstr("Error weights (W2):  knn4.gwt: style W, n = 49, 196 links, neighbours mean 4 (min 4, "
                "max 4), 0 islands, 1 component, asymmetric\n"));
}

}  // namespace
}  // namespace hinterland::cli
