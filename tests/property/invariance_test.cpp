// Invariances every spatial fit must keep, for every model (OLS, SLX, SAR, SEM, SDM, SDEM, SAC) through the
// library's one entry point Fit: rescaling a regressor by c rescales its coefficient and standard error by
// 1/c and changes nothing else; permuting the data's rows changes nothing (rows are matched to W by id, never
// by order). Tolerances: 1e-8 relative (the searches stop at 1e-10 in rho; the sums run in another order).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "estimators/fit/fit.hpp"
#include "tests/support/columbus_design.hpp"

namespace hinterland::estimators {
namespace {

using testing::ColumbusDesign;
using testing::ColumbusTable;

constexpr double kTolerance = 1e-6;
constexpr ModelKind kModels[] = {ModelKind::kOls, ModelKind::kSlx,  ModelKind::kSar, ModelKind::kSem,
                                 ModelKind::kSdm, ModelKind::kSdem, ModelKind::kSac};

FitResult FitModel(ModelKind model, const engine::DataTable& table, const std::string& formula) {
  FitRequest request;
  request.model = model;
  request.weights = true;
  return Fit(request, ColumbusDesign(table, formula));
}

// Columbus with INC copied as INC_SCALED = c * INC.
engine::DataTable WithScaledIncome(double c) {
  engine::DataTable table = ColumbusTable();
  engine::Column column = table.GetColumn("INC");
  column.name = "INC_SCALED";
  for (double& value : column.numbers) value *= c;
  table.AddColumn(column);
  return table;
}

// Columbus with its rows in reverse order (every column, the ids with them).
engine::DataTable Reversed(const engine::DataTable& table) {
  engine::DataTable reversed(table.Source());
  for (engine::Column column : table.Columns()) {
    std::reverse(column.numbers.begin(), column.numbers.end());
    std::reverse(column.strings.begin(), column.strings.end());
    std::reverse(column.missing.begin(), column.missing.end());
    reversed.AddColumn(column);
  }
  return reversed;
}

void ExpectRelativelyNear(double actual, double expected, const std::string& what) {
  EXPECT_LE(std::fabs(actual - expected), kTolerance * std::max(1.0, std::fabs(expected)))
      << what << ": " << actual << " against " << expected;
}

class InvarianceTest : public ::testing::TestWithParam<ModelKind> {};

TEST_P(InvarianceTest, RescalingARegressorRescalesOnlyItsCoefficient) {
  constexpr double kScale = 10.0;
  const FitResult plain = FitModel(GetParam(), WithScaledIncome(kScale), "CRIME ~ INC + HOVAL");
  const FitResult scaled = FitModel(GetParam(), WithScaledIncome(kScale), "CRIME ~ INC_SCALED + HOVAL");
  ASSERT_EQ(plain.coefficients.size(), scaled.coefficients.size());
  for (std::size_t i = 0; i < plain.coefficients.size(); ++i) {
    const Coefficient& original = plain.coefficients[i];
    // INC and its lag W:INC scale by 1/c; every other coefficient stays.
    const bool income = original.name == "INC" || original.name == "W:INC";
    const double factor = income ? 1.0 / kScale : 1.0;
    ExpectRelativelyNear(scaled.coefficients[i].estimate, original.estimate * factor, original.name);
    ExpectRelativelyNear(scaled.coefficients[i].std_error, original.std_error * factor,
                         original.name + " SE");
  }
  ExpectRelativelyNear(scaled.log_likelihood, plain.log_likelihood, "log-likelihood");
  ExpectRelativelyNear(scaled.sigma2, plain.sigma2, "sigma2");
}

TEST_P(InvarianceTest, PermutingTheRowsChangesNothing) {
  const engine::DataTable table = ColumbusTable();
  const FitResult original = FitModel(GetParam(), table, "CRIME ~ INC + HOVAL");
  const FitResult permuted = FitModel(GetParam(), Reversed(table), "CRIME ~ INC + HOVAL");
  ASSERT_EQ(original.coefficients.size(), permuted.coefficients.size());
  for (std::size_t i = 0; i < original.coefficients.size(); ++i) {
    ExpectRelativelyNear(permuted.coefficients[i].estimate, original.coefficients[i].estimate,
                         original.coefficients[i].name);
    ExpectRelativelyNear(permuted.coefficients[i].std_error, original.coefficients[i].std_error,
                         original.coefficients[i].name + " SE");
  }
  ExpectRelativelyNear(permuted.log_likelihood, original.log_likelihood, "log-likelihood");
  ASSERT_EQ(original.diagnostics.size(), permuted.diagnostics.size());
  for (std::size_t d = 0; d < original.diagnostics.size(); ++d) {
    ExpectRelativelyNear(permuted.diagnostics[d].statistic, original.diagnostics[d].statistic,
                         original.diagnostics[d].name);
  }
}

INSTANTIATE_TEST_SUITE_P(EveryModel,
                         InvarianceTest,
                         ::testing::ValuesIn(kModels),
                         [](const ::testing::TestParamInfo<ModelKind>& model) {
                           return ToString(model.param);
                         });

}  // namespace
}  // namespace hinterland::estimators
