// ExpectSameWeights: two SpatialWeights equal in every array (ids, CSR structure, values) and in style,
// for tests that build the same W by two routes (fast and general paths of the readers, aligned orders).
#pragma once

#include <gtest/gtest.h>

#include "engine/weights/spatial_weights.hpp"

namespace hinterland::testing {

inline void ExpectSameWeights(const engine::SpatialWeights& actual, const engine::SpatialWeights& expected) {
  EXPECT_EQ(actual.Ids(), expected.Ids());
  EXPECT_EQ(actual.RowOffsets(), expected.RowOffsets());
  EXPECT_EQ(actual.ColumnIndices(), expected.ColumnIndices());
  EXPECT_EQ(actual.Values(), expected.Values());
  EXPECT_EQ(actual.Style(), expected.Style());
}

}  // namespace hinterland::testing
