// Baltagi, Song & Koh's (2003, sec. 2.3 and 2.4) conditional LM tests, as splm's bsktest(test = "CLMlambda",
// "CLMmu"). Each tests one part of the error u = (iota_T (x) I_N) mu + (I_T (x) B^-1) nu, B = I - lambda W,
// while allowing the other:
// - LM*_lambda: lambda = 0 allowing random unit effects, on the residuals of the random-effects regression
//   without a spatial error fitted by ML (the model it conditions on; FitRandomEffectsRegression);
// - LM*_mu: sigma2_mu = 0 allowing a spatial error, on the residuals and lambda of the pooled SEM by ML.
// Both are reported as splm reports them: the square root of the LM statistic (asymptotically chi-squared
// with 1 degree of freedom) with its two-sided N(0, 1) p-value, which is the chi-squared one. Rows are
// period-major (row t N + i is unit i in period t) on a balanced panel.
#pragma once

#include <armadillo>
#include <cstdint>

#include "engine/formula/model_frame.hpp"
#include "engine/linalg/weights_operator.hpp"
#include "estimators/common/fit_result.hpp"
#include "estimators/common/spatial_filter.hpp"

namespace hinterland::estimators {

// The random-effects regression y = X b + (iota_T (x) I_N) mu + nu by ML (Baltagi 2021, sec. 3.3): a Brent
// search over theta in [0, kThetaMax] of N log(1 - theta) - N T / 2 log(SSE(theta) / (N T)) + constants, SSE
// the least squares of the quasi-demeaned y on the quasi-demeaned X (splm's spreml(errors = "re")).
struct RandomEffectsRegression {
  arma::vec beta;
  arma::vec residuals;  // y - X b, untransformed
  double theta = 0.0;
  double phi = 0.0;  // sigma2_mu / sigma2_nu
  double log_likelihood = 0.0;
};
RandomEffectsRegression FitRandomEffectsRegression(const engine::ModelFrame& frame,
                                                   std::int64_t units,
                                                   std::int64_t periods);

// LM*_lambda from the random-effects residuals e: D = 1/2 [sigma2_nu / sigma2_1^2 e'(J_T/T (x) A) e +
// 1 / sigma2_nu e'(E_T (x) A) e] with A = W + W', E_T = I_T - J_T/T, sigma2_nu = e'(E_T (x) I) e / (N (T -
// 1)) and sigma2_1 = e'(J_T/T (x) I) e / N; LM = D^2 / [((T - 1) + sigma2_nu^2 / sigma2_1^2) tr(W W + W'W)].
Diagnostic ConditionalLambdaTest(const arma::vec& residuals, const engine::WeightsOperator& w);

// LM*_mu from the pooled SEM's residuals e = y - X b and lambda (BSK eq. 2.30), with the traces of
// H = W B^-1 that the SEM's covariance computed: tr(G) = 2 tr(H) and tr(G^2) = 2 tr(H H) + 2 tr(H'H) for
// G = (W'B + B'W)(B'B)^-1 (W and B commute), so no inverse is formed here; tr(B'B), tr((B'B)^2) and
// tr(W'B + B'W) are exact sparse sums. Where the traces are stochastic (Hutchinson) the statistic is too,
// and its note says so. engine::NumericalError when the information is not positive.
Diagnostic ConditionalMuTest(const arma::vec& residuals,
                             double lambda,
                             const FilterTraces& traces,
                             const engine::WeightsOperator& w);

}  // namespace hinterland::estimators
