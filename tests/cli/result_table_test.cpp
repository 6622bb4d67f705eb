// Unit tests of the ResultTable and its number formatting (cli/report/result_table.hpp). Expected
// strings follow R's conventions stated in the header: summary.lm's significance codes, format.pval.
#include "cli/report/result_table.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

#include "tests/cli/sample_fit_result.hpp"

namespace hinterland::cli {
namespace {

using ::testing::ElementsAre;

TEST(SignificanceStarsTest, FollowsSummaryLmCodes) {
  EXPECT_EQ(SignificanceStars(0.0009), "***");
  EXPECT_EQ(SignificanceStars(0.001), "**");
  EXPECT_EQ(SignificanceStars(0.0099), "**");
  EXPECT_EQ(SignificanceStars(0.01), "*");
  EXPECT_EQ(SignificanceStars(0.05), ".");
  EXPECT_EQ(SignificanceStars(0.1), "");
  EXPECT_EQ(SignificanceStars(std::numeric_limits<double>::quiet_NaN()), "");
}

TEST(FormatPValueTest, UsesThreeSignificantDigitsAndTheMachinePrecisionFloor) {
  EXPECT_EQ(FormatPValue(9.21088998891687e-19), "< 2.2e-16");
  EXPECT_EQ(FormatPValue(1.82895950708421e-05), "1.83e-05");
  EXPECT_EQ(FormatPValue(0.0108745049097535), "0.0109");
  EXPECT_EQ(FormatPValue(std::numeric_limits<double>::quiet_NaN()), "NA");
}

TEST(FormatNumberColumnTest, GivesEveryValueFiveSignificantDigitsWithCommonDecimals) {
  // -0.27393 needs 5 decimals for 5 significant digits; the column shares them.
  EXPECT_THAT(FormatNumberColumn({68.6189610950254, -1.5973108340847, -0.273931478171675}, 5),
              ElementsAre("68.61896", "-1.59731", "-0.27393"));
}

TEST(FormatNumberColumnTest, SwitchesToScientificForTinyOrHugeValuesAndWritesNA) {
  EXPECT_THAT(FormatNumberColumn({1.5e-12, 2.0}, 3), ElementsAre("1.50e-12", "2.00e+00"));
  EXPECT_THAT(FormatNumberColumn({3e9}, 3), ElementsAre("3.00e+09"));
  EXPECT_THAT(FormatNumberColumn({std::numeric_limits<double>::infinity(), 0.0}, 3), ElementsAre("NA", "0"));
}

TEST(FormatStatisticTest, WritesIntegersWithoutDecimals) {
  EXPECT_EQ(FormatStatistic(46.0), "46");
  EXPECT_EQ(FormatStatistic(-187.377238812149), "-187.3772");
  EXPECT_EQ(FormatStatistic(std::numeric_limits<double>::quiet_NaN()), "NA");
}

TEST(BuildResultTableTest, CarriesTheFitIntoRowsWithStarsAndLabels) {
  const ResultTable table = BuildResultTable(testing::SampleFitResult());
  EXPECT_EQ(table.title, "Ordinary least squares");
  EXPECT_TRUE(table.uses_t);
  EXPECT_EQ(table.p_value_label, "Pr(>|t|)");
  ASSERT_EQ(table.coefficients.size(), 3u);
  EXPECT_EQ(table.coefficients[0].role, "intercept");
  EXPECT_EQ(table.coefficients[0].stars, "***");
  EXPECT_EQ(table.coefficients[2].stars, "*");
  EXPECT_EQ(table.fit_statistics[0].key, "sigma2");
  EXPECT_EQ(table.fit_statistics[4].label, "R-squared");
  ASSERT_EQ(table.diagnostics.size(), 3u);
  EXPECT_EQ(table.diagnostics[0].stars, "**");
  EXPECT_TRUE(table.usable);
  EXPECT_EQ(table.status, "converged: least squares solution (closed form)");
}

TEST(BuildResultTableTest, UsesZForLikelihoodFitsAndSaysWhenThereAreNoWeights) {
  estimators::FitResult result = testing::SampleFitResult();
  result.method = "maximum likelihood";
  result.has_weights = false;
  result.status = estimators::FitStatus::kAtBound;
  const ResultTable table = BuildResultTable(result);
  EXPECT_EQ(table.statistic_label, "z value");
  EXPECT_EQ(table.p_value_label, "Pr(>|z|)");
  EXPECT_FALSE(table.usable);
  bool found_weights = false;
  for (const LabelledText& field : table.header) {
    if (field.label == "Weights") {
      found_weights = true;
      EXPECT_EQ(field.value, "none");
    }
  }
  EXPECT_TRUE(found_weights);
}

}  // namespace
}  // namespace hinterland::cli
