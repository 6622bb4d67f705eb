// The shared reference checker (tests/support/check_spatial_fit.hpp) and EXPECT_THROW_MENTIONING
// (tests/support/expect_throw_mentioning.hpp) can fail: each kind of mismatch is reported, and a match is
// not. No peer values: a hand-made FitResult against hand-made references, tolerances from
// tests/support/tolerances.hpp (kClosedFormFit, kMaximumLikelihoodFit).
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "tests/support/check_spatial_fit.hpp"
#include "tests/support/expect_throw_mentioning.hpp"

namespace hinterland::testing {
namespace {

estimators::FitResult SmallFit() {
  estimators::FitResult fit;
  fit.coefficients = {
      {.name = "(Intercept)", .estimate = 1.0, .std_error = 0.5},
      {.name = "rho", .role = estimators::CoefficientRole::kRho, .estimate = 0.4, .std_error = 0.1}};
  fit.vcov = {{0.25, 0.01}, {0.01, 0.01}};
  fit.n = 49;
  fit.log_likelihood = -180.0;
  fit.statistics = {{"f_df1", 2.0}};
  fit.diagnostics = {{.name = "LR test (vs OLS)", .statistic = 8.0, .df = 1.0, .p_value = 0.005, .note = ""}};
  return fit;
}

SpatialFitReference Matching() {
  SpatialFitReference reference{.label = "small", .source = "by hand", .tolerances = kMaximumLikelihoodFit};
  reference.coefficient_names = {"(Intercept)", "rho"};
  reference.coefficients = {{.name = "rho", .estimate = 0.4 * (1.0 + 0.5e-6), .std_error = 0.1}};
  reference.vcov = {{"(Intercept)", "rho", 0.01}};
  reference.n = 49;
  reference.log_likelihood = -180.0;
  reference.exact_statistics = {{"f_df1", 2.0}};
  reference.diagnostics = {{.name = "LR test (vs OLS)", .statistic = 8.0, .p_value = 0.005, .df = 1.0}};
  return reference;
}

void CheckWith(void (*change)(SpatialFitReference&)) {
  SpatialFitReference reference = Matching();
  change(reference);
  CheckSpatialFit(SmallFit(), reference);
}

TEST(CheckSpatialFitTest, AMatchWithinEveryToleranceIsSilent) { CheckSpatialFit(SmallFit(), Matching()); }

TEST(CheckSpatialFitTest, EachKindOfMismatchIsReportedWithItsName) {
  EXPECT_NONFATAL_FAILURE(CheckWith([](SpatialFitReference& r) { r.coefficients[0].estimate = 0.41; }),
                          "small rho: actual");
  EXPECT_NONFATAL_FAILURE(CheckWith([](SpatialFitReference& r) { r.coefficients[0].name = "lambda"; }),
                          "no coefficient lambda");
  EXPECT_NONFATAL_FAILURE(CheckWith([](SpatialFitReference& r) { r.vcov[0].value = 0.02; }),
                          "vcov (Intercept),rho");
  EXPECT_NONFATAL_FAILURE(CheckWith([](SpatialFitReference& r) { r.log_likelihood = -181.0; }), "logLik");
  EXPECT_NONFATAL_FAILURE(CheckWith([](SpatialFitReference& r) { r.exact_statistics[0].value = 3.0; }),
                          "f_df1");
  EXPECT_NONFATAL_FAILURE(CheckWith([](SpatialFitReference& r) { r.diagnostics[0].df = 2.0; }), "df");
  EXPECT_NONFATAL_FAILURE(CheckWith([](SpatialFitReference& r) { r.coefficient_names[1] = "lambda"; }),
                          "coefficient name");
  EXPECT_NONFATAL_FAILURE(CheckWith([](SpatialFitReference& r) { r.tolerances = kClosedFormFit; }),
                          "by hand");
}

TEST(CheckSpatialFitTest, PrintedDigitsAllowHalfAUnitInTheLastDigit) {
  EXPECT_DOUBLE_EQ(HalfUnitInLastDigit("0.431"), 0.0005);
  EXPECT_DOUBLE_EQ(HalfUnitInLastDigit("-1.0316"), 0.00005);
  CheckPrintedCoefficients(SmallFit(), {{"rho", "0.40"}}, "by hand");
  EXPECT_NONFATAL_FAILURE(CheckPrintedCoefficients(SmallFit(), {{"rho", "0.401"}}, "by hand"), "printed as");
}

void Throws(const std::string& message) { throw std::invalid_argument(message); }
void DoesNotThrow() {}

TEST(ExpectThrowMentioningTest, PassesOnlyWhenTheTypeAndEveryFragmentMatch) {
  EXPECT_THROW_MENTIONING(std::invalid_argument, Throws("`logdet` cholesy: did you mean"),
                          {"`logdet`", "mean"});
  EXPECT_NONFATAL_FAILURE(EXPECT_THROW_MENTIONING(std::invalid_argument, Throws("abc"), {"abc", "xyz"}),
                          "lacks \"xyz\"");
  EXPECT_NONFATAL_FAILURE(EXPECT_THROW_MENTIONING(std::invalid_argument, DoesNotThrow(), {"abc"}),
                          "did not throw std::invalid_argument");
  EXPECT_NONFATAL_FAILURE(EXPECT_THROW_MENTIONING(std::out_of_range, Throws("abc"), {"abc"}),
                          "threw another exception than std::out_of_range");
}

}  // namespace
}  // namespace hinterland::testing
