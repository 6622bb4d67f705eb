// A hand-built FitResult for the renderer tests. Coefficients, standard errors, t values, p-values,
// sigma2, log-likelihood, AIC, BIC, R-squared and the Moran/LM diagnostics are R's values for
// lm(CRIME ~ INC + HOVAL) on Columbus with spData's col.gal.nb (tests/reference/data/columbus/
// columbus_spatialreg.json, columbus_gal.ols / moran_ols_residuals / lm_tests; R 4.2.2, spdep 1.2-7).
// Names and strings are chosen to exercise escaping; the renderers must not depend on them being real.
#pragma once

#include <limits>

#include "estimators/common/fit_result.hpp"

namespace hinterland::testing {

inline estimators::FitResult SampleFitResult() {
  using estimators::CoefficientRole;
  estimators::FitResult result;
  result.model = "ols";
  result.method = "least squares";
  result.formula = "CRIME ~ INC + HOVAL";
  result.dependent = "CRIME";
  result.data_source = "datasets/columbus/columbus.csv";
  result.n = 49;
  result.k = 3;
  result.coefficients = {
      {"(Intercept)", CoefficientRole::kIntercept, 68.6189610950254, 4.73548613376534, 14.4903731436891,
       9.21088998891687e-19},
      {"INC", CoefficientRole::kRegressor, -1.5973108340847, 0.334130761780081, -4.78049619129659,
       1.82895950708421e-05},
      {"HOVAL", CoefficientRole::kRegressor, -0.273931478171675, 0.103198683790906, -2.65440864271773,
       0.0108745049097535},
  };
  result.vcov = {{22.4248289230838, -0.942351345768772, -0.161567493716727},
                 {-0.942351345768772, 0.111643365967737, -0.0172367398613395},
                 {-0.161567493716727, -0.0172367398613395, 0.0106499683361754}};
  result.sigma2 = 130.758537734443;
  result.log_likelihood = -187.377238812149;
  result.aic = 382.754477624298;
  result.bic = 390.321758816741;
  result.statistics = {{"r_squared", 0.552404040837423}, {"f_statistic", 28.3856292246953}, {"f_df1", 2}};
  result.diagnostics = {
      {"Moran's I (residuals)", 2.68100025188044, 0, 0.00367012303461706,
       "I = 0.2124, E[I] = -0.03327, Var[I] = 0.008395"},
      {"LMerr", 4.61112584434427, 1, 0.0317651720089892, ""},
      {"SARMA", 7.88918951416953, 2, 0.0193590599021732, ""},
  };
  result.status = estimators::FitStatus::kConverged;
  result.status_message = "least squares solution (closed form)";
  result.has_weights = true;
  result.weights = {"columbus_queen.gal", "W", 49, 230, 230.0 / 49.0, 2, 10, 0, 1, false};
  result.provenance.vcov_method = "classical";
  result.provenance.engine_version = "0.1.0";
  result.provenance.blas = "OpenBLAS 0.3.21";
  result.provenance.blas_library = "/usr/lib/libopenblas.so.0";
  result.provenance.lapack = "OpenBLAS LAPACK 3.11.0";
  result.provenance.threads = 2;
  result.provenance.sparse_threads = 2;
  result.provenance.seed = 42;
  result.provenance.stage_seconds = {{"fit", 0.001}};
  return result;
}

// The sample with every kind of value a renderer must survive: NaN and infinite numbers, an awkward
// name (LaTeX/Markdown/CSV specials), warnings and dropped rows.
inline estimators::FitResult AwkwardFitResult() {
  estimators::FitResult result = SampleFitResult();
  result.coefficients.push_back({"I(a_b*c), \"x\" | 50% & $#", estimators::CoefficientRole::kRegressor,
                                 std::numeric_limits<double>::quiet_NaN(),
                                 std::numeric_limits<double>::infinity(), 0.0, 1.0});
  result.sigma2 = std::numeric_limits<double>::quiet_NaN();
  result.warnings = {"condition number 45 > 30: INC and HOVAL are nearly collinear"};
  result.dropped_ids = {"17 (missing INC)", "23 (island: no neighbours in W)"};
  return result;
}

}  // namespace hinterland::testing
