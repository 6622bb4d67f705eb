// Loading of reference JSON and the relative comparison used by every reference test.
#include "tests/support/reference.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <map>
#include <stdexcept>

#include "test_paths.hpp"

namespace hinterland::testing {

const nlohmann::json& LoadReference(const std::string& file) {
  static std::map<std::string, nlohmann::json> cache;
  auto found = cache.find(file);
  if (found != cache.end()) return found->second;
  const std::string path = std::string(kReferenceDir) + "/" + file;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open reference file " + path);
  nlohmann::json parsed = nlohmann::json::parse(in);
  return cache.emplace(file, std::move(parsed)).first->second;
}

::testing::AssertionResult RelativelyNear(const std::string& what,
                                          double actual,
                                          double expected,
                                          double relative_tolerance,
                                          double absolute_floor) {
  const double scale = std::max(std::fabs(expected), absolute_floor);
  const double error = std::fabs(actual - expected);
  if (std::isfinite(actual) && error <= relative_tolerance * scale) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << fmt::format("{}: actual {:.17g}, expected {:.17g}, relative error {:.3g} > tolerance {:.3g}",
                        what, actual, expected, error / scale, relative_tolerance);
}

}  // namespace hinterland::testing
