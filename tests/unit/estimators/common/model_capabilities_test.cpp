// The capability table: one row per model kind, consistent with itself (a model estimated by maximum
// likelihood is exactly one that uses a log-determinant today; GMM will add rows that break that on purpose).
#include "estimators/common/model_capabilities.hpp"

#include <gtest/gtest.h>

namespace hinterland::estimators {
namespace {

constexpr ModelKind kAllModels[] = {ModelKind::kOls, ModelKind::kSlx,  ModelKind::kSar, ModelKind::kSem,
                                    ModelKind::kSdm, ModelKind::kSdem, ModelKind::kSac};

TEST(ModelCapabilitiesTest, EveryModelHasItsOwnRow) {
  for (ModelKind model : kAllModels) EXPECT_EQ(CapabilitiesOf(model).model, model) << ToString(model);
}

TEST(ModelCapabilitiesTest, RowsAgreeWithWhatEachModelIs) {
  for (ModelKind model : kAllModels) {
    const ModelCapabilities& row = CapabilitiesOf(model);
    const bool likelihood = row.estimation == EstimationMethod::kMaximumLikelihood;
    EXPECT_EQ(row.uses_log_determinant, likelihood) << ToString(model);
    EXPECT_EQ(row.covariance == CovarianceFamily::kMaximumLikelihood, likelihood) << ToString(model);
    EXPECT_EQ(row.parameters == SpatialParameters::kNone, !likelihood) << ToString(model);
    EXPECT_EQ(row.needs_weights, model != ModelKind::kOls) << ToString(model);
  }
  EXPECT_EQ(CapabilitiesOf(ModelKind::kSac).parameters, SpatialParameters::kRhoAndLambda);
  EXPECT_TRUE(CapabilitiesOf(ModelKind::kSac).second_weights);
}

TEST(ModelCapabilitiesTest, ModelsWhereListsInTableOrder) {
  EXPECT_EQ(ModelsWhere([](const ModelCapabilities& row) { return row.uses_log_determinant; }),
            "sar, sem, sdm, sdem and sac");
  EXPECT_EQ(ModelsWhere([](const ModelCapabilities& row) { return row.impacts == ImpactsKind::kNone; }),
            "sem and ols");
  EXPECT_EQ(ModelsWhere([](const ModelCapabilities& row) { return row.second_weights; }), "sac");
}

TEST(CovarianceEstimatorTest, OneVocabularyWithFamilies) {
  EXPECT_EQ(ParseCovarianceEstimator("hc1"), CovarianceEstimator::kHC1);
  EXPECT_EQ(ParseCovarianceEstimator("Hessian"), CovarianceEstimator::kNumericalHessian);
  EXPECT_EQ(FamilyOf(CovarianceEstimator::kHC3), CovarianceFamily::kLeastSquares);
  EXPECT_EQ(FamilyOf(CovarianceEstimator::kSandwich), CovarianceFamily::kMaximumLikelihood);
  EXPECT_EQ(DefaultCovariance(CovarianceFamily::kMaximumLikelihood), CovarianceEstimator::kAnalytic);
  EXPECT_EQ(CovarianceWords(CovarianceFamily::kMaximumLikelihood), "analytic, hessian, sandwich and cluster");
}

}  // namespace
}  // namespace hinterland::estimators
