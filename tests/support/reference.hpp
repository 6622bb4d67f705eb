// Reference values from peers (R spatialreg/spdep, PySAL spreg) stored as JSON with their provenance,
// and a relative comparison that prints the name, the values, the tolerance and the source on failure.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace hinterland::testing {

// Loads tests/reference/data/<file> (cached); aborts the test with a clear message if unreadable.
const nlohmann::json& LoadReference(const std::string& file);

// |actual - expected| <= relative_tolerance * max(|expected|, floor); floor guards values near zero.
::testing::AssertionResult RelativelyNear(const std::string& what,
                                          double actual,
                                          double expected,
                                          double relative_tolerance,
                                          double absolute_floor = 1e-12);

}  // namespace hinterland::testing

#define EXPECT_REL_NEAR(what, actual, expected, tolerance) \
  EXPECT_TRUE(::hinterland::testing::RelativelyNear((what), (actual), (expected), (tolerance)))
