// PositionIndex (engine/core/position_index.hpp): positions found for every key, duplicates reported with
// the earlier position, absent keys not found; checked against std::unordered_map on 20,000 keys (enough
// for collisions and for the table to wrap around its end).
#include "engine/core/position_index.hpp"

#include <gtest/gtest.h>

#include <string>
#include <unordered_map>
#include <vector>

namespace hinterland::engine {
namespace {

TEST(PositionIndexTest, FindsEveryKeyAndReportsTheFirstOfADuplicate) {
  const std::vector<std::string> keys = {"7", "007", "a", "", "b", "a"};
  PositionIndex index(keys.size());
  for (std::int64_t i = 0; i < 5; ++i) EXPECT_FALSE(index.Insert(keys, i).has_value()) << keys[i];
  const auto earlier = index.Insert(keys, 5);  // "a" again
  ASSERT_TRUE(earlier.has_value());
  EXPECT_EQ(*earlier, 2);
  EXPECT_EQ(index.Find(keys, "7"), 0);
  EXPECT_EQ(index.Find(keys, "007"), 1);  // distinct strings stay distinct even when equal as numbers
  EXPECT_EQ(index.Find(keys, ""), 3);
  EXPECT_FALSE(index.Find(keys, "c").has_value());
}

TEST(PositionIndexTest, AgreesWithUnorderedMapOnManyKeys) {
  std::vector<std::string> keys;
  for (int i = 0; i < 20000; ++i) keys.push_back("unit-" + std::to_string(i * 7919 % 100003));
  PositionIndex index(keys.size());
  std::unordered_map<std::string, std::int64_t> reference;
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(keys.size()); ++i) {
    const auto [found, inserted] = reference.emplace(keys[i], i);
    const auto earlier = index.Insert(keys, i);
    EXPECT_EQ(earlier.has_value(), !inserted);
    if (earlier) {
      EXPECT_EQ(*earlier, found->second);
    }
  }
  for (const auto& [key, position] : reference) EXPECT_EQ(index.Find(keys, key), position);
  EXPECT_FALSE(index.Find(keys, "unit-100004").has_value());
}

TEST(PositionIndexTest, AnEmptyIndexFindsNothing) {
  const std::vector<std::string> keys;
  EXPECT_FALSE(PositionIndex().Find(keys, "x").has_value());
  EXPECT_FALSE(PositionIndex(0).Find(keys, "x").has_value());
}

}  // namespace
}  // namespace hinterland::engine
