// Unit tests of the spatial diagnostics on an asymmetric k-nearest-neighbour W (small n) against dense
// oracles computed here: Cliff & Ord's (1981) residual moments with the dense M = I - X(X'X)^-1X' and the
// original, asymmetric W (tr(MW), tr(MWMW') + tr(MWMW)), the LM tests of Anselin (1988) / Anselin et al.
// (1996) with dense traces, and the randomisation moments of I as the exact mean and variance over all n!
// permutations. The permutation test is checked for reproducibility and against the analytic test on Columbus
// (data from tests/reference/data/columbus/columbus_spatialreg.json). Oracle tolerance 1e-10 relative.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "estimators/ols/ols_model.hpp"
#include "estimators/ols/spatial_diagnostics.hpp"
#include "tests/support/expect_throw_mentioning.hpp"
#include "tests/support/reference.hpp"

namespace hinterland::estimators {
namespace {

constexpr double kOracleTolerance = 1e-10;

double Uniform(std::mt19937_64& engine) { return static_cast<double>(engine() >> 11) * 0x1.0p-53; }

std::vector<std::string> Ids(arma::uword n) {
  std::vector<std::string> ids;
  for (arma::uword i = 0; i < n; ++i) ids.push_back("u" + std::to_string(i + 1));
  return ids;
}

// Row-standardised k nearest neighbours of random points: asymmetric, like a kNN weights file.
engine::SpatialWeights KnnWeights(arma::uword n, arma::uword neighbours, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  arma::mat points(n, 2);
  for (arma::uword i = 0; i < n; ++i) points.row(i) = {Uniform(engine), Uniform(engine)};
  std::vector<std::int64_t> offsets = {0};
  std::vector<std::int32_t> columns;
  for (arma::uword i = 0; i < n; ++i) {
    std::vector<std::int32_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
      return arma::norm(points.row(a) - points.row(i)) < arma::norm(points.row(b) - points.row(i));
    });
    for (arma::uword p = 1; p <= neighbours; ++p) columns.push_back(order[p]);  // order[0] is i itself
    offsets.push_back(static_cast<std::int64_t>(columns.size()));
  }
  const engine::SpatialWeights binary(Ids(n), offsets, columns, std::vector<double>(columns.size(), 1.0),
                                      engine::WeightsStyle::kBinary, "knn");
  return binary.Transform(engine::WeightsStyle::kRowStandardised);
}

arma::mat Dense(const engine::SpatialWeights& w) { return arma::mat(w.ToSparseMatrix()); }

engine::ModelFrame RandomFrame(const engine::SpatialWeights& w, std::uint64_t seed) {
  const arma::uword n = static_cast<arma::uword>(w.n());
  std::mt19937_64 engine(seed);
  engine::ModelFrame frame;
  frame.dependent = "y";
  frame.x.set_size(n, 3);
  frame.x.col(0).ones();
  for (arma::uword i = 0; i < n; ++i) frame.x.row(i).tail(2) = {Uniform(engine) * 4.0, Uniform(engine) - 0.5};
  frame.column_names = {"(Intercept)", "x1", "x2"};
  frame.column_kinds = {engine::ColumnKind::kIntercept, engine::ColumnKind::kNumeric,
                        engine::ColumnKind::kNumeric};
  arma::vec noise(n);
  for (arma::uword i = 0; i < n; ++i) noise[i] = Uniform(engine) - 0.5;
  // Some spatial dependence in the errors so that the statistics are away from zero.
  frame.y = 1.0 + frame.x.col(1) - 2.0 * frame.x.col(2) + noise + 0.8 * w.Multiply(noise);
  frame.ids = w.Ids();
  return frame;
}

void ExpectRelativelyNear(double actual, double expected, const std::string& what) {
  EXPECT_NEAR(actual, expected, kOracleTolerance * std::max(std::fabs(expected), 1e-12)) << what;
}

class AsymmetricWeightsDiagnosticsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    w_ = KnnWeights(30, 4, 21);
    ASSERT_FALSE(w_.IsSymmetric());
    ASSERT_FALSE(w_.IsSimilarToSymmetric());
    frame_ = RandomFrame(w_, 22);
    fit_ = FitOls(frame_, OlsOptions{});
    dense_w_ = Dense(w_);
    const double n = 30.0;
    m_ = arma::eye(30, 30) - frame_.x * arma::solve(frame_.x.t() * frame_.x, frame_.x.t());
    residuals_ = m_ * frame_.y;
    sigma2_ml_ = arma::dot(residuals_, residuals_) / n;
  }
  engine::SpatialWeights w_;
  engine::ModelFrame frame_;
  OlsFit fit_;
  arma::mat dense_w_;  // 30 x 30 oracle only
  arma::mat m_;        // 30 x 30 residual maker, oracle only
  arma::vec residuals_;
  double sigma2_ml_ = 0.0;
};

TEST_F(AsymmetricWeightsDiagnosticsTest, ResidualMoranMomentsMatchDenseCliffOrd) {
  const double n = 30.0;
  const double k = 3.0;
  const double s0 = arma::accu(dense_w_);
  const arma::mat mw = m_ * dense_w_;
  const double trace_mw = arma::trace(mw);
  const double expectation = (n / s0) * trace_mw / (n - k);
  const double second_moment =
      (n / s0) * (n / s0) *
      (arma::trace(mw * m_ * dense_w_.t()) + arma::trace(mw * mw) + trace_mw * trace_mw) /
      ((n - k) * (n - k + 2.0));
  const double statistic =
      (n / s0) * arma::as_scalar(residuals_.t() * dense_w_ * residuals_) / arma::dot(residuals_, residuals_);
  const MoranResult moran = MoranTestResiduals(fit_, frame_, w_);
  ExpectRelativelyNear(moran.statistic, statistic, "I");
  ExpectRelativelyNear(moran.expectation, expectation, "E[I]");
  ExpectRelativelyNear(moran.variance, second_moment - expectation * expectation, "Var[I]");
  EXPECT_GT(moran.z, 1.0) << "the data were built with positive spatial dependence";
}

TEST_F(AsymmetricWeightsDiagnosticsTest, LagrangeMultiplierTestsMatchDenseFormulas) {
  const double n = 30.0;
  const double trace = arma::trace(dense_w_.t() * dense_w_ + dense_w_ * dense_w_);
  const arma::vec lagged_fitted = dense_w_ * (frame_.y - residuals_);
  const double n_j =
      (arma::as_scalar(lagged_fitted.t() * m_ * lagged_fitted) + trace * sigma2_ml_) / sigma2_ml_;
  const double error_score = arma::as_scalar(residuals_.t() * dense_w_ * residuals_) / sigma2_ml_;
  const double lag_score = arma::as_scalar(residuals_.t() * dense_w_ * frame_.y) / sigma2_ml_;
  const double lm_error = error_score * error_score / trace;
  const double robust_lm_lag = std::pow(lag_score - error_score, 2) / (n_j - trace);
  const LmTests tests = LagrangeMultiplierTests(fit_, frame_, w_);
  ExpectRelativelyNear(tests.lm_error.statistic, lm_error, "LMerr");
  ExpectRelativelyNear(tests.lm_lag.statistic, lag_score * lag_score / n_j, "LMlag");
  ExpectRelativelyNear(tests.robust_lm_error.statistic,
                       std::pow(error_score - trace / n_j * lag_score, 2) / (trace * (1.0 - trace / n_j)),
                       "RLMerr");
  ExpectRelativelyNear(tests.robust_lm_lag.statistic, robust_lm_lag, "RLMlag");
  ExpectRelativelyNear(tests.lm_sarma.statistic, robust_lm_lag + lm_error, "SARMA");
  EXPECT_EQ(tests.lm_sarma.df, 2.0);
  EXPECT_EQ(tests.lm_error.df, 1.0);
  EXPECT_TRUE(tests.lm_error.note.empty());
  (void)n;
}

TEST_F(AsymmetricWeightsDiagnosticsTest, SpatialDiagnosticsListsMoranThenTheFiveLmTests) {
  const std::vector<Diagnostic> diagnostics = SpatialDiagnostics(fit_, frame_, w_);
  std::vector<std::string> names;
  for (const Diagnostic& diagnostic : diagnostics) names.push_back(diagnostic.name);
  EXPECT_EQ(names, (std::vector<std::string>{"Moran's I (residuals)", "LMerr", "LMlag", "RLMerr", "RLMlag",
                                             "SARMA"}));
  const MoranResult moran = MoranTestResiduals(fit_, frame_, w_);
  EXPECT_EQ(diagnostics[0].statistic, moran.z);
  EXPECT_EQ(diagnostics[0].p_value, moran.p_value);
  EXPECT_EQ(diagnostics[0].df, 0.0);
  EXPECT_NE(diagnostics[0].note.find("E[I] = "), std::string::npos) << diagnostics[0].note;
}

