// BuildPanelDesign and the panel options of a FitRequest: rows sorted period-major whatever the file's order,
// periods ordered numerically, an unbalanced panel's W_t, a repeated unit-period refused by name, and the
// fixed effects' treatment of time-invariant and period-only regressors. On a 4 x 3 rook lattice over 5
// periods.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/formula/formula.hpp"
#include "engine/formula/model_frame.hpp"
#include "engine/linalg/power_traces.hpp"
#include "engine/table/dta_reader.hpp"
#include "estimators/common/spatial_design.hpp"
#include "estimators/fit/fit.hpp"
#include "tests/support/check_spatial_fit.hpp"
#include "tests/support/expect_throw_mentioning.hpp"
#include "tests/support/test_weights.hpp"

namespace hinterland::estimators {
namespace {

constexpr int kRows = 4;
constexpr int kColumns = 3;
constexpr int kUnits = kRows * kColumns;
constexpr int kPeriods = 5;

// A file of this test's own (ctest runs tests in parallel processes).
std::filesystem::path TestFile(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::filesystem::temp_directory_path() /
         (std::string("hinterland_") + info->test_suite_name() + "_" + info->name() + "_" + name);
}

// A long-form panel: unit ids "1".."12" (the lattice's), years 2001..2005 written in `years`' order, y and
// x1 random, `capital` constant over time, `trend` the year.
engine::DataTable PanelTable(const std::vector<int>& years, bool shuffle, bool drop_last = false) {
  std::vector<std::vector<std::string>> rows;
  std::mt19937 random(11);
  std::normal_distribution<double> normal;
  for (const int year : years) {
    for (int unit = 1; unit <= kUnits; ++unit) {
      rows.push_back({std::to_string(unit), std::to_string(year), std::to_string(normal(random)),
                      std::to_string(normal(random)), unit == 1 ? "1" : "0", std::to_string(year)});
    }
  }
  if (shuffle) std::shuffle(rows.begin(), rows.end(), random);
  if (drop_last) rows.pop_back();
  const std::filesystem::path path = TestFile("panel.csv");
  {
    std::ofstream out(path);
    out << "id,year,y,x1,capital,trend\n";
    for (const auto& row : rows) {
      out << row[0] << ',' << row[1] << ',' << row[2] << ',' << row[3] << ',' << row[4] << ',' << row[5]
          << '\n';
    }
  }
  return engine::ReadTable(path.string());
}

SpatialDesign Design(const engine::DataTable& table, const std::string& formula = "y ~ x1") {
  engine::ModelFrameOptions options;
  options.id_column = "id";
  options.time_column = "year";
  engine::ModelFrame frame = engine::BuildModelFrame(table, engine::ParseFormula(formula), options);
  return BuildPanelDesign(std::move(frame), ::hinterland::testing::Lattice(kRows, kColumns, false), {});
}

const std::vector<int> kYears = {2001, 2002, 2003, 2004, 2005};

TEST(PanelDesignTest, RowsArePeriodMajorWhateverTheFileOrder) {
  const SpatialDesign ordered = Design(PanelTable(kYears, false));
  const SpatialDesign shuffled = Design(PanelTable({2003, 2001, 2005, 2002, 2004}, true));
  ASSERT_TRUE(ordered.IsPanel());
  EXPECT_EQ(ordered.Periods(), kPeriods);
  EXPECT_EQ(ordered.W().Units(), kUnits);
  EXPECT_EQ(ordered.PeriodLabels(), (std::vector<std::string>{"2001", "2002", "2003", "2004", "2005"}));
  EXPECT_EQ(shuffled.PeriodLabels(), ordered.PeriodLabels());
  for (std::int64_t row = 0; row < ordered.Rows(); ++row) {
    const RowKey key = ordered.KeyOf(row);
    EXPECT_EQ(ordered.Frame().ids[row], ordered.W().Weights().Ids()[key.unit]);
    EXPECT_EQ(ordered.Frame().periods[row], ordered.PeriodLabels()[key.period]);
  }
  EXPECT_EQ(shuffled.Frame().ids, ordered.Frame().ids);
  EXPECT_EQ(shuffled.Frame().periods, ordered.Frame().periods);
}

TEST(PanelDesignTest, PeriodsAreOrderedAsNumbers) {
  // 9 before 10, as numbers (text order would put "10" first).
  const SpatialDesign design = Design(PanelTable({10, 9, 11}, false));
  EXPECT_EQ(design.PeriodLabels(), (std::vector<std::string>{"9", "10", "11"}));
}

// A missing unit-period makes the panel unbalanced: the last period's W_t covers the 11 units observed in it,
// re-standardised (rows sum to 1 again), and the other periods share the full W.
TEST(PanelDesignTest, AMissingUnitPeriodGivesThatPeriodItsOwnRestandardisedW) {
  const SpatialDesign design = Design(PanelTable(kYears, true, true));
  ASSERT_FALSE(design.IsBalanced());
  const engine::UnbalancedWeightsOperator& w = design.PeriodWeights();
  EXPECT_EQ(design.Rows(), kUnits * kPeriods - 1);
  EXPECT_EQ(w.Periods(), kPeriods);
  ASSERT_EQ(w.Blocks().size(), 2U);
  EXPECT_EQ(w.BlockOf(0), w.BlockOf(kPeriods - 2));
  const auto& last = w.Blocks()[w.BlockOf(kPeriods - 1)];
  EXPECT_EQ(last.units.size(), static_cast<std::size_t>(kUnits - 1));
  EXPECT_EQ(w.PeriodsOf(w.BlockOf(0)), kPeriods - 1);
  const arma::vec row_sums = last.w->Weights().Multiply(arma::vec(last.units.size(), arma::fill::ones));
  EXPECT_LT(arma::max(arma::abs(row_sums - 1.0)), 1e-14);
  // Each row's key is its unit and period, and the frame's ids follow W_t's units.
  for (std::int64_t row = 0; row < design.Rows(); ++row) {
    const RowKey key = design.KeyOf(row);
    EXPECT_EQ(design.Frame().ids[static_cast<std::size_t>(row)], design.W().Weights().Ids()[key.unit]);
    EXPECT_EQ(design.Frame().periods[static_cast<std::size_t>(row)], std::to_string(kYears[key.period]));
  }
}

TEST(PanelDesignTest, RepeatedUnitPeriodsAndASinglePeriodAreRefusedByName) {
  EXPECT_THROW_MENTIONING(engine::DataError, Design(PanelTable({2001, 2001}, false)),
                          {"unit \"1\" has more than one row for period \"2001\""});
  EXPECT_THROW_MENTIONING(engine::DataError, Design(PanelTable({2001}, false)), {"1 period", "two or more"});
}

FitRequest PanelRequest(ModelKind model, PanelEffects effects) {
  FitRequest request;
  request.model = model;
  request.weights = true;
  request.time = "year";
  request.effects = effects;
  return request;
}

TEST(PanelFitTest, FixedEffectsRefuseTimeInvariantRegressorsAndDropPeriodOnlyOnes) {
  const engine::DataTable table = PanelTable(kYears, true);
  EXPECT_THROW_MENTIONING(
      engine::DataError,
      Fit(PanelRequest(ModelKind::kSar, PanelEffects::kIndividual), Design(table, "y ~ x1 + capital")),
      {"capital is time-invariant", "individual", "`random`", "`mundlak`"});
  const FitResult result =
      Fit(PanelRequest(ModelKind::kSem, PanelEffects::kTime), Design(table, "y ~ x1 + trend"));
  ASSERT_EQ(result.coefficients.size(), 2u);  // x1 and lambda: no intercept, trend absorbed
  EXPECT_EQ(result.coefficients[0].name, "x1");
  ASSERT_FALSE(result.warnings.empty());
  EXPECT_NE(result.warnings[0].find("dropped trend"), std::string::npos) << result.warnings[0];
  ASSERT_TRUE(result.panel.has_value());
  EXPECT_EQ(result.panel->observations, kUnits * kPeriods);
  EXPECT_EQ(result.n, kUnits * kPeriods);
}

TEST(PanelFitTest, PanelOptionsAreValidatedWithTheModel) {
  FitRequest effects_only;
  effects_only.model = ModelKind::kSar;
  effects_only.weights = true;
  effects_only.effects = PanelEffects::kTwoWays;
  ASSERT_EQ(effects_only.Validate().size(), 1u);
  EXPECT_EQ(effects_only.Validate()[0].key, "effects");
  FitRequest sac = PanelRequest(ModelKind::kSac, PanelEffects::kTwoWays);
  EXPECT_TRUE(sac.Validate().empty());
  sac.effects.reset();
  sac.random = true;  // random effects are SAR and SEM only
  ASSERT_EQ(sac.Validate().size(), 1u);
  EXPECT_EQ(sac.Validate()[0].key, "random");
  EXPECT_NE(sac.Validate()[0].constraint.find("sar and sem, not `model` sac"), std::string::npos);
  FitRequest sar_impacts = PanelRequest(ModelKind::kSar, PanelEffects::kIndividual);
  sar_impacts.impacts = true;
  EXPECT_TRUE(sar_impacts.Validate().empty());
  FitRequest sem_impacts = PanelRequest(ModelKind::kSem, PanelEffects::kIndividual);
  sem_impacts.impacts = true;  // the impacts of sem are its coefficients, in a panel as in a cross-section
  ASSERT_EQ(sem_impacts.Validate().size(), 1u);
  EXPECT_EQ(sem_impacts.Validate()[0].key, "impacts");
  // A cross-section request on a panel design (and the reverse) is refused, never fitted as the other.
  FitRequest cross_section;
  cross_section.model = ModelKind::kSar;
  cross_section.weights = true;
  EXPECT_THROW_MENTIONING(engine::OptionError, Fit(cross_section, Design(PanelTable(kYears, false))),
                          {"`time`"});
}

// I_T (x) W as one N T x N T SpatialWeights, units "id@period" in the panel's period-major order.
engine::SpatialWeights BlockDiagonal(const SpatialDesign& panel) {
  const engine::SpatialWeights& w = panel.W().Weights();
  std::vector<std::string> ids;
  std::vector<std::int64_t> offsets = {0};
  std::vector<std::int32_t> columns;
  std::vector<double> values;
  for (std::int64_t t = 0; t < panel.Periods(); ++t) {
    for (std::int64_t i = 0; i < w.n(); ++i) {
      ids.push_back(w.Ids()[i] + "@" + panel.PeriodLabels()[t]);
      for (std::int64_t p = w.RowOffsets()[i]; p < w.RowOffsets()[i + 1]; ++p) {
        columns.push_back(static_cast<std::int32_t>(t * w.n() + w.ColumnIndices()[p]));
        values.push_back(w.Values()[p]);
      }
      offsets.push_back(static_cast<std::int64_t>(columns.size()));
    }
  }
  return engine::SpatialWeights(ids, offsets, columns, values, w.Style());
}

// A pooled panel is the cross-section model on the block-diagonal I_T (x) W: the same estimates (to 1e-7: the
// two Brent (sac: BFGS) searches, on likelihoods equal up to rounding, stop within ~1e-8 of the maximum),
// standard errors (1e-6) and log-likelihood (1e-9), from the cross-section estimators that agree with
// spatialreg. This is the check of the pooled fits' standard errors (splm reports block-diagonal ones;
// tests/reference/panels).
TEST(PanelFitTest, PooledFitsAreTheCrossSectionOnTheBlockDiagonalW) {
  const SpatialDesign panel = Design(PanelTable(kYears, true), "y ~ x1 + trend");
  ModelData stacked;
  stacked.frame = panel.Frame();
  for (std::size_t row = 0; row < stacked.frame.ids.size(); ++row) {
    stacked.frame.ids[row] += "@" + stacked.frame.periods[row];
  }
  stacked.frame.periods.clear();
  stacked.weights = BlockDiagonal(panel);
  const SpatialDesign cross_section(stacked);
  for (const ModelKind model : {ModelKind::kSar, ModelKind::kSem, ModelKind::kSdm, ModelKind::kSdem,
                                ModelKind::kSac, ModelKind::kOls, ModelKind::kSlx}) {
    FitRequest request = PanelRequest(model, PanelEffects::kNone);
    const FitResult pooled = Fit(request, panel);
    request.time.reset();
    request.effects.reset();
    const FitResult expected = Fit(request, cross_section);
    ASSERT_EQ(pooled.coefficients.size(), expected.coefficients.size());
    for (std::size_t j = 0; j < expected.coefficients.size(); ++j) {
      const Coefficient& ours = pooled.coefficients[j];
      const Coefficient& theirs = expected.coefficients[j];
      EXPECT_EQ(ours.name, theirs.name);
      EXPECT_NEAR(ours.estimate, theirs.estimate, 1e-7 * std::max(1.0, std::abs(theirs.estimate)))
          << ours.name;
      EXPECT_NEAR(ours.std_error, theirs.std_error, 1e-6 * theirs.std_error) << ours.name;
    }
    EXPECT_NEAR(pooled.log_likelihood, expected.log_likelihood, 1e-9 * std::abs(expected.log_likelihood));
    EXPECT_NEAR(pooled.sigma2, expected.sigma2, 1e-7 * expected.sigma2);
  }
}

// A two-way fixed-effects SDM and SDEM recover their data-generating process: a 20 x 20 rook lattice over 10
// periods, unit and period effects N(0, 4) correlated with x (x = z + 0.5 alpha_i), y = (I - rho W)^-1 (x
// beta + W x theta + alpha_i + mu_t + e) for SDM and y = x beta + W x theta + alpha_i + mu_t + (I - lambda
// W)^-1 e for SDEM; every estimate within kRecoveryStandardErrors (4) of the truth (seeded, so a failure is
// reproducible).
TEST(PanelFitTest, TwoWayDurbinModelsRecoverTheirProcess) {
  constexpr int kSide = 20;
  constexpr int kT = 10;
  const engine::SpatialWeights w = ::hinterland::testing::Lattice(kSide, kSide, false);
  const auto n = static_cast<arma::uword>(w.n());
  arma::arma_rng::set_seed(20240601);
  const arma::vec alpha = 2.0 * arma::randn<arma::vec>(n);
  const arma::vec mu = 2.0 * arma::randn<arma::vec>(kT);
  const double rho = 0.4, beta = 1.0, theta = -0.5;
  for (const ModelKind model : {ModelKind::kSdm, ModelKind::kSdem}) {
    const bool lag = model == ModelKind::kSdm;
    std::ostringstream csv;
    csv << "id,year,y,x\n";
    for (int t = 0; t < kT; ++t) {
      const arma::vec x = arma::randn<arma::vec>(n) + 0.5 * alpha;
      const arma::vec e = arma::randn<arma::vec>(n);
      const arma::vec systematic = beta * x + theta * w.Multiply(x) + alpha + mu[t];
      const arma::vec y = lag ? engine::SolveIdentityMinusRhoW(w, rho, arma::vec(systematic + e))
                              : arma::vec(systematic + engine::SolveIdentityMinusRhoW(w, rho, e));
      for (arma::uword i = 0; i < n; ++i)
        csv << w.Ids()[i] << ',' << 2000 + t << ',' << y[i] << ',' << x[i] << '\n';
    }
    const std::filesystem::path path = TestFile("durbin.csv");
    std::ofstream(path) << csv.str();
    engine::ModelFrameOptions options;
    options.id_column = "id";
    options.time_column = "year";
    const SpatialDesign design = BuildPanelDesign(
        engine::BuildModelFrame(engine::ReadTable(path.string()), engine::ParseFormula("y ~ x"), options), w,
        {});
    const FitResult result = Fit(PanelRequest(model, PanelEffects::kTwoWays), design);
    ASSERT_EQ(result.status, FitStatus::kConverged) << result.status_message;
    const std::vector<std::pair<std::string, double>> truth = {
        {"x", beta}, {"W:x", theta}, {lag ? "rho" : "lambda", rho}};
    for (const auto& [name, value] : truth) {
      const Coefficient& coefficient = ::hinterland::testing::FindCoefficient(result, name);
      EXPECT_LT(std::abs(coefficient.estimate - value),
                ::hinterland::testing::kRecoveryStandardErrors * coefficient.std_error)
          << ToString(model) << " " << name << " " << coefficient.estimate << " (SE " << coefficient.std_error
          << ")";
    }
  }
}

// Lee & Yu (2010): on two-way fixed-effects SAR panels with small T and N (a 5 x 5 rook lattice, T = 4, rho
// 0.4, sigma2 1, 300 seeded replications), the direct approach's sigma2 is biased down by about
// (N - 1)(T - 1) / (N T) = 0.72 and its rho down too (measured: 0.337, 9 SEs from 0.4); the corrected ones
// are not (0.975 and 0.395). "Unbiased": the mean over replications within 4 of its standard errors of the
// truth; "biased": more than 10 (sigma2) or 4 (rho) away.
TEST(PanelFitTest, LeeYuCorrectsTheTwoWaySigma2AndKeepsRhoUnbiased) {
  const engine::SpatialWeights w = ::hinterland::testing::Lattice(5, 5, false);
  const auto n = static_cast<arma::uword>(w.n());
  constexpr arma::uword kT = 4;
  constexpr int kReplications = 300;
  const double rho = 0.4;
  arma::arma_rng::set_seed(7);
  arma::mat draws(kReplications, 4);  // sigma2 direct, sigma2 corrected, rho direct, rho corrected
  for (int r = 0; r < kReplications; ++r) {
    engine::ModelFrame frame;
    frame.formula_text = "y ~ x";
    frame.dependent = "y";
    frame.source = "<simulated>";
    frame.column_names = {"x"};
    frame.column_kinds = {engine::ColumnKind::kNumeric};
    frame.y.set_size(n * kT);
    frame.x.set_size(n * kT, 1);
    const arma::vec alpha = arma::randn<arma::vec>(n);
    for (arma::uword t = 0; t < kT; ++t) {
      const arma::vec x = arma::randn<arma::vec>(n) + alpha;
      const arma::vec systematic = x + alpha + arma::randn() + arma::randn<arma::vec>(n);
      frame.y.subvec(t * n, (t + 1) * n - 1) = engine::SolveIdentityMinusRhoW(w, rho, systematic);
      frame.x.col(0).subvec(t * n, (t + 1) * n - 1) = x;
      for (arma::uword i = 0; i < n; ++i) {
        frame.ids.push_back(w.Ids()[i]);
        frame.periods.push_back(std::to_string(t));
        frame.source_lines.push_back(static_cast<int>(t * n + i + 2));
      }
    }
    const SpatialDesign design = BuildPanelDesign(frame, w, {});
    FitRequest request = PanelRequest(ModelKind::kSar, PanelEffects::kTwoWays);
    const FitResult direct = Fit(request, design);
    request.lee_yu = true;
    const FitResult corrected = Fit(request, design);
    ASSERT_TRUE(corrected.panel.has_value());
    EXPECT_EQ(corrected.panel->bias_correction, "lee-yu");
    draws(r, 0) = direct.sigma2;
    draws(r, 1) = corrected.sigma2;
    draws(r, 2) = ::hinterland::testing::FindCoefficient(direct, "rho").estimate;
    draws(r, 3) = ::hinterland::testing::FindCoefficient(corrected, "rho").estimate;
  }
  const arma::rowvec mean = arma::mean(draws, 0);
  const arma::rowvec standard_error =
      arma::stddev(draws, 0, 0) / std::sqrt(static_cast<double>(kReplications));
  const auto distance = [&](int column, double truth) {
    return std::abs(mean[column] - truth) / standard_error[column];
  };
  EXPECT_GT(distance(0, 1.0), 10.0) << "direct sigma2 mean " << mean[0];
  EXPECT_LT(distance(1, 1.0), 4.0) << "corrected sigma2 mean " << mean[1];
  EXPECT_GT(distance(2, rho), 4.0) << "direct rho mean " << mean[2];
  EXPECT_LT(distance(3, rho), 4.0) << "corrected rho mean " << mean[3] << " (direct " << mean[2] << ")";
  std::cout << "means over " << kReplications << " replications: sigma2 direct " << mean[0] << ", corrected "
            << mean[1] << "; rho direct " << mean[2] << " (" << distance(2, rho)
            << " SE from 0.4), corrected " << mean[3] << " (" << distance(3, rho) << " SE)\n";
}

// An orthonormal basis F (m x (m - 1)) of the vectors orthogonal to 1: F'F = I, F F' = I - J / m.
arma::mat OrthonormalDeviations(arma::uword m) {
  arma::mat deviations = arma::eye(m, m) - arma::ones(m, m) / static_cast<double>(m);
  arma::vec values;
  arma::mat vectors;
  arma::eig_sym(values, vectors, deviations);
  return vectors.cols(arma::find(values > 0.5));
}

// Lee & Yu's (2010) transformation approach written out, as the oracle of `lee_yu`: the data as given are
// transformed explicitly, Y -> F_N' Y F_T (N x T, unit by period; F_T = I_T without individual effects),
// which removes the effects; W becomes F_N'W F_N ((N - 1) x (N - 1)); the log-likelihood at rho (lag) or
// lambda (error) is the Gaussian one of the transformed model with the dense (T - 1) log|I - rho F_N'W F_N|
// and sigma2 = SSE / ((N - 1)(T - 1)), beta concentrated out. Nothing of the fit's code is used.
double TransformedLogLikelihood(const SpatialDesign& design,
                                const engine::SpatialWeights& w,
                                bool individual,
                                bool durbin,
                                double rho,
                                double lambda) {
  const auto n = static_cast<arma::uword>(w.n());
  const auto t = static_cast<arma::uword>(design.Periods());
  const arma::mat f_n = OrthonormalDeviations(n);
  const arma::mat f_t = individual ? OrthonormalDeviations(t) : arma::mat(arma::eye(t, t));
  const arma::mat dense_w(w.ToSparseMatrix());
  const auto transformed = [&](const arma::vec& column) {
    const arma::mat by_unit = arma::reshape(column, n, t);
    const arma::mat result = f_n.t() * by_unit * f_t;
    return arma::vec(arma::vectorise(result));
  };
  const auto lagged = [&](const arma::vec& column) {
    const arma::mat by_unit = arma::reshape(column, n, t);
    const arma::mat result = f_n.t() * dense_w * by_unit * f_t;
    return arma::vec(arma::vectorise(result));
  };
  const engine::ModelFrame& frame = design.Frame();
  std::vector<arma::vec> columns;
  for (arma::uword j = 0; j < frame.x.n_cols; ++j) {
    if (frame.column_kinds[j] == engine::ColumnKind::kIntercept) continue;
    columns.push_back(transformed(frame.x.col(j)));
    if (durbin) columns.push_back(lagged(frame.x.col(j)));
  }
  arma::mat x(columns.front().n_elem, columns.size());
  for (std::size_t j = 0; j < columns.size(); ++j) x.col(j) = columns[j];
  arma::vec y = transformed(frame.y);
  const arma::mat w_star = f_n.t() * dense_w * f_n;
  const arma::mat lag_filter = arma::eye(n - 1, n - 1) - rho * w_star;
  const arma::mat error_filter = arma::eye(n - 1, n - 1) - lambda * w_star;
  const auto filtered = [&](const arma::mat& filter, const arma::mat& v) {
    arma::mat result = v;
    for (arma::uword c = 0; c < v.n_cols; ++c) {
      const arma::mat by_unit = arma::reshape(v.col(c), n - 1, f_t.n_cols);
      const arma::mat product = filter * by_unit;
      result.col(c) = arma::vectorise(product);
    }
    return result;
  };
  y = filtered(error_filter, filtered(lag_filter, y));
  x = filtered(error_filter, x);
  const arma::vec beta = arma::solve(x, y);
  const arma::vec e = y - x * beta;
  const double observations = static_cast<double>(e.n_elem);
  double log_det_lag = 0.0;
  double log_det_error = 0.0;
  double sign = 0.0;
  arma::log_det(log_det_lag, sign, lag_filter);
  arma::log_det(log_det_error, sign, error_filter);
  return static_cast<double>(f_t.n_cols) * (log_det_lag + log_det_error) -
         observations / 2.0 *
             (std::log(2.0 * arma::datum::pi) + std::log(arma::dot(e, e) / observations) + 1.0);
}

// `lee_yu` under time effects and twoways against the explicit transformation: the fitted log-likelihood is
// the oracle's at the fitted rho and lambda (1e-9 relative), and they maximise it (the oracle is lower 1e-3
// either side of each), for the lag, error, Durbin and SAC models.
TEST(PanelFitTest, LeeYuIsTheExplicitTransformationApproach) {
  const engine::DataTable table = PanelTable({2001, 2002, 2003, 2004, 2005}, false);
  const SpatialDesign design = Design(table, "y ~ x1");
  const engine::SpatialWeights& w = design.W().Weights();
  for (const PanelEffects effects : {PanelEffects::kTime, PanelEffects::kTwoWays}) {
    for (const ModelKind model : {ModelKind::kSar, ModelKind::kSem, ModelKind::kSdm, ModelKind::kSac}) {
      FitRequest request = PanelRequest(model, effects);
      request.lee_yu = true;
      const FitResult fit = Fit(request, design);
      const auto estimate = [&](const char* name) {
        for (const Coefficient& coefficient : fit.coefficients) {
          if (coefficient.name == name) return coefficient.estimate;
        }
        return 0.0;  // the parameter the model does not have
      };
      const double rho = estimate("rho");
      const double lambda = estimate("lambda");
      const auto oracle = [&](double at_rho, double at_lambda) {
        return TransformedLogLikelihood(design, w, HasIndividualEffects(effects), model == ModelKind::kSdm,
                                        at_rho, at_lambda);
      };
      const std::string label = ToString(model) + " " + ToString(effects);
      const double best = oracle(rho, lambda);
      EXPECT_NEAR(fit.log_likelihood, best, 1e-9 * std::abs(fit.log_likelihood)) << label;
      if (model != ModelKind::kSem) {
        EXPECT_GT(best, oracle(rho - 1e-3, lambda)) << label;
        EXPECT_GT(best, oracle(rho + 1e-3, lambda)) << label;
      }
      if (model == ModelKind::kSem || model == ModelKind::kSac) {
        EXPECT_GT(best, oracle(rho, lambda - 1e-3)) << label;
        EXPECT_GT(best, oracle(rho, lambda + 1e-3)) << label;
      }
    }
  }
}

TEST(PanelFitTest, LeeYuIsRefusedWithoutFixedEffectsOrRowSumsOfOne) {
  FitRequest pooled = PanelRequest(ModelKind::kSar, PanelEffects::kNone);
  pooled.lee_yu = true;
  ASSERT_EQ(pooled.Validate().size(), 1u);
  EXPECT_EQ(pooled.Validate()[0].key, "lee_yu");
  FitRequest cross_section;
  cross_section.model = ModelKind::kSar;
  cross_section.weights = true;
  cross_section.lee_yu = true;
  ASSERT_EQ(cross_section.Validate().size(), 1u);
  EXPECT_EQ(cross_section.Validate()[0].key, "lee_yu");
  // Time effects with binary W: the transformation needs W 1 = 1.
  engine::ModelFrameOptions options;
  options.id_column = "id";
  options.time_column = "year";
  ModelDataOptions binary;
  binary.style = engine::WeightsStyle::kBinary;
  const SpatialDesign design = BuildPanelDesign(
      engine::BuildModelFrame(PanelTable(kYears, false), engine::ParseFormula("y ~ x1"), options),
      ::hinterland::testing::Lattice(kRows, kColumns, false, engine::WeightsStyle::kBinary), binary);
  FitRequest time = PanelRequest(ModelKind::kSar, PanelEffects::kTime);
  time.lee_yu = true;
  time.style = engine::WeightsStyle::kBinary;
  EXPECT_THROW_MENTIONING(engine::OptionError, Fit(time, design), {"`lee_yu` with time effects", "sum to 1"});
  // The SAC's too, naming the matrix (W or W2).
  time.model = ModelKind::kSac;
  EXPECT_THROW_MENTIONING(engine::OptionError, Fit(time, design),
                          {"`lee_yu` with time effects", "rows of W to sum to 1"});
}

}  // namespace
}  // namespace hinterland::estimators
