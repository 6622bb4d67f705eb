// p-values against R 4.2.2 (pnorm, pt, pchisq, pf with lower.tail = FALSE), tolerance 1e-12 relative.
#include "engine/inference/distributions.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/reference.hpp"

namespace hinterland::engine {
namespace {

TEST(DistributionsTest, MatchesRUpperTails) {
  // R: pnorm(2.68100025188044, lower.tail = FALSE) = 0.00367012303461706 (Columbus lm.morantest)
  EXPECT_REL_NEAR("normal", NormalUpperTail(2.68100025188044), 0.00367012303461706, 1e-9);
  // R: 2 * pt(4.78049619129659, 46, lower.tail = FALSE) = 1.82895950708421e-05 (Columbus OLS, INC)
  EXPECT_REL_NEAR("student t", StudentTTwoSided(-4.78049619129659, 46), 1.82895950708421e-05, 1e-9);
  // R: pchisq(4.61112584434427, 1, lower.tail = FALSE) = 0.0317651720089892 (Columbus LMerr)
  EXPECT_REL_NEAR("chi-squared", ChiSquaredUpperTail(4.61112584434427, 1), 0.0317651720089892, 1e-9);
  EXPECT_REL_NEAR("chi-squared df 2", ChiSquaredUpperTail(7.88918951416953, 2), 0.0193590599021732, 1e-9);
}

TEST(DistributionsTest, NonFiniteStatisticsGiveNaNNotAnException) {
  EXPECT_TRUE(std::isnan(NormalUpperTail(std::nan(""))));
  EXPECT_TRUE(std::isnan(ChiSquaredUpperTail(1.0, 0.0)));
  EXPECT_EQ(NormalUpperTail(INFINITY), 0.0);
}

}  // namespace
}  // namespace hinterland::engine