TEST_F(AsymmetricWeightsDiagnosticsTest, NormalityMomentsOfAVariableEqualResidualMomentsOnAConstant) {
  // Cliff & Ord: I of a variable under normality is I of its residuals from a regression on a constant.
  engine::ModelFrame constant_only = frame_;
  constant_only.x = arma::ones<arma::mat>(30, 1);
  constant_only.column_names = {"(Intercept)"};
  constant_only.column_kinds = {engine::ColumnKind::kIntercept};
  const MoranResult residual = MoranTestResiduals(FitOls(constant_only, OlsOptions{}), constant_only, w_);
  const MoranResult variable = MoranTestVariable(frame_.y, w_, false);
  ExpectRelativelyNear(variable.statistic, residual.statistic, "I");
  ExpectRelativelyNear(variable.expectation, residual.expectation, "E[I]");
  ExpectRelativelyNear(variable.variance, residual.variance, "Var[I]");
}

TEST(MoranRandomisationTest, MomentsEqualTheExactPermutationDistribution) {
  // n = 7: all 5040 permutations give the exact randomisation mean and variance of I.
  const engine::SpatialWeights w = KnnWeights(7, 2, 31);
  ASSERT_FALSE(w.IsSymmetric());
  const arma::vec x = {3.0, -1.0, 4.5, 0.2, 9.0, 2.6, -5.3};
  const arma::mat dense = Dense(w);
  const double s0 = arma::accu(dense);
  std::vector<int> order(7);
  std::iota(order.begin(), order.end(), 0);
  double sum = 0.0;
  double sum_squares = 0.0;
  double count = 0.0;
  do {
    arma::vec permuted(7);
    for (int i = 0; i < 7; ++i) permuted[i] = x[order[i]];
    const arma::vec z = permuted - arma::mean(permuted);
    const double statistic = (7.0 / s0) * arma::as_scalar(z.t() * dense * z) / arma::dot(z, z);
    sum += statistic;
    sum_squares += statistic * statistic;
    count += 1.0;
  } while (std::next_permutation(order.begin(), order.end()));
  const double mean = sum / count;
  const MoranResult moran = MoranTestVariable(x, w, true);
  ExpectRelativelyNear(moran.expectation, mean, "E[I]");
  ExpectRelativelyNear(moran.variance, sum_squares / count - mean * mean, "Var[I]");
}

class ColumbusPermutationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const nlohmann::json& variant =
        testing::LoadReference("columbus/columbus_spatialreg.json").at("columbus_gal");
    const nlohmann::json& lists = variant.at("weights").at("neighbours_1based");
    std::vector<std::int64_t> offsets = {0};
    std::vector<std::int32_t> columns;
    for (const nlohmann::json& list : lists) {
      for (const nlohmann::json& neighbour : list) columns.push_back(neighbour.get<std::int32_t>() - 1);
      offsets.push_back(static_cast<std::int64_t>(columns.size()));
    }
    w_ = engine::SpatialWeights(Ids(lists.size()), offsets, columns, std::vector<double>(columns.size(), 1.0),
                                engine::WeightsStyle::kBinary, "col.gal.nb")
             .Transform(engine::WeightsStyle::kRowStandardised);
    crime_ = arma::vec(variant.at("data").at("CRIME").get<std::vector<double>>());
    hoval_ = arma::vec(variant.at("data").at("HOVAL").get<std::vector<double>>());
  }
  engine::SpatialWeights w_;
  arma::vec crime_;
  arma::vec hoval_;
};

