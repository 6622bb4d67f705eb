// Numerical failures the data cause: exactly collinear regressors (named, with the relation) and an
// HC3 covariance undefined because one observation has leverage 1 (a NumericalError: exit 3).
// Fixture small.csv: d is 1 for id 1 only, so in y ~ x + d the row of id 1 alone determines d's coefficient.
#include <gtest/gtest.h>

#include "tests/cli/cli_test_support.hpp"

namespace hinterland::testing {
namespace {

TEST(NumericalFailure, CollinearRegressorsAreNamed) {
  const CliRun run = RunCli({"fit", "--data", ColumbusCsv(), "--formula", "CRIME ~ INC + HOVAL + I(2 * INC)",
                             "--weights", ColumbusGal(), "--id", "POLYID"});
  EXPECT_TRUE(ExitsWith(run, 2, {"collinear", "\"INC\"", "I(2 * INC)"}));
}

TEST(NumericalFailure, Hc3WithALeverageOneObservationExits3NamingIt) {
  const CliRun run = RunCli({"fit", "--data", Fixture("small.csv"), "--formula", "y ~ x + d", "--weights",
                             Fixture("small_path.gal"), "--id", "id", "--vcov", "HC3"});
  EXPECT_TRUE(ExitsWith(run, 3, {"HC3", "leverage 1", "1"}));
}

}  // namespace
}  // namespace hinterland::testing
