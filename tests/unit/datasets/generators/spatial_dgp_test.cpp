// The spatial DGPs (spatial_dgp.hpp): each model's defining identity holds for the simulated data to
// 1e-10 (the solver stops at 1e-13 relative), panels add mu_i and alpha_t as the DGP says, the unbalanced
// mask drops the exact share asked for, results depend only on the seed, and bad parameters are
// OptionErrors naming the option.
#include "datasets/generators/spatial_dgp.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "datasets/generators/spatial_design.hpp"
#include "engine/core/error.hpp"
#include "tests/support/expect_throw_mentioning.hpp"

namespace hinterland::generators {
namespace {

using ::testing::HasSubstr;

constexpr double kIdentityTolerance = 1e-10;

engine::SpatialWeights Queen(std::int64_t rows, std::int64_t columns) {
  DesignSpec spec;
  spec.rows = rows;
  spec.columns = columns;
  spec.contiguity = engine::Contiguity::kQueen;
  return BuildSpatialDesign(spec, 1).w;
}

DgpParameters Parameters(SpatialModel model) {
  DgpParameters parameters;
  parameters.model = model;
  parameters.rho = UsesRho(model) ? 0.6 : 0.0;
  parameters.lambda = UsesLambda(model) ? -0.4 : 0.0;
  parameters.intercept = 2.0;
  parameters.beta = {1.0, 2.0, -1.0};
  if (model == SpatialModel::kSdm) parameters.theta = {0.5, -0.25, 0.75};
  parameters.sigma = 1.5;
  return parameters;
}

// (I - a W) v for each period block of v.
arma::vec ApplyIMinus(const engine::SpatialWeights& w, double a, const arma::vec& v, std::int64_t periods) {
  arma::vec out = v;
  const arma::uword n = w.n();
  for (arma::uword t = 0; t < static_cast<arma::uword>(periods); ++t) {
    const arma::span rows(t * n, (t + 1) * n - 1);
    out(rows) -= a * w.Multiply(arma::vec(v(rows)));
  }
  return out;
}

// c + X b + W X theta + mu_i + alpha_t, from the simulated pieces.
arma::vec Systematic(const engine::SpatialWeights& w,
                     const DgpParameters& parameters,
                     const SimulatedData& data) {
  const arma::uword n = w.n();
  arma::vec systematic = parameters.intercept + data.x * arma::vec(parameters.beta);
  for (arma::uword t = 0; t < static_cast<arma::uword>(data.periods); ++t) {
    const arma::span rows(t * n, (t + 1) * n - 1);
    systematic(rows) += data.individual_effects + data.time_effects(t);
    if (!parameters.theta.empty())
      systematic(rows) += w.Multiply(arma::mat(data.x.rows(rows))) * arma::vec(parameters.theta);
  }
  return systematic;
}

// The DGP's identity, rearranged to equal e: (I - lambda W)((I - rho W) y - systematic) = e.
arma::vec IdentityResidual(const engine::SpatialWeights& w,
                           const DgpParameters& parameters,
                           const SimulatedData& data) {
  const arma::vec disturbance =
      ApplyIMinus(w, parameters.rho, data.y, data.periods) - Systematic(w, parameters, data);
  return ApplyIMinus(w, parameters.lambda, disturbance, data.periods) - data.errors;
}

class DgpIdentityTest : public ::testing::TestWithParam<SpatialModel> {};

TEST_P(DgpIdentityTest, CrossSectionSatisfiesItsDefiningEquation) {
  const engine::SpatialWeights w = Queen(15, 20);
  const DgpParameters parameters = Parameters(GetParam());
  const SimulatedData data = SimulateSpatialData(w, parameters, PanelSpec{}, 42);
  ASSERT_EQ(data.y.n_elem, 300u);
  ASSERT_EQ(data.x.n_cols, 3u);
  EXPECT_LE(arma::abs(IdentityResidual(w, parameters, data)).max(), kIdentityTolerance);
  EXPECT_GT(arma::stddev(data.y), 0.0);
}

TEST_P(DgpIdentityTest, PanelWithBothEffectsSatisfiesItsDefiningEquation) {
  const engine::SpatialWeights w = Queen(8, 10);
  const DgpParameters parameters = Parameters(GetParam());
  PanelSpec panel;
  panel.periods = 6;
  panel.individual_effects = true;
  panel.time_effects = true;
  const SimulatedData data = SimulateSpatialData(w, parameters, panel, 42);
  ASSERT_EQ(data.y.n_elem, 480u);
  EXPECT_GT(arma::abs(data.individual_effects).max(), 0.0);
  EXPECT_GT(arma::abs(data.time_effects).max(), 0.0);
  EXPECT_LE(arma::abs(IdentityResidual(w, parameters, data)).max(), kIdentityTolerance);
}

INSTANTIATE_TEST_SUITE_P(Models,
                         DgpIdentityTest,
                         ::testing::Values(SpatialModel::kNone,
                                           SpatialModel::kSar,
                                           SpatialModel::kSem,
                                           SpatialModel::kSdm,
                                           SpatialModel::kSac),
                         [](const auto& test_info) { return ToString(test_info.param); });

TEST(SpatialDgpTest, SameSeedGivesIdenticalDataAndDifferentSeedsDiffer) {
  const engine::SpatialWeights w = Queen(10, 10);
  const DgpParameters parameters = Parameters(SpatialModel::kSac);
  PanelSpec panel;
  panel.periods = 3;
  panel.missing_fraction = 0.2;
  panel.individual_effects = true;
  const SimulatedData first = SimulateSpatialData(w, parameters, panel, 7);
  const SimulatedData again = SimulateSpatialData(w, parameters, panel, 7);
  const SimulatedData other = SimulateSpatialData(w, parameters, panel, 8);
  EXPECT_TRUE(arma::all(first.y == again.y));
  EXPECT_TRUE(arma::all(arma::vectorise(first.x == again.x)));
  EXPECT_EQ(first.observed, again.observed);
  for (std::size_t r = 0; r < first.observed.size(); ++r) {
    if (first.observed[r] != 0 && other.observed[r] != 0) {
      EXPECT_NE(first.y[r], other.y[r]) << r;
    }
  }
  EXPECT_NE(first.observed, other.observed);
}

TEST(SpatialDgpTest, RegressorsDoNotDependOnTheModel) {
  // Separate streams: switching SAR to SEM changes y but not X or e.
  const engine::SpatialWeights w = Queen(6, 6);
  const SimulatedData sar = SimulateSpatialData(w, Parameters(SpatialModel::kSar), PanelSpec{}, 5);
  const SimulatedData sem = SimulateSpatialData(w, Parameters(SpatialModel::kSem), PanelSpec{}, 5);
  EXPECT_TRUE(arma::all(arma::vectorise(sar.x == sem.x)));
  EXPECT_TRUE(arma::all(sar.errors == sem.errors));
  EXPECT_FALSE(arma::all(sar.y == sem.y));
}

TEST(SpatialDgpTest, UnbalancedPanelDropsTheRequestedShareExactly) {
  const engine::SpatialWeights w = Queen(10, 10);
  PanelSpec panel;
  panel.periods = 5;
  panel.missing_fraction = 0.13;
  const SimulatedData data = SimulateSpatialData(w, Parameters(SpatialModel::kSar), panel, 3);
  std::int64_t dropped = 0;
  for (const auto kept : data.observed) dropped += kept == 0 ? 1 : 0;
  EXPECT_EQ(dropped, 65);  // round(0.13 * 500)
  EXPECT_EQ(data.observed.size(), 500u);
}

// Each period of an unbalanced panel follows its own W_t, built here from the dense binary lattice (W over
// the period's observed units, rows re-standardised): for SAR (I - rho W_t) y_t - c - X_t b - mu - alpha_t
// = e_t, and for SEM, whose effects enter the filter, (I - lambda W_t)(y_t - c - X_t b) - mu - alpha_t = e_t.
TEST(SpatialDgpTest, UnbalancedPeriodsFollowTheirOwnRestandardisedW) {
  const engine::SpatialWeights w = Queen(8, 8);
  const arma::mat binary = arma::sign(arma::mat(w.ToSparseMatrix()));
  PanelSpec panel;
  panel.periods = 4;
  panel.missing_fraction = 0.25;
  panel.individual_effects = true;
  panel.time_effects = true;
  for (const SpatialModel model : {SpatialModel::kSar, SpatialModel::kSem}) {
    const DgpParameters parameters = Parameters(model);
    const SimulatedData data = SimulateSpatialData(w, parameters, panel, 21);
    const arma::uword n = w.n();
    for (arma::uword t = 0; t < 4; ++t) {
      std::vector<arma::uword> kept;
      for (arma::uword i = 0; i < n; ++i) {
        if (data.observed[t * n + i] != 0) kept.push_back(t * n + i);
      }
      const arma::uvec rows(kept);
      const arma::uvec units = rows - t * n;
      arma::mat w_t = binary.submat(units, units);
      const arma::vec row_sums = arma::sum(w_t, 1);
      for (arma::uword i = 0; i < w_t.n_rows; ++i) {
        if (row_sums[i] > 0) w_t.row(i) /= row_sums[i];
      }
      const arma::mat identity = arma::eye(units.n_elem, units.n_elem);
      const arma::vec y = data.y.elem(rows);
      const arma::vec mean = parameters.intercept + data.x.rows(rows) * arma::vec(parameters.beta);
      const arma::vec effects = data.individual_effects.elem(units) + data.time_effects(t);
      const arma::vec residual = model == SpatialModel::kSar
                                     ? arma::vec((identity - parameters.rho * w_t) * y - mean - effects)
                                     : arma::vec((identity - parameters.lambda * w_t) * (y - mean) - effects);
      EXPECT_LE(arma::abs(residual - data.errors.elem(rows)).max(), kIdentityTolerance)
          << ToString(model) << " period " << t;
    }
  }
}

TEST(SpatialDgpTest, ModelNamesRoundTrip) {
  for (const SpatialModel model : {SpatialModel::kNone, SpatialModel::kSar, SpatialModel::kSem,
                                   SpatialModel::kSdm, SpatialModel::kSac}) {
    EXPECT_EQ(ParseSpatialModel(ToString(model)), model);
  }
  EXPECT_THROW_MENTIONING(engine::OptionError, ParseSpatialModel("sarr"), {"`model` sarr"});
}

void ExpectOptionError(const DgpParameters& parameters,
                       const PanelSpec& panel,
                       const std::string& substring) {
  const engine::SpatialWeights w = Queen(4, 4);
  try {
    ValidateDgp(parameters, panel, w);
    ADD_FAILURE() << "expected an OptionError containing " << substring;
  } catch (const engine::OptionError& error) {
    EXPECT_THAT(error.what(), HasSubstr(substring));
  }
}

TEST(SpatialDgpTest, BadParametersAreOptionErrorsNamingTheOption) {
  DgpParameters sem = Parameters(SpatialModel::kSem);
  sem.rho = 0.5;
  ExpectOptionError(sem, PanelSpec{}, "`rho` has no effect with `model` sem");
  DgpParameters sar = Parameters(SpatialModel::kSar);
  sar.lambda = 0.5;
  ExpectOptionError(sar, PanelSpec{}, "`lambda` has no effect with `model` sar");
  sar = Parameters(SpatialModel::kSar);
  sar.rho = 1.0;
  ExpectOptionError(sar, PanelSpec{}, "`rho` 1");
  DgpParameters sdm = Parameters(SpatialModel::kSdm);
  sdm.theta = {1.0};
  ExpectOptionError(sdm, PanelSpec{}, "`theta`");
  sar = Parameters(SpatialModel::kSar);
  sar.theta = {1.0, 1.0, 1.0};
  ExpectOptionError(sar, PanelSpec{}, "`theta` applies to `model` sdm only");
  sar = Parameters(SpatialModel::kSar);
  sar.beta.clear();
  ExpectOptionError(sar, PanelSpec{}, "`beta`");
  sar = Parameters(SpatialModel::kSar);
  sar.sigma = 0.0;
  ExpectOptionError(sar, PanelSpec{}, "`sigma` 0");
  PanelSpec panel;
  panel.periods = 3;
  panel.missing_fraction = 1.0;
  ExpectOptionError(Parameters(SpatialModel::kSar), panel, "`unbalanced` 1");
  panel = PanelSpec{};
  panel.time_effects = true;
  ExpectOptionError(Parameters(SpatialModel::kSar), panel, "`panel` T");
}

}  // namespace
}  // namespace hinterland::generators
