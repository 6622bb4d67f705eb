// Words of ModelKind and CovarianceMethod round-trip, and unknown words are OptionErrors naming the option
// (the words are the CLI's, defined in estimators/common/model_kind.hpp).
#include "estimators/common/model_kind.hpp"

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
    EXPECT_NE(std::string(error.what()).find("--model"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("did you mean"), std::string::npos) << error.what();
  }
}

TEST(CovarianceMethodTest, WordsRoundTripAndUnknownIsAnOptionError) {
  EXPECT_EQ(ParseCovarianceMethod("hessian"), CovarianceMethod::kNumericalHessian);
  EXPECT_EQ(ToString(CovarianceMethod::kSandwich), "sandwich");
  EXPECT_EQ(ParseCovarianceMethod(ToString(CovarianceMethod::kAnalytic)), CovarianceMethod::kAnalytic);
  try {
    ParseCovarianceMethod("robust");
    FAIL() << "expected OptionError";
  } catch (const engine::OptionError& error) {
    EXPECT_NE(std::string(error.what()).find("--vcov"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace hinterland::estimators