TEST_F(ColumbusPermutationTest, SameSeedGivesTheSameResultAndAnotherSeedDoesNot) {
  const MoranPermutationResult first = MoranPermutationTest(hoval_, w_, 499, 7);
  const MoranPermutationResult again = MoranPermutationTest(hoval_, w_, 499, 7);
  const MoranPermutationResult other = MoranPermutationTest(hoval_, w_, 499, 8);
  EXPECT_EQ(first.rank, again.rank);
  EXPECT_EQ(first.p_value, again.p_value);
  EXPECT_EQ(first.permuted_mean, again.permuted_mean);
  EXPECT_EQ(first.seed, 7u);
  EXPECT_EQ(first.permutations, 499);
  EXPECT_NE(first.permuted_mean, other.permuted_mean);
  EXPECT_EQ(first.statistic, other.statistic);
}

TEST_F(ColumbusPermutationTest, AgreesWithTheAnalyticRandomisationTest) {
  constexpr int kPermutations = 9999;
  for (const arma::vec* variable : {&crime_, &hoval_}) {
    const MoranResult analytic = MoranTestVariable(*variable, w_, true);
    const MoranPermutationResult permutation = MoranPermutationTest(*variable, w_, kPermutations, 20240601);
    EXPECT_DOUBLE_EQ(permutation.statistic, analytic.statistic);
    // Monte Carlo error of the mean of 9999 draws is sqrt(Var / 9999); allow 4 of them.
    EXPECT_NEAR(permutation.permuted_mean, analytic.expectation,
                4.0 * std::sqrt(analytic.variance / kPermutations));
    // The sample variance of 9999 draws is within about 1.4% (sqrt(2 / 9999)) of Var[I]; allow 6%.
    EXPECT_NEAR(permutation.permuted_variance, analytic.variance, 0.06 * analytic.variance);
    // p-values: Monte Carlo error sqrt(p(1-p)/9999) plus the normal approximation of the analytic test at n
    // = 49.
    const double p = analytic.p_value;
    EXPECT_NEAR(permutation.p_value, p, 4.0 * std::sqrt(p * (1.0 - p) / kPermutations) + 0.01)
        << "analytic p " << p;
  }
  // CRIME (z = 5.3) is beyond every permutation: rank n + 1 and the smallest p-value.
  const MoranPermutationResult crime = MoranPermutationTest(crime_, w_, kPermutations, 20240601);
  EXPECT_EQ(crime.rank, kPermutations + 1);
  EXPECT_DOUBLE_EQ(crime.p_value, 1.0 / (kPermutations + 1.0));
}

TEST_F(ColumbusPermutationTest, BadArgumentsAreTypedErrors) {
  EXPECT_THROW(MoranPermutationTest(hoval_, w_, 0, 1), engine::OptionError);
  EXPECT_THROW(MoranTestVariable(arma::vec(10, arma::fill::ones), KnnWeights(10, 2, 3), true),
               engine::DataError);
  EXPECT_THROW_MENTIONING(engine::WeightsError, MoranTestVariable(arma::vec(48, arma::fill::randu), w_, true),
                          {"49 units but the variable has 48 values"});
}

TEST(SpatialDiagnosticsAlignmentTest, WeightsInAnotherOrderThanTheModelAreRejectedNamingTheIds) {
  const engine::SpatialWeights w = KnnWeights(12, 3, 41);
  engine::ModelFrame frame = RandomFrame(w, 42);
  const OlsFit fit = FitOls(frame, OlsOptions{});
  std::swap(frame.ids[2], frame.ids[3]);
  EXPECT_THROW_MENTIONING(engine::WeightsError, LagrangeMultiplierTests(fit, frame, w),
                          {"row 3 of the model is id \"u4\""});
  const engine::SpatialWeights larger = KnnWeights(13, 3, 41);
  EXPECT_THROW(MoranTestResiduals(fit, RandomFrame(w, 42), larger), engine::WeightsError);
}

TEST(SpatialDiagnosticsAlignmentTest, LmTestsOnBinaryWeightsCarryANote) {
  const engine::SpatialWeights w = KnnWeights(15, 3, 51).Transform(engine::WeightsStyle::kBinary);
  const engine::ModelFrame frame = RandomFrame(w, 52);
  const LmTests tests = LagrangeMultiplierTests(FitOls(frame, OlsOptions{}), frame, w);
  EXPECT_NE(tests.lm_lag.note.find("not row-standardised"), std::string::npos) << tests.lm_lag.note;
}

}  // namespace
}  // namespace hinterland::estimators
