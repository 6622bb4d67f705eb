// RandomStream: reproducibility from the seed, independence of streams, and the ranges and first two
// moments of its uniform and normal draws (fixed seeds; moment bounds are 6 standard errors wide).
#include "datasets/generators/random_stream.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace hinterland::generators {
namespace {

std::vector<double> Normals(std::uint64_t seed, StreamPurpose purpose, int count) {
  RandomStream stream(seed, purpose);
  std::vector<double> values;
  for (int i = 0; i < count; ++i) values.push_back(stream.StandardNormal());
  return values;
}

TEST(RandomStreamTest, SameSeedAndPurposeGiveTheSameSequence) {
  EXPECT_EQ(Normals(42, StreamPurpose::kErrors, 1000), Normals(42, StreamPurpose::kErrors, 1000));
}

TEST(RandomStreamTest, DifferentSeedsOrPurposesGiveDifferentSequences) {
  const auto base = Normals(42, StreamPurpose::kErrors, 100);
  EXPECT_NE(base, Normals(43, StreamPurpose::kErrors, 100));
  EXPECT_NE(base, Normals(42, StreamPurpose::kRegressors, 100));
}

TEST(RandomStreamTest, UniformDrawsLieInTheHalfOpenUnitInterval) {
  RandomStream stream(7, StreamPurpose::kPoints);
  double sum = 0.0;
  const int count = 100000;
  for (int i = 0; i < count; ++i) {
    const double u = stream.Uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  // Mean 1/2, standard error sqrt(1/12 / count).
  EXPECT_NEAR(sum / count, 0.5, 6.0 * std::sqrt(1.0 / 12.0 / count));
}

TEST(RandomStreamTest, NormalDrawsHaveMeanZeroAndVarianceOne) {
  const int count = 200000;
  const auto values = Normals(11, StreamPurpose::kErrors, count);
  double sum = 0.0;
  double squares = 0.0;
  for (const double value : values) {
    sum += value;
    squares += value * value;
  }
  // Standard errors: 1/sqrt(count) for the mean, sqrt(2/count) for the second moment.
  EXPECT_NEAR(sum / count, 0.0, 6.0 / std::sqrt(count));
  EXPECT_NEAR(squares / count, 1.0, 6.0 * std::sqrt(2.0 / count));
}

TEST(RandomStreamTest, UniformBelowStaysBelowItsBound) {
  RandomStream stream(3, StreamPurpose::kMissingPattern);
  std::vector<int> counts(3, 0);
  for (int i = 0; i < 30000; ++i) {
    const auto draw = stream.UniformBelow(3);
    ASSERT_LT(draw, 3u);
    ++counts[draw];
  }
  // Each count is Binomial(30000, 1/3): standard deviation about 82.
  for (const int count : counts) EXPECT_NEAR(count, 10000, 6 * 82);
}

}  // namespace
}  // namespace hinterland::generators
