// Unit tests of FitOls: bad designs (collinear, n <= k, zero or non-finite columns) throw typed errors naming
// the regressors; the no-intercept R^2 is uncentred as summary.lm; HC covariances and leverages agree with a
// dense oracle computed here from the n x n hat matrix (small n only); near collinearity gives a warning.
// Oracles are the textbook formulas (normal equations, MacKinnon & White 1985); tolerance 1e-10 relative.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "estimators/ols/ols_model.hpp"
#include "tests/support/expect_throw_mentioning.hpp"

namespace hinterland::estimators {
namespace {

constexpr double kOracleTolerance = 1e-10;

// Uniform(0, 1) from the top 53 bits: the same numbers on every platform.
double Uniform(std::mt19937_64& engine) { return static_cast<double>(engine() >> 11) * 0x1.0p-53; }

// y = 1 + 2 x1 - x2 + noise with an intercept column and named regressors x1, x2, ...
engine::ModelFrame RandomFrame(arma::uword n,
                               arma::uword regressors,
                               std::uint64_t seed,
                               bool intercept = true) {
  std::mt19937_64 engine(seed);
  engine::ModelFrame frame;
  frame.dependent = "y";
  frame.x.set_size(n, regressors + (intercept ? 1 : 0));
  arma::uword column = 0;
  if (intercept) {
    frame.x.col(column++).ones();
    frame.column_names.push_back("(Intercept)");
    frame.column_kinds.push_back(engine::ColumnKind::kIntercept);
  }
  for (arma::uword r = 0; r < regressors; ++r, ++column) {
    for (arma::uword i = 0; i < n; ++i) frame.x(i, column) = 10.0 * Uniform(engine);
    frame.column_names.push_back("x" + std::to_string(r + 1));
    frame.column_kinds.push_back(engine::ColumnKind::kNumeric);
  }
  frame.y.set_size(n);
  for (arma::uword i = 0; i < n; ++i) {
    frame.y[i] =
        1.0 + 0.5 * arma::accu(frame.x.row(i)) + (Uniform(engine) - 0.5) * (1.0 + frame.x(i, column - 1));
    frame.ids.push_back("u" + std::to_string(i + 1));
  }
  return frame;
}

double Statistic(const FitResult& result, const std::string& name) {
  for (const FitStatistic& statistic : result.statistics) {
    if (statistic.name == name) return statistic.value;
  }
  ADD_FAILURE() << "no statistic " << name;
  return 0.0;
}

void ExpectMatrixNear(const arma::mat& actual, const arma::mat& expected, const std::string& what) {
  ASSERT_EQ(actual.n_rows, expected.n_rows) << what;
  ASSERT_EQ(actual.n_cols, expected.n_cols) << what;
  const double scale = arma::abs(expected).max();
  EXPECT_LE(arma::abs(actual - expected).max(), kOracleTolerance * scale) << what;
}

// Runs `fit` and returns the DataError message ("" and a failure if it did not throw one).
template <typename Function>
std::string DataErrorMessage(Function fit) {
  try {
    fit();
  } catch (const engine::DataError& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected engine::DataError";
  return "";
}

TEST(OlsModelTest, ExactCollinearityNamesTheRegressorsAndTheRelation) {
  engine::ModelFrame frame = RandomFrame(30, 3, 1);
  frame.x.col(3) = 2.0 * frame.x.col(2);  // x3 = 2 x2
  const std::string message = DataErrorMessage([&] { FitOls(frame, OlsOptions{}); });
  EXPECT_NE(message.find("regressors \"x2\" and \"x3\" are collinear (x3 = 2 x2): drop one"),
            std::string::npos)
      << message;
}

TEST(OlsModelTest, ThreeWayCollinearityWithTheInterceptNamesAllThree) {
  engine::ModelFrame frame = RandomFrame(30, 3, 2);
  frame.x.col(3) = frame.x.col(1) - 0.5 * frame.x.col(0);  // x3 = x1 - 0.5
  const std::string message = DataErrorMessage([&] { FitOls(frame, OlsOptions{}); });
  EXPECT_NE(message.find("regressors \"(Intercept)\", \"x1\" and \"x3\" are collinear"), std::string::npos)
      << message;
  EXPECT_NE(message.find("x3 = -0.5 (Intercept) + x1"), std::string::npos) << message;
  EXPECT_EQ(message.find("\"x2\""), std::string::npos) << "x2 is not involved: " << message;
}

TEST(OlsModelTest, TwoSeparateDependenciesAreBothReported) {
  engine::ModelFrame frame = RandomFrame(30, 4, 3);
  frame.x.col(2) = 3.0 * frame.x.col(0);             // x2 = 3 (Intercept): a second constant
  frame.x.col(4) = frame.x.col(1) + frame.x.col(3);  // x4 = x1 + x3
  const std::string message = DataErrorMessage([&] { FitOls(frame, OlsOptions{}); });
  EXPECT_NE(message.find("x2 = 3 (Intercept)"), std::string::npos) << message;
  EXPECT_NE(message.find("x4 = x1 + x3"), std::string::npos) << message;
  EXPECT_NE(message.find("drop one regressor from each relation"), std::string::npos) << message;
}

TEST(OlsModelTest, ZeroColumnIsNamed) {
  engine::ModelFrame frame = RandomFrame(20, 2, 4);
  frame.x.col(2).zeros();
  const std::string message = DataErrorMessage([&] { FitOls(frame, OlsOptions{}); });
  EXPECT_NE(message.find("regressor \"x2\" is zero in every observation"), std::string::npos) << message;
}

TEST(OlsModelTest, NoMoreObservationsThanCoefficientsIsADataError) {
  const engine::ModelFrame frame = RandomFrame(3, 2, 5);  // n = 3, k = 3
  const std::string message = DataErrorMessage([&] { FitOls(frame, OlsOptions{}); });
  EXPECT_NE(message.find("3 observations but 3 coefficients"), std::string::npos) << message;
  EXPECT_NO_THROW(FitOls(RandomFrame(4, 2, 5), OlsOptions{}));
}

TEST(OlsModelTest, NonFiniteValueNamesTheRegressorAndTheId) {
  engine::ModelFrame frame = RandomFrame(20, 2, 6);
  frame.x(6, 1) = std::numeric_limits<double>::quiet_NaN();
  const std::string message = DataErrorMessage([&] { FitOls(frame, OlsOptions{}); });
  EXPECT_NE(message.find("regressor \"x1\" is nan for id \"u7\""), std::string::npos) << message;
}

TEST(OlsModelTest, CoefficientsAndClassicalVcovMatchTheNormalEquations) {
  const engine::ModelFrame frame = RandomFrame(40, 3, 7);
  const OlsFit fit = FitOls(frame, OlsOptions{});
  const arma::mat xtx = frame.x.t() * frame.x;
  const arma::vec beta = arma::solve(xtx, frame.x.t() * frame.y);
  const arma::vec residuals = frame.y - frame.x * beta;
  const double sigma2 = arma::dot(residuals, residuals) / (40.0 - 4.0);
  for (arma::uword j = 0; j < beta.n_elem; ++j) {
    EXPECT_NEAR(fit.result.coefficients[j].estimate, beta[j], kOracleTolerance * std::fabs(beta[j]));
  }
  ExpectMatrixNear(fit.xtx_inverse, arma::inv_sympd(xtx), "(X'X)^-1");
  ExpectMatrixNear(fit.result.vcov, sigma2 * arma::inv_sympd(xtx), "classical vcov");
  EXPECT_NEAR(fit.result.sigma2, sigma2, kOracleTolerance * sigma2);
  EXPECT_EQ(fit.result.model, "ols");
  EXPECT_EQ(fit.result.method, "least squares");
  EXPECT_TRUE(fit.result.IsUsable());
  EXPECT_FALSE(fit.result.provenance.engine_version.empty());
  EXPECT_EQ(fit.result.coefficients[0].role, CoefficientRole::kIntercept);
  EXPECT_EQ(fit.result.coefficients[1].role, CoefficientRole::kRegressor);
}

TEST(OlsModelTest, HeteroskedasticityConsistentVcovAndLeveragesMatchDenseHatMatrixOracle) {
  const engine::ModelFrame frame = RandomFrame(25, 2, 8);
  const double n = 25.0;
  const double k = 3.0;
  const arma::mat xtx_inverse = arma::inv_sympd(frame.x.t() * frame.x);
  const arma::mat hat = frame.x * xtx_inverse * frame.x.t();  // n x n: oracle only, n = 25
  const arma::vec e = frame.y - hat * frame.y;
  const arma::vec h = hat.diag();
  const auto sandwich = [&](const arma::vec& omega) {
    return arma::mat(xtx_inverse * frame.x.t() * arma::diagmat(omega) * frame.x * xtx_inverse);
  };
  const arma::vec e2 = arma::square(e);
  ExpectMatrixNear(FitOls(frame, OlsOptions{.vcov = CovarianceEstimator::kHC0}).result.vcov, sandwich(e2),
                   "HC0");
  ExpectMatrixNear(FitOls(frame, OlsOptions{.vcov = CovarianceEstimator::kHC1}).result.vcov,
                   n / (n - k) * sandwich(e2), "HC1");
  ExpectMatrixNear(FitOls(frame, OlsOptions{.vcov = CovarianceEstimator::kHC2}).result.vcov,
                   sandwich(e2 / (1.0 - h)), "HC2");
  ExpectMatrixNear(FitOls(frame, OlsOptions{.vcov = CovarianceEstimator::kHC3}).result.vcov,
                   sandwich(e2 / arma::square(1.0 - h)), "HC3");
  const OlsFit fit = FitOls(frame, OlsOptions{});
  ExpectMatrixNear(fit.leverages, h, "leverages");
  ExpectMatrixNear(fit.residuals, e, "residuals");
}

TEST(OlsModelTest, WithoutInterceptRSquaredIsUncentred) {
  const engine::ModelFrame frame = RandomFrame(30, 2, 9, false);
  const OlsFit fit = FitOls(frame, OlsOptions{});
  const double uncentred = arma::dot(fit.fitted, fit.fitted) / arma::dot(frame.y, frame.y);
  const double n = 30.0;
  const double k = 2.0;
  EXPECT_NEAR(Statistic(fit.result, "r_squared"), uncentred, 1e-12);
  EXPECT_NEAR(Statistic(fit.result, "adj_r_squared"), 1.0 - (1.0 - uncentred) * n / (n - k), 1e-12);
  EXPECT_EQ(Statistic(fit.result, "f_df1"), 2.0);  // all k coefficients are tested without an intercept
  const double centred =
      1.0 - arma::dot(fit.residuals, fit.residuals) / arma::accu(arma::square(frame.y - arma::mean(frame.y)));
  EXPECT_GT(std::fabs(uncentred - centred), 1e-3) << "the data must tell the two definitions apart";
}

TEST(OlsModelTest, InterceptOnlyModelHasNoFTest) {
  engine::ModelFrame frame = RandomFrame(20, 0, 10);
  const FitResult result = FitOls(frame, OlsOptions{}).result;
  EXPECT_NEAR(result.coefficients[0].estimate, arma::mean(frame.y), 1e-12 * std::fabs(arma::mean(frame.y)));
  for (const FitStatistic& statistic : result.statistics) EXPECT_NE(statistic.name, "f_statistic");
}

TEST(OlsModelTest, NearCollinearityWarnsAndNamesTheInvolvedRegressors) {
  engine::ModelFrame frame = RandomFrame(50, 3, 11);
  std::mt19937_64 engine(99);
  for (arma::uword i = 0; i < 50; ++i) frame.x(i, 3) = frame.x(i, 1) + 1e-3 * (Uniform(engine) - 0.5);
  const OlsFit fit = FitOls(frame, OlsOptions{});
  EXPECT_GT(Statistic(fit.result, "condition_number"), 30.0);
  ASSERT_EQ(fit.result.warnings.size(), 1u);
  const std::string& warning = fit.result.warnings[0];
  EXPECT_NE(warning.find("scaled condition number"), std::string::npos) << warning;
  EXPECT_NE(warning.find("\"x1\""), std::string::npos) << warning;
  EXPECT_NE(warning.find("\"x3\""), std::string::npos) << warning;
  EXPECT_EQ(warning.find("\"x2\""), std::string::npos) << warning;
  const OlsFit quiet = FitOls(frame, OlsOptions{.condition_number_warning = 1e12});
  EXPECT_TRUE(quiet.result.warnings.empty());
}

TEST(OlsModelTest, LeverageOneMakesHc3ANumericalErrorNamingTheObservation) {
  engine::ModelFrame frame = RandomFrame(20, 1, 12);
  arma::vec dummy(20, arma::fill::zeros);
  dummy[4] = 1.0;  // a dummy for one observation fits it exactly: h = 1
  frame.x = arma::join_rows(frame.x, dummy);
  frame.column_names.push_back("only_u5");
  frame.column_kinds.push_back(engine::ColumnKind::kNumeric);
  EXPECT_NO_THROW(FitOls(frame, OlsOptions{.vcov = CovarianceEstimator::kHC1}));
  EXPECT_THROW_MENTIONING(engine::NumericalError,
                          FitOls(frame, OlsOptions{.vcov = CovarianceEstimator::kHC3}),
                          {"id \"u5\" has leverage 1"});
}

TEST(OlsModelTest, CovarianceEstimatorParsesItsOwnWordsAndRejectsOthers) {
  for (const CovarianceEstimator type :
       {CovarianceEstimator::kClassical, CovarianceEstimator::kHC0, CovarianceEstimator::kHC1,
        CovarianceEstimator::kHC2, CovarianceEstimator::kHC3}) {
    EXPECT_EQ(ParseCovarianceEstimator(ToString(type)), type);
  }
  EXPECT_EQ(ParseCovarianceEstimator("hc3"), CovarianceEstimator::kHC3);
  EXPECT_THROW_MENTIONING(engine::OptionError, ParseCovarianceEstimator("HC4"), {"`vcov` HC4"});
}

TEST(OlsModelTest, InvalidOptionsAreOptionErrors) {
  const engine::ModelFrame frame = RandomFrame(20, 1, 13);
  EXPECT_THROW(FitOls(frame, OlsOptions{.condition_number_warning = 0.5}), engine::OptionError);
  EXPECT_THROW(FitOls(frame, OlsOptions{.rank_tolerance = 0.0}), engine::OptionError);
}

}  // namespace
}  // namespace hinterland::estimators
