// Fit(FitRequest, SpatialDesign): one entry point for every model, returning the complete result (weights,
// alignment notes, seed, impacts), equal to the family estimators it dispatches to; roles are data (a data
// column named "W" and an interaction "W:INC" are regressors, not lags); threads are restored after a fit.
#include "estimators/fit/fit.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/core/build_info.hpp"
#include "engine/core/error.hpp"
#include "estimators/lag/sar_model.hpp"
#include "tests/support/columbus_design.hpp"

namespace hinterland::estimators {
namespace {

using testing::ColumbusDesign;
using testing::ColumbusTable;
using ::testing::HasSubstr;

FitRequest Request(ModelKind model) {
  FitRequest request;
  request.model = model;
  request.weights = true;
  return request;
}

TEST(FitTest, EqualsTheFamilyEstimatorAndCompletesTheResult) {
  const SpatialDesign design = ColumbusDesign(ColumbusTable());
  FitRequest request = Request(ModelKind::kSar);
  request.seed = 99;
  const FitResult result = Fit(request, design);
  const FitResult direct = FitSpatialLag(design, ModelKind::kSar, request.MaximumLikelihoodOptions()).result;
  ASSERT_EQ(result.coefficients.size(), direct.coefficients.size());
  for (std::size_t i = 0; i < result.coefficients.size(); ++i) {
    EXPECT_EQ(result.coefficients[i].estimate, direct.coefficients[i].estimate);
    EXPECT_EQ(result.coefficients[i].std_error, direct.coefficients[i].std_error);
  }
  EXPECT_TRUE(result.has_weights);
  EXPECT_EQ(result.weights.n, 49);
  EXPECT_EQ(result.provenance.seed, 99u);
  EXPECT_FALSE(result.impacts.has_value());
}

TEST(SpatialDesignTest, ACrossSectionIsOnePeriodOfItsUnitsInWsOrder) {
  const SpatialDesign design = ColumbusDesign(ColumbusTable());
  EXPECT_EQ(design.Rows(), 49);
  EXPECT_EQ(design.Periods(), 1);
  EXPECT_EQ(design.W().Rows(), 49);
  EXPECT_EQ(design.KeyOf(12).unit, 12);
  EXPECT_EQ(design.KeyOf(12).period, 0);
  EXPECT_EQ(design.Frame().ids[12], design.W().Weights().Ids()[12]);  // rows aligned to W by id
  EXPECT_EQ(&design.W2(), &design.W());                               // no second W: W2 is W, one cache
}

TEST(FitTest, ImpactsComeWithTheResultWhenAsked) {
  FitRequest request = Request(ModelKind::kSdm);
  request.impacts = true;
  request.draws = 50;
  const FitResult result = Fit(request, ColumbusDesign(ColumbusTable()));
  ASSERT_TRUE(result.impacts.has_value());
  ASSERT_EQ(result.impacts->impacts.size(), 2u);
  EXPECT_EQ(result.impacts->impacts[0].name, "INC");
  EXPECT_EQ(result.impacts->draws, 50);
}

TEST(FitTest, OlsCarriesItsSpatialDiagnosticsWithMoransIAsNumbers) {
  FitRequest request;
  request.weights = true;
  const FitResult result = Fit(request, ColumbusDesign(ColumbusTable()));
  ASSERT_EQ(result.diagnostics.size(), 6u);
  const Diagnostic& moran = result.diagnostics[0];
  ASSERT_EQ(moran.values.size(), 3u);
  EXPECT_EQ(moran.values[0].first, "I");
  // spdep lm.morantest on the queen W: tests/reference/data/columbus/columbus_spatialreg.json, "I".
  EXPECT_NEAR(moran.values[0].second, 0.2123741525231, 1e-9);
  EXPECT_EQ(moran.values[1].first, "expectation");
  EXPECT_EQ(moran.values[2].first, "variance");
}

TEST(FitTest, OlsWithoutWeightsSaysSoInLibraryWords) {
  const FitResult result =
      Fit(FitRequest{}, SpatialDesign(testing::ColumbusFrame(ColumbusTable(), "CRIME ~ INC")));
  EXPECT_FALSE(result.has_weights);
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_THAT(result.warnings[0], HasSubstr("no `weights` given"));
  const FitResult named = WithOptionNames(result, [](const std::string& key) { return "--" + key; });
  EXPECT_THAT(named.warnings[0], HasSubstr("no --weights given"));
}

TEST(FitTest, TheRequestAndTheDesignMustAgreeOnW) {
  FitRequest request;
  request.weights = true;  // but the design has none
  try {
    Fit(request, SpatialDesign(testing::ColumbusFrame(ColumbusTable(), "CRIME ~ INC")));
    FAIL() << "expected an OptionError";
  } catch (const engine::OptionError& error) {
    ASSERT_EQ(error.Problems().size(), 1u);
    EXPECT_EQ(error.Problems()[0].key, "weights");
  }
}

TEST(FitTest, ThreadsAreSetForTheFitAndRestored) {
  const engine::BuildInfo before = engine::GetBuildInfo();
  FitRequest request = Request(ModelKind::kSar);
  request.threads = 1;
  const FitResult result = Fit(request, ColumbusDesign(ColumbusTable()));
  EXPECT_EQ(result.provenance.threads, 1);
  EXPECT_EQ(result.provenance.sparse_threads, 1);
  const engine::BuildInfo after = engine::GetBuildInfo();
  EXPECT_EQ(after.blas_threads, before.blas_threads);
  EXPECT_EQ(after.sparse_threads, before.sparse_threads);
}

// Columbus with a column copied from OPEN under `name`: formulas may then say `name` and `name`:INC.
engine::DataTable ColumbusWithColumn(const std::string& name) {
  engine::DataTable table = ColumbusTable();
  engine::Column column = table.GetColumn("OPEN");
  column.name = name;
  table.AddColumn(column);
  return table;
}

// The review's case (REVIEW-2026-12 L3): before roles were data, a column named W and the interaction W:INC
// made a coefficient "W:INC" that SDM took for the lag of INC. Now the fit must be the one with the column
// renamed, coefficient for coefficient and impact for impact.
TEST(FitTest, ADataColumnNamedWIsNeverTakenForASpatialLag) {
  FitRequest request = Request(ModelKind::kSdm);
  request.impacts = true;
  request.draws = 20;
  const FitResult named_w = Fit(request, ColumbusDesign(ColumbusWithColumn("W"), "CRIME ~ W + INC + W:INC"));
  const FitResult named_z = Fit(request, ColumbusDesign(ColumbusWithColumn("Z"), "CRIME ~ Z + INC + Z:INC"));
  ASSERT_EQ(named_w.coefficients.size(), named_z.coefficients.size());
  int lags = 0;
  for (std::size_t i = 0; i < named_w.coefficients.size(); ++i) {
    const Coefficient& w = named_w.coefficients[i];
    const Coefficient& z = named_z.coefficients[i];
    EXPECT_EQ(w.role, z.role) << w.name;
    EXPECT_EQ(w.lagged_coefficient, z.lagged_coefficient) << w.name;
    EXPECT_DOUBLE_EQ(w.estimate, z.estimate) << w.name;
    if (w.role == CoefficientRole::kLaggedRegressor) ++lags;
  }
  EXPECT_EQ(named_w.coefficients[3].name, "W:INC");  // the interaction, a regressor
  EXPECT_EQ(named_w.coefficients[3].role, CoefficientRole::kRegressor);
  EXPECT_EQ(lags, 3);  // W:W, W:INC (the lag of INC, the same name as the interaction) and W:W:INC
  ASSERT_TRUE(named_w.impacts && named_z.impacts);
  ASSERT_EQ(named_w.impacts->impacts.size(), 3u);
  for (std::size_t r = 0; r < 3; ++r) {
    EXPECT_DOUBLE_EQ(named_w.impacts->impacts[r].direct.estimate,
                     named_z.impacts->impacts[r].direct.estimate);
    EXPECT_DOUBLE_EQ(named_w.impacts->impacts[r].indirect.estimate,
                     named_z.impacts->impacts[r].indirect.estimate);
  }
}

}  // namespace
}  // namespace hinterland::estimators
