// The named tolerances of the reference and property suites, one place for every number a comparison
// with a peer (R spatialreg / spdep / sandwich, Anselin 1988) or a Monte Carlo check is allowed to miss by.
// Each is the value the test named beside it used before the suites shared
// tests/support/check_spatial_fit.hpp (issue 9, point 6); the reason for the size is given here once.
// Relative unless said otherwise: |ours - reference| <= tolerance * max(|reference|, floor)
// (tests/support/reference.hpp's RelativelyNear).
#pragma once

namespace hinterland::testing {

// --- Closed-form statistics (OLS, SLX, their diagnostics, HC covariances, SLX impacts' analytic errors) ---

// columbus_ols_test.cpp, columbus_slx_diagnostics_test.cpp, columbus_ml_test.cpp (MatchesLmSlx): every
// statistic is closed form, so only rounding differs.
inline constexpr double kClosedFormTolerance = 1e-8;
// RelativelyNear's default floor: values below it (an exactly zero covariance) are compared absolutely.
inline constexpr double kDefaultAbsoluteFloor = 1e-12;

// --- Maximum likelihood (SAR, SEM, SDM, SDEM, SAC) against spatialreg's lagsarlm / errorsarlm / sacsarlm ---

// columbus_ml_test.cpp, columbus_sac_test.cpp (kEstimateTolerance): both optimisers stop within ~1e-8 of
// the optimum. Used for the coefficients, rho and lambda, sigma2, SSE, the log-likelihood (of the model and
// of OLS), AIC and BIC, and the ends of the rho / lambda interval.
inline constexpr double kCoefficientTolerance = 1e-6;
inline constexpr double kSigma2Tolerance = kCoefficientTolerance;
inline constexpr double kLogLikelihoodTolerance = kCoefficientTolerance;
inline constexpr double kInformationCriterionTolerance = kCoefficientTolerance;
inline constexpr double kMlFitStatisticTolerance = kCoefficientTolerance;
// columbus_ml_test.cpp, columbus_sac_test.cpp (kStdErrorTolerance): second derivatives at an optimum known
// to ~1e-8. Used for the standard errors, z values, the asymptotic vcov and the LR, Wald and LM tests.
inline constexpr double kStandardErrorTolerance = 1e-4;
inline constexpr double kVcovTolerance = kStandardErrorTolerance;
inline constexpr double kTestStatisticTolerance = kStandardErrorTolerance;
// columbus_ml_test.cpp, columbus_sac_test.cpp: the floor under a vcov entry (covariances near zero).
inline constexpr double kMlVcovAbsoluteFloor = 1e-10;
// columbus_ml_test.cpp (kFdHessTolerance): the numerical-Hessian covariance against nlme's fdHess, two
// different finite-difference schemes, each with error ~1e-4..1e-3 of the exact Hessian.
inline constexpr double kFdHessStandardErrorTolerance = 2e-3;

// --- Printed tables ---

// columbus_ml_test.cpp (Anselin1988Table12_2): a value printed with d decimals is checked to half a unit in
// its last printed digit, 0.5 * 10^-d, absolute (CheckPrintedCoefficients derives it from the printed text).
inline constexpr double kHalfPrintedUnit = 0.5;

// --- Impacts against spatialreg's impacts() ---

// columbus_impacts_test.cpp, columbus_impacts_by_order_test.cpp (kPointTolerance, kComponentTolerance):
// closed form in rho and beta, exact traces on both sides; also the SLX impacts' analytic SEs, z and p.
inline constexpr double kImpactPointTolerance = 1e-6;
// columbus_impacts_by_order_test.cpp: the power series stops at rho^30 ~ 1e-12 (rho ~ 0.4), so the sum of
// the orders equals the exact impact to this accuracy.
inline constexpr double kPowerSeriesSumTolerance = 1e-9;
// columbus_impacts_test.cpp (kSimulatedDirectSeTolerance): Monte Carlo SEs from a different generator
// (R's Mersenne-Twister + mvrnorm vs std::mt19937_64 + Cholesky); directs are light-tailed (1000 draws:
// ~3% sampling error).
inline constexpr double kSimulatedDirectSeTolerance = 0.10;
// columbus_impacts_test.cpp (kSimulatedSpilloverSeTolerance): indirect and total impacts contain
// 1 / (1 - rho) and are heavy-tailed when rho's draws approach 1; over seeds 1-8 our SDM INC indirect SE
// ranged 0.79-1.01 on columbus_old where spatialreg's one seed gave 1.37.
inline constexpr double kSimulatedSpilloverSeTolerance = 0.50;
// columbus_impacts_by_order_test.cpp (kSimulatedSdTolerance): SDs of the components of orders 0..3 over
// 1000 draws from different generators (largest differences seen: 9% at order 2, 13% at order 3).
inline constexpr double kSimulatedComponentSdTolerance = 0.25;

// --- Log-determinants against spatialreg's eigenvalue log|I - rho W| ---

// columbus_log_determinant_test.cpp: exact back-ends (eigen, cholesky, lu), relative to max(|value|, 1)
// (absolute 1e-10 at rho = 0, where the value is 0).
inline constexpr double kExactLogDetTolerance = 1e-10;
inline constexpr double kLogDetAbsoluteFloor = 1.0;
// columbus_log_determinant_test.cpp: approximate back-ends (chebyshev, mc; every trace exact at n = 49, so
// truncation only), relative to max(|value|, 1), and within this many times their own error estimate.
inline constexpr double kApproximateLogDetTolerance = 1e-4;
inline constexpr double kLogDetErrorEstimateFactor = 4.0;
// columbus_log_determinant_test.cpp: the rho interval against 1 / spatialreg's extreme eigenvalues, absolute.
inline constexpr double kRhoBoundsTolerance = 1e-8;

// --- Monte Carlo recovery (tests/property/ml_monte_carlo_recovery_test.cpp) ---

// Each estimate within this many of its standard errors of the truth: a 4-sigma event has probability
// ~6e-5 per check, so fixed seeds fail only if the estimator or its standard errors are wrong.
inline constexpr double kRecoveryStandardErrors = 4.0;
// Sweep mode only: over >= kCoverageMinimumSeeds seeds, the fraction of estimates further than
// kCoverageStandardErrors SEs from the truth must stay below kCoverageMaximumMissRate (nominal 4.6% for a
// normal estimate with a correct SE; 10% leaves room for n = 900 finite-sample bias and SE error, while a
// bias of 1 SE would give ~16%).
inline constexpr double kCoverageStandardErrors = 2.0;
inline constexpr double kCoverageMaximumMissRate = 0.10;
inline constexpr int kCoverageMinimumSeeds = 50;

}  // namespace hinterland::testing
