// --threads in `hinterland fit`: the count it sets reaches both the OpenBLAS and the sparse-kernel threads
// recorded in the JSON result (engine.threads, engine.sparse_threads), for a least-squares and an ML model.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.hpp"

namespace hinterland::testing {
namespace {

TEST(ThreadsOption, TheCountReachesBothThreadRecords) {
  for (const char* model : {"ols", "sar"}) {
    const CliRun run = FitColumbus(model, {"--threads", "1", "--format", "json"});
    ASSERT_TRUE(ExitsWith(run, 0)) << model;
    const nlohmann::json result = nlohmann::json::parse(run.out);
    EXPECT_EQ(result["engine"]["threads"], 1) << model;
    EXPECT_EQ(result["engine"]["sparse_threads"], 1) << model;
  }
}

}  // namespace
}  // namespace hinterland::testing
