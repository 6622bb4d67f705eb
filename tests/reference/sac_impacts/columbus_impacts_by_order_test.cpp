// Impacts by order of neighbours on Columbus against R spatialreg 1.2-6 (R 4.2.2):
// data/columbus/impacts_by_order.json, script generators/reference_columbus_impacts_by_order.R:
// impacts(fit, tr = trW(W, type = "mult"), Q = 10) "impact components" for SAR, SDM and SAC (lagsarlm /
// sacsarlm, method "eigen"), both weight variants; spatialreg's component Q(k+1) is order k. Order k of a
// regressor is rho^k (beta tr(W^k) + theta tr(W^(k+1))) / n direct and rho^k (beta + theta) total under a
// row-standardised W. The FitResults are built from the fits stored with the components (coefficients,
// rho, lambda, spatialreg's asymptotic vcov; columbus_fixture.hpp), W from columbus_spatialreg.json's
// neighbour lists. Tolerances: components 1e-6 relative (closed form in rho and beta; exact traces on
// both sides). Simulated SDs of the components 25% relative, orders 0..3: spatialreg's and ours are 1000
// draws from different generators. Orders 0 and 1 are (nearly) linear in the normal draws and agree within
// 6%; the components rho^k beta of higher orders are skewed and heavy-tailed, so their SDs carry more Monte
// Carlo error (largest differences seen: 9% at order 2, 13% at order 3, 18% at order 4, which is why order
// 4 is left out). A wrong SD (a missing rho^k, a missing theta) is off by a factor of 2 or more.
#include <gtest/gtest.h>

#include <string>

#include "estimators/impacts/impacts.hpp"
#include "tests/reference/sac_impacts/columbus_fixture.hpp"

namespace hinterland::estimators {
namespace {

using nlohmann::json;

constexpr double kComponentTolerance = 1e-6;
constexpr double kSimulatedSdTolerance = 0.25;
constexpr int kSimulatedOrdersCompared = 4;

struct Case {
  std::string variant;
  std::string model;
};

class ColumbusImpactsByOrder : public ::testing::TestWithParam<Case> {
 protected:
  const json& Expected() const {
    return testing::LoadReference("columbus/impacts_by_order.json")
        .at(GetParam().variant)
        .at(GetParam().model);
  }
  FitResult Fit() const {
    return columbus::FitFromBlock(GetParam().model, Expected().at("fit"), "vcov_asymptotic");
  }
  engine::SpatialWeights W() const { return columbus::Weights(columbus::Variant(GetParam().variant)); }
  std::string Label() const { return GetParam().variant + " " + GetParam().model; }
};

ImpactOptions Options(ImpactMethod method, int draws) {
  ImpactOptions options;
  options.method = method;
  options.draws = draws;
  return options;
}

const ImpactEstimate& Kind(const Impact& impact, const std::string& kind) {
  if (kind == "direct") return impact.direct;
  if (kind == "indirect") return impact.indirect;
  return impact.total;
}

void ExpectComponents(const ImpactsResult& result, const json& expected, const std::string& label) {
  const int orders = static_cast<int>(expected.at("direct").at("order").size());
  ASSERT_GE(static_cast<int>(result.by_order.size()), orders) << label;
  for (int k = 0; k < orders; ++k) {
    const OrderImpacts& order = result.by_order[k];
    EXPECT_EQ(order.order, k);
    ASSERT_EQ(order.impacts.size(), 2u);
    for (const Impact& impact : order.impacts) {
      for (const std::string kind : {"direct", "indirect", "total"}) {
        EXPECT_REL_NEAR(label + " " + impact.name + " " + kind + " order " + std::to_string(k),
                        Kind(impact, kind).estimate, expected.at(kind).at(impact.name).at(k).get<double>(),
                        kComponentTolerance);
      }
    }
  }
}

TEST_P(ColumbusImpactsByOrder, ComponentsMatchSpatialregExactAndTraces) {
  const FitResult fit = Fit();
  const auto w = W();
  for (const ImpactMethod method : {ImpactMethod::kExact, ImpactMethod::kTraces}) {
    ExpectComponents(ComputeImpacts(fit, w, Options(method, 0)), Expected().at("by_order"),
                     Label() + " " + ToString(method));
  }
}

TEST_P(ColumbusImpactsByOrder, OrdersRunToThePowerOrderAndSumToTheTotal) {
  const ImpactsResult result = ComputeImpacts(Fit(), W(), Options(ImpactMethod::kExact, 0));
  ASSERT_EQ(result.by_order.size(), 31u);  // k = 0..30, ImpactOptions::power_order
  for (std::size_t v = 0; v < result.impacts.size(); ++v) {
    double direct = 0.0, total = 0.0;
    for (const OrderImpacts& order : result.by_order) {
      direct += order.impacts[v].direct.estimate;
      total += order.impacts[v].total.estimate;
    }
    // The series stops at rho^30 ~ 1e-12 (rho ~ 0.4): the exact impacts are its sum to that accuracy.
    const std::string what = Label() + " " + result.impacts[v].name;
    EXPECT_REL_NEAR(what + " sum of direct", direct, result.impacts[v].direct.estimate, 1e-9);
    EXPECT_REL_NEAR(what + " sum of total", total, result.impacts[v].total.estimate, 1e-9);
    // ... and spatialreg's total impact.
    EXPECT_REL_NEAR(what + " total vs spatialreg", total,
                    Expected().at("point").at("total").at(result.impacts[v].name).get<double>(), 1e-6);
  }
}

TEST_P(ColumbusImpactsByOrder, SimulatedComponentSdsAgreeWithSpatialregWithinMonteCarloError) {
  const ImpactsResult result = ComputeImpacts(Fit(), W(), Options(ImpactMethod::kTraces, 1000));
  const json& simulated = Expected().at("simulated");
  for (int k = 0; k < kSimulatedOrdersCompared; ++k) {
    for (const Impact& impact : result.by_order[k].impacts) {
      for (const std::string kind : {"direct", "indirect", "total"}) {
        const double expected = simulated.at(kind).at("sd").at(impact.name).at(k).get<double>();
        const std::string what = Label() + " " + impact.name + " " + kind + " SD order " + std::to_string(k);
        if (expected == 0.0) {
          // A component that is zero whatever the draw (order 0 indirect; order 1 direct, tr(W) = 0).
          EXPECT_EQ(Kind(impact, kind).std_error, 0.0) << what;
        } else {
          EXPECT_REL_NEAR(what, Kind(impact, kind).std_error, expected, kSimulatedSdTolerance);
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(BothWeightsThreeModels,
                         ColumbusImpactsByOrder,
                         ::testing::Values(Case{"columbus_gal", "sar"},
                                           Case{"columbus_gal", "sdm"},
                                           Case{"columbus_gal", "sac"},
                                           Case{"columbus_old", "sar"},
                                           Case{"columbus_old", "sdm"},
                                           Case{"columbus_old", "sac"}),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           return param_info.param.variant + "_" + param_info.param.model;
                         });

}  // namespace
}  // namespace hinterland::estimators
