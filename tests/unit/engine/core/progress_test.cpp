// ProgressCounter and ReportStep: the lines a person watching sees, and nothing without a log.
#include "engine/core/progress.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hinterland::engine {
namespace {

TEST(ProgressTest, CountsAreReportedEveryStepAndAtTheEnd) {
  std::vector<std::string> lines;
  ProgressCounter counter([&](const std::string& line) { lines.push_back(line); }, "rows read", 2);
  for (int i = 0; i < 5; ++i) counter.Add();
  counter.Finish();
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[0].rfind("rows read: 2 so far (", 0), 0U) << lines[0];
  EXPECT_EQ(lines[1].rfind("rows read: 4 so far (", 0), 0U) << lines[1];
  EXPECT_EQ(lines[2].rfind("rows read: 5 in ", 0), 0U) << lines[2];
  EXPECT_EQ(counter.Count(), 5);
}

TEST(ProgressTest, WithoutALogNothingIsReportedAndTheStepStillRuns) {
  ProgressCounter counter(nullptr, "rows read", 1);
  for (int i = 0; i < 3; ++i) counter.Add();
  counter.Finish();
  EXPECT_EQ(counter.Count(), 3);
  bool ran = false;
  ReportStep(nullptr, "building", [&] { ran = true; });
  EXPECT_TRUE(ran);
  std::vector<std::string> lines;
  ReportStep([&](const std::string& line) { lines.push_back(line); }, "building", [] {});
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[0], "building ...");
  EXPECT_EQ(lines[1].rfind("building: done in ", 0), 0U) << lines[1];
}

TEST(ProgressTest, NumbersAreGroupedByThousands) {
  EXPECT_EQ(GroupedNumber(0), "0");
  EXPECT_EQ(GroupedNumber(999), "999");
  EXPECT_EQ(GroupedNumber(1000), "1,000");
  EXPECT_EQ(GroupedNumber(12345678), "12,345,678");
  EXPECT_EQ(GroupedNumber(-1234567), "-1,234,567");
}

}  // namespace
}  // namespace hinterland::engine
