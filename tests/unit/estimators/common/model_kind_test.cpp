// Words of ModelKind and CovarianceEstimator round-trip, and unknown words are OptionErrors keyed by the
// option (the words are the library's and the CLI's: estimators/common/model_kind.hpp, covariance.hpp).
#include "estimators/common/model_kind.hpp"

#include "estimators/common/covariance.hpp"

#include <gtest/gtest.h>

#include <string>

#include "engine/core/error.hpp"

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
  try {
    ParseModelKind("sdn");
    FAIL() << "expected OptionError";
  } catch (const engine::OptionError& error) {
    EXPECT_NE(std::string(error.what()).find("`model`"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("did you mean"), std::string::npos) << error.what();
  }
}

TEST(CovarianceEstimatorTest, WordsRoundTripAndUnknownIsAnOptionError) {
  EXPECT_EQ(ParseCovarianceEstimator("hessian"), CovarianceEstimator::kNumericalHessian);
  EXPECT_EQ(ToString(CovarianceEstimator::kSandwich), "sandwich");
  EXPECT_EQ(ParseCovarianceEstimator(ToString(CovarianceEstimator::kAnalytic)),
            CovarianceEstimator::kAnalytic);
  try {
    ParseCovarianceEstimator("robust");
    FAIL() << "expected OptionError";
  } catch (const engine::OptionError& error) {
    EXPECT_NE(std::string(error.what()).find("`vcov`"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace hinterland::estimators
