// Spatial diagnostics for OLS: Moran's I of the residuals with the exact moments of Cliff & Ord (1981, ch. 8)
// as spdep's lm.morantest computes them, Moran's I of a variable under normality or randomisation
// (moran.test) and by permutation (moran.mc), and the Lagrange multiplier tests of Anselin (1988) and
// Anselin, Bera, Florax & Yoon (1996) as spdep's lm.LMtests. Every trace uses sparse products and k x k
// matrices only. Rows of the weights must be the rows of the model frame, in the same order (checked by id).
#pragma once

#include <armadillo>
#include <cstdint>
#include <vector>

#include "engine/formula/model_frame.hpp"
#include "engine/linalg/weights_operator.hpp"
#include "engine/weights/spatial_weights.hpp"
#include "engine/weights/weights_summary.hpp"
#include "estimators/common/fit_result.hpp"
#include "estimators/common/spatial_design.hpp"
#include "estimators/ols/ols_model.hpp"

namespace hinterland::estimators {

struct MoranResult {
  double statistic = 0.0;    // Moran's I
  double expectation = 0.0;  // E[I] under the null
  double variance = 0.0;     // Var[I] under the null
  double z = 0.0;            // (I - E[I]) / sqrt(Var[I])
  double p_value = 1.0;      // one-sided, alternative "greater" (spdep's default): P(Z > z)
};

// lm.morantest: residual Moran's I with moments conditional on X. When W is asymmetric, spdep computes I,
// E[I] and Var[I] with the symmetrised (W + W') / 2, which leaves I unchanged; so does this. Units without
// neighbours are left out of the n that scales I (spdep's zero.policy = TRUE).
MoranResult MoranTestResiduals(const OlsFit& fit,
                               const engine::ModelFrame& frame,
                               const engine::SpatialWeights& w);
// The same with W's constants (S0, S1, S2) already at hand (computed once per W).
MoranResult MoranTestResiduals(const OlsFit& fit,
                               const engine::ModelFrame& frame,
                               const engine::SpatialWeights& w,
                               const engine::WeightsConstants& constants);

// moran.test on a variable: moments under randomisation (true, spdep's default) or normality.
MoranResult MoranTestVariable(const arma::vec& x, const engine::SpatialWeights& w, bool randomisation);

struct MoranPermutationResult {
  double statistic = 0.0;  // Moran's I of the data as given
  int permutations = 0;    // number of random permutations
  int rank = 0;            // rank of the observed I among all permutations + 1 (1 = smallest)
  double p_value = 1.0;    // (#{permuted I >= observed I} + 1) / (permutations + 1), alternative "greater"
  std::uint64_t seed = 0;  // the seed of the permutations (std::mt19937_64)
  double permuted_mean = 0.0;      // mean of the permuted I (approaches E[I] = -1 / (n - 1))
  double permuted_variance = 0.0;  // their variance (approaches the randomisation Var[I])
};

// moran.mc: a permutation test of Moran's I. The p-value is Hope's (1968) (count + 1) / (permutations + 1);
// spdep 1.2-7's moran.mc reports one count fewer when permuted values exceed the observed one (spdep #172).
// The same seed gives the same permutations on every platform (own Fisher-Yates shuffle on mt19937_64).
// Throws OptionError unless permutations >= 1.
MoranPermutationResult MoranPermutationTest(const arma::vec& x,
                                            const engine::SpatialWeights& w,
                                            int permutations,
                                            std::uint64_t seed);

struct LmTests {
  Diagnostic lm_error;         // "LMerr", chi-squared(1)
  Diagnostic lm_lag;           // "LMlag", chi-squared(1)
  Diagnostic robust_lm_error;  // "RLMerr", chi-squared(1)
  Diagnostic robust_lm_lag;    // "RLMlag", chi-squared(1)
  Diagnostic lm_sarma;         // "SARMA", chi-squared(2)
};

// lm.LMtests(test = "all"). The tests assume a row-standardised W (as spdep, which warns otherwise).
LmTests LagrangeMultiplierTests(const OlsFit& fit,
                                const engine::ModelFrame& frame,
                                const engine::SpatialWeights& w);
LmTests LagrangeMultiplierTests(const OlsFit& fit,
                                const engine::ModelFrame& frame,
                                const engine::SpatialWeights& w,
                                const engine::WeightsConstants& constants);
// The panel form (Anselin, Le Gallo & Jayet 2008; splm's slmtest): on the N T residuals of a pooled or within
// regression, with W acting as I_T (x) W and T tr(W'W + W W) in place of the trace.
LmTests PanelLagrangeMultiplierTests(const OlsFit& fit,
                                     const engine::ModelFrame& frame,
                                     const engine::WeightsOperator& w);
// The same tests from their ingredients, for a model whose lags are not W applied to the frame's columns (an
// unbalanced panel lags the data as given, each period by its own W_t, and transforms the lags): the lag of
// y in the lag score e'W y, the lag of the model's mean in n J = (W m)' M (W m) / s2 + trace, W e in the
// error score e'W e, and the trace tr(W'W + W W) summed over the rows' blocks.
struct LmIngredients {
  arma::vec lagged_y;
  arma::vec lagged_mean;
  arma::vec lagged_residuals;
  double trace = 0.0;
  engine::WeightsStyle style = engine::WeightsStyle::kRowStandardised;
};
LmTests LagrangeMultiplierTestsFrom(const OlsFit& fit,
                                    const engine::ModelFrame& frame,
                                    const LmIngredients& ingredients);

// Moran's I of the residuals (name "Moran's I (residuals)", statistic z, df 0, note with I, E[I], Var[I])
// then LMerr, LMlag, RLMerr, RLMlag and SARMA.
std::vector<Diagnostic> SpatialDiagnostics(const OlsFit& fit,
                                           const engine::ModelFrame& frame,
                                           const engine::SpatialWeights& w);
// The same with W's constants computed once (the explicit form) or from the operator's cache.
std::vector<Diagnostic> SpatialDiagnostics(const OlsFit& fit,
                                           const engine::ModelFrame& frame,
                                           const engine::SpatialWeights& w,
                                           const engine::WeightsConstants& constants);
std::vector<Diagnostic> SpatialDiagnostics(const OlsFit& fit,
                                           const engine::ModelFrame& frame,
                                           const engine::WeightsOperator& w);

// The warning that the LM tests assume a row-standardised W, when W's style is another; "" otherwise.
std::string LmStyleWarning(const engine::SpatialWeights& w);

// OLS of the design's frame; with W, Moran's I of the residuals and the LM tests (SpatialDiagnostics) and
// LmStyleWarning; without W, a warning that they were not computed.
FitResult FitOlsWithDiagnostics(const SpatialDesign& design, const OlsOptions& options);

}  // namespace hinterland::estimators
