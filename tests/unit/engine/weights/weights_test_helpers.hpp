// Helpers shared by the weights tests: a scratch folder per test, small text files, and a dense copy
// of W for oracles (small n only).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/weights/spatial_weights.hpp"

namespace hinterland::engine::testing {

// A fresh folder under the system temporary folder, named for the running test.
inline std::filesystem::path ScratchFolder() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::filesystem::path folder =
      std::filesystem::temp_directory_path() /
      (std::string("hinterland_weights_") + info->test_suite_name() + "_" + info->name());
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  return folder;
}

inline std::string WriteText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return path.string();
}

// Dense n x n copy of W (row-major), for oracles at small n.
inline std::vector<std::vector<double>> Dense(const SpatialWeights& w) {
  std::vector<std::vector<double>> dense(w.n(), std::vector<double>(w.n(), 0.0));
  for (std::int64_t i = 0; i < w.n(); ++i) {
    for (std::int64_t p = w.RowOffsets()[i]; p < w.RowOffsets()[i + 1]; ++p) {
      dense[i][w.ColumnIndices()[p]] = w.Values()[p];
    }
  }
  return dense;
}

// The neighbour ids of unit `id`, in column order.
inline std::vector<std::string> NeighbourIds(const SpatialWeights& w, const std::string& id) {
  std::vector<std::string> ids;
  const std::int64_t i = *w.IndexOf(id);
  for (std::int64_t p = w.RowOffsets()[i]; p < w.RowOffsets()[i + 1]; ++p) {
    ids.push_back(w.Ids()[w.ColumnIndices()[p]]);
  }
  return ids;
}

}  // namespace hinterland::engine::testing
