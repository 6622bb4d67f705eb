// Words of ModelKind and CovarianceEstimator round-trip, and unknown words are OptionErrors keyed by the
// option (the words are the library's and the CLI's: estimators/common/model_kind.hpp, covariance.hpp).
#include "estimators/common/model_kind.hpp"

#include "estimators/common/covariance.hpp"

#include <gtest/gtest.h>

#include <string>

#include "engine/core/error.hpp"
#include "tests/support/expect_throw_mentioning.hpp"

namespace hinterland::estimators {
namespace {

TEST(ModelKindTest, WordsRoundTrip) {
  for (const ModelKind kind : {ModelKind::kOls, ModelKind::kSlx, ModelKind::kSar, ModelKind::kSem,
                               ModelKind::kSdm, ModelKind::kSdem, ModelKind::kSac}) {
    EXPECT_EQ(ParseModelKind(ToString(kind)), kind);
  }
  EXPECT_EQ(ToString(ModelKind::kSdem), "sdem");
  EXPECT_EQ(ParseModelKind("SAR"), ModelKind::kSar);
}

TEST(ModelKindTest, UnknownModelNamesTheOptionAndSuggests) {
  EXPECT_THROW_MENTIONING(engine::OptionError, ParseModelKind("sdn"), {"`model`", "did you mean"});
}

TEST(CovarianceEstimatorTest, WordsRoundTripAndUnknownIsAnOptionError) {
  EXPECT_EQ(ParseCovarianceEstimator("hessian"), CovarianceEstimator::kNumericalHessian);
  EXPECT_EQ(ToString(CovarianceEstimator::kSandwich), "sandwich");
  EXPECT_EQ(ParseCovarianceEstimator(ToString(CovarianceEstimator::kAnalytic)),
            CovarianceEstimator::kAnalytic);
  EXPECT_THROW_MENTIONING(engine::OptionError, ParseCovarianceEstimator("robust"), {"`vcov`"});
}

}  // namespace
}  // namespace hinterland::estimators
