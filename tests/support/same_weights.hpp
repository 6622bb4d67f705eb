// Comparisons of two SpatialWeights for tests that build the same W by two routes (fast and general paths
// of the readers, aligned orders, writers read back).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>

#include "engine/weights/spatial_weights.hpp"

namespace hinterland::testing {

// The same ids in the same order and the same CSR arrays (exactly equal weights); the style aside (a file
// read back is "general" whatever style was written).
inline void ExpectSameLinks(const engine::SpatialWeights& actual, const engine::SpatialWeights& expected) {
  EXPECT_EQ(actual.Ids(), expected.Ids());
  EXPECT_EQ(actual.RowOffsets(), expected.RowOffsets());
  EXPECT_EQ(actual.ColumnIndices(), expected.ColumnIndices());
  EXPECT_EQ(actual.Values(), expected.Values());
}

// Equal in every array and in style.
inline void ExpectSameWeights(const engine::SpatialWeights& actual, const engine::SpatialWeights& expected) {
  ExpectSameLinks(actual, expected);
  EXPECT_EQ(actual.Style(), expected.Style());
}

// The same units and links with exactly equal weights, whatever the order of the units.
inline void ExpectSameLinksById(const engine::SpatialWeights& actual,
                                const engine::SpatialWeights& expected) {
  const auto row_by_id = [](const engine::SpatialWeights& w, std::int64_t i) {
    std::map<std::string, double> row;
    for (auto p = w.RowOffsets()[i]; p < w.RowOffsets()[i + 1]; ++p) {
      row[w.Ids()[w.ColumnIndices()[p]]] = w.Values()[p];
    }
    return row;
  };
  ASSERT_EQ(actual.n(), expected.n());
  ASSERT_EQ(actual.LinkCount(), expected.LinkCount());
  for (std::int64_t i = 0; i < expected.n(); ++i) {
    const auto row = actual.IndexOf(expected.Ids()[i]);
    ASSERT_TRUE(row.has_value()) << expected.Ids()[i];
    EXPECT_EQ(row_by_id(actual, *row), row_by_id(expected, i)) << "unit " << expected.Ids()[i];
  }
}

}  // namespace hinterland::testing
