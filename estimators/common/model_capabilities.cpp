// The capability table of the model kinds (see model_capabilities.hpp).
#include "estimators/common/model_capabilities.hpp"

#include <array>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace hinterland::estimators {
namespace {

using enum ModelKind;
using enum EstimationMethod;
using enum SpatialParameters;

constexpr CovarianceFamily kLeastSquaresFamily = CovarianceFamily::kLeastSquares;
constexpr CovarianceFamily kLikelihoodFamily = CovarianceFamily::kMaximumLikelihood;

// One row per model, in the order messages list them: the maximum-likelihood models, then least squares.
constexpr std::array<ModelCapabilities, 7> kCapabilities = {{
    {.model = kSar,
     .estimation = kMaximumLikelihood,
     .parameters = kRho,
     .needs_weights = true,
     .uses_log_determinant = true,
     .durbin_terms = false,
     .second_weights = false,
     .panel = true,
     .unbalanced_panel = true,
     .impacts = ImpactsKind::kSimulated,
     .covariance = kLikelihoodFamily},
    {.model = kSem,
     .estimation = kMaximumLikelihood,
     .parameters = kLambda,
     .needs_weights = true,
     .uses_log_determinant = true,
     .durbin_terms = false,
     .second_weights = false,
     .panel = true,
     .unbalanced_panel = true,
     .impacts = ImpactsKind::kNone,
     .covariance = kLikelihoodFamily},
    {.model = kSdm,
     .estimation = kMaximumLikelihood,
     .parameters = kRho,
     .needs_weights = true,
     .uses_log_determinant = true,
     .durbin_terms = true,
     .second_weights = false,
     .panel = true,
     .unbalanced_panel = true,
     .impacts = ImpactsKind::kSimulated,
     .covariance = kLikelihoodFamily},
    {.model = kSdem,
     .estimation = kMaximumLikelihood,
     .parameters = kLambda,
     .needs_weights = true,
     .uses_log_determinant = true,
     .durbin_terms = true,
     .second_weights = false,
     .panel = true,
     .unbalanced_panel = true,
     .impacts = ImpactsKind::kAnalytic,
     .covariance = kLikelihoodFamily},
    {.model = kSac,
     .estimation = kMaximumLikelihood,
     .parameters = kRhoAndLambda,
     .needs_weights = true,
     .uses_log_determinant = true,
     .durbin_terms = false,
     .second_weights = true,
     .panel = true,
     .unbalanced_panel = true,
     .impacts = ImpactsKind::kSimulated,
     .covariance = kLikelihoodFamily},
    {.model = kOls,
     .estimation = kLeastSquares,
     .parameters = kNone,
     .needs_weights = false,
     .uses_log_determinant = false,
     .durbin_terms = false,
     .second_weights = false,
     .panel = true,
     .unbalanced_panel = true,
     .impacts = ImpactsKind::kNone,
     .covariance = kLeastSquaresFamily},
    {.model = kSlx,
     .estimation = kLeastSquares,
     .parameters = kNone,
     .needs_weights = true,
     .uses_log_determinant = false,
     .durbin_terms = true,
     .second_weights = false,
     .panel = true,
     .unbalanced_panel = true,
     .impacts = ImpactsKind::kAnalytic,
     .covariance = kLeastSquaresFamily},
}};

}  // namespace

std::string ToString(EstimationMethod method) {
  return method == EstimationMethod::kLeastSquares ? "least squares" : "maximum likelihood";
}

const ModelCapabilities& CapabilitiesOf(ModelKind model) {
  for (const ModelCapabilities& row : kCapabilities) {
    if (row.model == model) return row;
  }
  HINTERLAND_CHECK(false, "a ModelKind without a row in the capability table");
  return kCapabilities[0];
}

std::string ModelsWhere(const std::function<bool(const ModelCapabilities&)>& predicate) {
  std::vector<std::string> names;
  for (const ModelCapabilities& row : kCapabilities) {
    if (predicate(row)) names.push_back(ToString(row.model));
  }
  return engine::JoinWords(names, "and");
}

}  // namespace hinterland::estimators
