// CheckSpatialFit: one checked comparison of our estimators::FitResult with a peer's reference values, in
// the style of statsmodels' CheckRegressionResults (res1 = ours, res2 = the reference, one tolerance per
// kind of statistic). A reference states only what the peer reported: coefficients by name (estimate, SE,
// t or z, p), vcov entries by name pairs, n, sigma2, the log-likelihood, AIC and BIC, named fit statistics
// (FitResult::statistics), counts compared exactly (degrees of freedom) and named diagnostics (statistic,
// p-value, df). Each kind is compared with its own tolerance (FitTolerances; the values are named in
// tests/support/tolerances.hpp), and each failure names the case, the statistic, both values, the
// tolerance and the reference's source. Also here: the same for impacts (CheckImpacts) and a printed
// table's digits (CheckPrintedCoefficients). Header-only: it needs the estimators' types, and
// hinterland_test_support links no Hinterland library.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "estimators/common/fit_result.hpp"
#include "estimators/common/impacts_result.hpp"
#include "tests/support/reference.hpp"
#include "tests/support/tolerances.hpp"

namespace hinterland::testing {

// Relative tolerance per kind of statistic (statsmodels' decimal_params, decimal_bse, ...).
struct FitTolerances {
  double coefficient = 0.0;     // estimates, rho and lambda
  double standard_error = 0.0;  // a coefficient's SE
  double statistic = 0.0;       // a coefficient's t or z
  double p_value = 0.0;         // a coefficient's p
  double vcov = 0.0;            // vcov entries, relative to max(|reference|, vcov_floor)
  double vcov_floor = kDefaultAbsoluteFloor;
  double sigma2 = 0.0;
  double log_likelihood = 0.0;
  double information_criterion = 0.0;  // AIC and BIC
  double fit_statistic = 0.0;          // FitResult::statistics by name
  double diagnostic = 0.0;             // a diagnostic's statistic and p-value
};

// Closed-form fits (OLS, SLX): every statistic to kClosedFormTolerance.
inline constexpr FitTolerances kClosedFormFit = {
    .coefficient = kClosedFormTolerance,
    .standard_error = kClosedFormTolerance,
    .statistic = kClosedFormTolerance,
    .p_value = kClosedFormTolerance,
    .vcov = kClosedFormTolerance,
    .vcov_floor = kDefaultAbsoluteFloor,
    .sigma2 = kClosedFormTolerance,
    .log_likelihood = kClosedFormTolerance,
    .information_criterion = kClosedFormTolerance,
    .fit_statistic = kClosedFormTolerance,
    .diagnostic = kClosedFormTolerance,
};

// Maximum-likelihood fits: points to kCoefficientTolerance, second-derivative quantities (SEs, z, vcov,
// the tests) to kStandardErrorTolerance.
inline constexpr FitTolerances kMaximumLikelihoodFit = {
    .coefficient = kCoefficientTolerance,
    .standard_error = kStandardErrorTolerance,
    .statistic = kTestStatisticTolerance,
    .p_value = kTestStatisticTolerance,
    .vcov = kVcovTolerance,
    .vcov_floor = kMlVcovAbsoluteFloor,
    .sigma2 = kSigma2Tolerance,
    .log_likelihood = kLogLikelihoodTolerance,
    .information_criterion = kInformationCriterionTolerance,
    .fit_statistic = kMlFitStatisticTolerance,
    .diagnostic = kTestStatisticTolerance,
};

struct CoefficientReference {
  std::string name;  // as Hinterland names it: "(Intercept)", "W:INC", "rho"
  std::optional<double> estimate = std::nullopt;
  std::optional<double> std_error = std::nullopt;
  std::optional<double> statistic = std::nullopt;  // t or z
  std::optional<double> p_value = std::nullopt;
};

struct VcovReference {
  std::string row;
  std::string column;
  double value = 0.0;
};

struct NamedReference {
  std::string name;
  double value = 0.0;
};

struct DiagnosticReference {
  std::string name;  // FitResult::diagnostics' name: "LR test (vs OLS)", "LMerr"
  std::optional<double> statistic = std::nullopt;
  std::optional<double> p_value = std::nullopt;
  std::optional<double> df = std::nullopt;  // compared exactly
};

// What a peer reported for one fit; every part left empty is not checked.
struct SpatialFitReference {
  std::string label;   // the case, first in every failure: "columbus_gal sar eigen"
  std::string source;  // where the values come from, last in every failure: "columbus_spatialreg.json sar_ml"
  FitTolerances tolerances;
  // When given, FitResult::coefficients must carry exactly these names in this order.
  std::vector<std::string> coefficient_names{};
  std::vector<CoefficientReference> coefficients{};
  std::vector<VcovReference> vcov{};
  std::optional<std::int64_t> n = std::nullopt;
  std::optional<double> sigma2 = std::nullopt;
  std::optional<double> log_likelihood = std::nullopt;
  std::optional<double> aic = std::nullopt;
  std::optional<double> bic = std::nullopt;
  std::vector<NamedReference> statistics{};        // FitResult::statistics, within fit_statistic
  std::vector<NamedReference> exact_statistics{};  // FitResult::statistics that are counts (f_df1): equal
  std::vector<DiagnosticReference> diagnostics{};
};

// The coefficient named `name` of `result`; a failure (and an empty coefficient) when there is none.
inline const estimators::Coefficient& FindCoefficient(const estimators::FitResult& result,
                                                      const std::string& name) {
  for (const estimators::Coefficient& coefficient : result.coefficients) {
    if (coefficient.name == name) return coefficient;
  }
  ADD_FAILURE() << "no coefficient " << name;
  static const estimators::Coefficient missing;
  return missing;
}

namespace check_detail {

inline std::string What(const std::string& label, const std::string& statistic) {
  return label.empty() ? statistic : label + " " + statistic;
}

inline std::string What(const SpatialFitReference& reference, const std::string& statistic) {
  return What(reference.label, statistic);
}

// RelativelyNear, with the case first and the reference's source last in the failure.
inline ::testing::AssertionResult Near(const std::string& label,
                                       const std::string& source,
                                       const std::string& statistic,
                                       double actual,
                                       double expected,
                                       double tolerance,
                                       double floor = kDefaultAbsoluteFloor) {
  ::testing::AssertionResult result =
      RelativelyNear(What(label, statistic), actual, expected, tolerance, floor);
  if (!result && !source.empty()) result << " (reference: " << source << ")";
  return result;
}

inline ::testing::AssertionResult Near(const SpatialFitReference& reference,
                                       const std::string& statistic,
                                       double actual,
                                       double expected,
                                       double tolerance,
                                       double floor = kDefaultAbsoluteFloor) {
  return Near(reference.label, reference.source, statistic, actual, expected, tolerance, floor);
}

inline const estimators::Coefficient* FindCoefficient(const estimators::FitResult& ours,
                                                      const std::string& name) {
  for (const estimators::Coefficient& coefficient : ours.coefficients) {
    if (coefficient.name == name) return &coefficient;
  }
  return nullptr;
}

inline std::optional<std::size_t> CoefficientIndex(const estimators::FitResult& ours,
                                                   const std::string& name) {
  for (std::size_t j = 0; j < ours.coefficients.size(); ++j) {
    if (ours.coefficients[j].name == name) return j;
  }
  return std::nullopt;
}

inline std::optional<double> FindStatistic(const estimators::FitResult& ours, const std::string& name) {
  for (const estimators::FitStatistic& statistic : ours.statistics) {
    if (statistic.name == name) return statistic.value;
  }
  return std::nullopt;
}

inline const estimators::Diagnostic* FindDiagnostic(const estimators::FitResult& ours,
                                                    const std::string& name) {
  for (const estimators::Diagnostic& diagnostic : ours.diagnostics) {
    if (diagnostic.name == name) return &diagnostic;
  }
  return nullptr;
}

inline void CheckCoefficientNames(const estimators::FitResult& ours, const SpatialFitReference& reference) {
  if (reference.coefficient_names.empty()) return;
  ASSERT_EQ(ours.coefficients.size(), reference.coefficient_names.size()) << What(reference, "coefficients");
  for (std::size_t j = 0; j < reference.coefficient_names.size(); ++j) {
    EXPECT_EQ(ours.coefficients[j].name, reference.coefficient_names[j])
        << What(reference, "coefficient name");
  }
}

inline void CheckCoefficient(const estimators::Coefficient& ours,
                             const CoefficientReference& expected,
                             const SpatialFitReference& reference) {
  const FitTolerances& tolerance = reference.tolerances;
  if (expected.estimate) {
    EXPECT_TRUE(Near(reference, expected.name, ours.estimate, *expected.estimate, tolerance.coefficient));
  }
  if (expected.std_error) {
    EXPECT_TRUE(Near(reference, expected.name + " SE", ours.std_error, *expected.std_error,
                     tolerance.standard_error));
  }
  if (expected.statistic) {
    EXPECT_TRUE(
        Near(reference, expected.name + " t/z", ours.statistic, *expected.statistic, tolerance.statistic));
  }
  if (expected.p_value) {
    EXPECT_TRUE(Near(reference, expected.name + " p", ours.p_value, *expected.p_value, tolerance.p_value));
  }
}

inline void CheckCoefficients(const estimators::FitResult& ours, const SpatialFitReference& reference) {
  for (const CoefficientReference& expected : reference.coefficients) {
    const estimators::Coefficient* coefficient = FindCoefficient(ours, expected.name);
    if (coefficient == nullptr) {
      ADD_FAILURE() << What(reference, "no coefficient " + expected.name);
      continue;
    }
    CheckCoefficient(*coefficient, expected, reference);
  }
}

inline void CheckVcov(const estimators::FitResult& ours, const SpatialFitReference& reference) {
  for (const VcovReference& expected : reference.vcov) {
    const std::optional<std::size_t> i = CoefficientIndex(ours, expected.row);
    const std::optional<std::size_t> j = CoefficientIndex(ours, expected.column);
    if (!i || !j || *i >= ours.vcov.n_rows || *j >= ours.vcov.n_cols) {
      ADD_FAILURE() << What(reference, "no vcov entry " + expected.row + "," + expected.column);
      continue;
    }
    EXPECT_TRUE(Near(reference, "vcov " + expected.row + "," + expected.column, ours.vcov(*i, *j),
                     expected.value, reference.tolerances.vcov, reference.tolerances.vcov_floor));
  }
}

inline void CheckScalar(const SpatialFitReference& reference,
                        const std::string& name,
                        double actual,
                        const std::optional<double>& expected,
                        double tolerance) {
  if (expected) {
    EXPECT_TRUE(Near(reference, name, actual, *expected, tolerance));
  }
}

inline void CheckScalars(const estimators::FitResult& ours, const SpatialFitReference& reference) {
  const FitTolerances& tolerance = reference.tolerances;
  if (reference.n) {
    EXPECT_EQ(ours.n, *reference.n) << What(reference, "n");
  }
  CheckScalar(reference, "sigma2", ours.sigma2, reference.sigma2, tolerance.sigma2);
  CheckScalar(reference, "logLik", ours.log_likelihood, reference.log_likelihood, tolerance.log_likelihood);
  CheckScalar(reference, "AIC", ours.aic, reference.aic, tolerance.information_criterion);
  CheckScalar(reference, "BIC", ours.bic, reference.bic, tolerance.information_criterion);
}

inline void CheckStatistics(const estimators::FitResult& ours, const SpatialFitReference& reference) {
  for (const NamedReference& expected : reference.statistics) {
    const std::optional<double> actual = FindStatistic(ours, expected.name);
    if (!actual) {
      ADD_FAILURE() << What(reference, "no statistic " + expected.name);
      continue;
    }
    EXPECT_TRUE(Near(reference, expected.name, *actual, expected.value, reference.tolerances.fit_statistic));
  }
  for (const NamedReference& expected : reference.exact_statistics) {
    const std::optional<double> actual = FindStatistic(ours, expected.name);
    EXPECT_EQ(actual, std::optional<double>(expected.value)) << What(reference, expected.name);
  }
}

inline void CheckDiagnostic(const estimators::Diagnostic& ours,
                            const DiagnosticReference& expected,
                            const SpatialFitReference& reference) {
  const double tolerance = reference.tolerances.diagnostic;
  if (expected.statistic) {
    EXPECT_TRUE(
        Near(reference, expected.name + " statistic", ours.statistic, *expected.statistic, tolerance));
  }
  if (expected.p_value) {
    EXPECT_TRUE(Near(reference, expected.name + " p", ours.p_value, *expected.p_value, tolerance));
  }
  if (expected.df) {
    EXPECT_EQ(ours.df, *expected.df) << What(reference, expected.name + " df");
  }
}

inline void CheckDiagnostics(const estimators::FitResult& ours, const SpatialFitReference& reference) {
  for (const DiagnosticReference& expected : reference.diagnostics) {
    const estimators::Diagnostic* diagnostic = FindDiagnostic(ours, expected.name);
    if (diagnostic == nullptr) {
      ADD_FAILURE() << What(reference, "no diagnostic " + expected.name);
      continue;
    }
    CheckDiagnostic(*diagnostic, expected, reference);
  }
}

}  // namespace check_detail

// Every part of `reference` against `ours`, each with its tolerance from reference.tolerances.
inline void CheckSpatialFit(const estimators::FitResult& ours, const SpatialFitReference& reference) {
  check_detail::CheckCoefficientNames(ours, reference);
  check_detail::CheckCoefficients(ours, reference);
  check_detail::CheckVcov(ours, reference);
  check_detail::CheckScalars(ours, reference);
  check_detail::CheckStatistics(ours, reference);
  check_detail::CheckDiagnostics(ours, reference);
}

// One field of the direct, indirect and total impacts (ImpactsResult::impacts, or one order's) against a
// peer's, regressor by regressor.
enum class ImpactField { kEstimate, kStdError, kZ, kPValue };

struct ImpactsReference {
  std::string label;   // "columbus_gal sdm exact"
  std::string source;  // "columbus_spatialreg.json sdm_impacts"
  ImpactField field = ImpactField::kEstimate;
  // Regressor name -> value, per kind; a kind left empty is not checked.
  std::map<std::string, double> direct{};
  std::map<std::string, double> indirect{};
  std::map<std::string, double> total{};
  double direct_tolerance = 0.0;
  double spillover_tolerance = 0.0;  // indirect and total
  // A reference of exactly 0 (a component that is zero whatever the draw) must be exactly 0 here too.
  bool zero_is_exact = false;
};

namespace check_detail {

inline double Field(const estimators::ImpactEstimate& estimate, ImpactField field) {
  switch (field) {
    case ImpactField::kStdError:
      return estimate.std_error;
    case ImpactField::kZ:
      return estimate.z;
    case ImpactField::kPValue:
      return estimate.p_value;
    case ImpactField::kEstimate:
      break;
  }
  return estimate.estimate;
}

inline std::string FieldWord(ImpactField field) {
  switch (field) {
    case ImpactField::kStdError:
      return " SE";
    case ImpactField::kZ:
      return " z";
    case ImpactField::kPValue:
      return " p";
    case ImpactField::kEstimate:
      break;
  }
  return "";
}

inline void CheckImpactKind(const estimators::Impact& ours,
                            const std::string& kind,
                            const estimators::ImpactEstimate& estimate,
                            const std::map<std::string, double>& expected,
                            double tolerance,
                            const ImpactsReference& reference) {
  if (expected.empty()) return;
  const std::string what = ours.name + " " + kind + FieldWord(reference.field);
  const auto found = expected.find(ours.name);
  if (found == expected.end()) {
    ADD_FAILURE() << What(reference.label, "no reference for " + what);
    return;
  }
  const double actual = Field(estimate, reference.field);
  if (reference.zero_is_exact && found->second == 0.0) {
    EXPECT_EQ(actual, 0.0) << What(reference.label, what);
    return;
  }
  EXPECT_TRUE(Near(reference.label, reference.source, what, actual, found->second, tolerance));
}

}  // namespace check_detail

inline void CheckImpacts(const std::vector<estimators::Impact>& ours, const ImpactsReference& reference) {
  for (const estimators::Impact& impact : ours) {
    check_detail::CheckImpactKind(impact, "direct", impact.direct, reference.direct,
                                  reference.direct_tolerance, reference);
    check_detail::CheckImpactKind(impact, "indirect", impact.indirect, reference.indirect,
                                  reference.spillover_tolerance, reference);
    check_detail::CheckImpactKind(impact, "total", impact.total, reference.total,
                                  reference.spillover_tolerance, reference);
  }
}

// A table printed with a fixed number of decimals (a book's): each estimate within half a unit in the
// last printed digit of its text ("0.431": 0.0005), absolute.
struct PrintedCoefficient {
  std::string name;
  std::string printed;  // as the table prints it: "-1.0316"
};

inline double HalfUnitInLastDigit(const std::string& printed) {
  const std::size_t point = printed.find('.');
  const int decimals = point == std::string::npos ? 0 : static_cast<int>(printed.size() - point - 1);
  return kHalfPrintedUnit * std::pow(10.0, -decimals);
}

inline void CheckPrintedCoefficients(const estimators::FitResult& ours,
                                     const std::vector<PrintedCoefficient>& table,
                                     const std::string& source) {
  for (const PrintedCoefficient& expected : table) {
    const estimators::Coefficient* coefficient = check_detail::FindCoefficient(ours, expected.name);
    if (coefficient == nullptr) {
      ADD_FAILURE() << "no coefficient " << expected.name;
      continue;
    }
    EXPECT_NEAR(coefficient->estimate, std::stod(expected.printed), HalfUnitInLastDigit(expected.printed))
        << expected.name << " printed as " << expected.printed << " in " << source;
  }
}

}  // namespace hinterland::testing
