// An unbalanced panel's lagged-then-transformed frame (see unbalanced_frame.hpp).
#include "estimators/panel/unbalanced_frame.hpp"

#include "estimators/common/durbin_terms.hpp"

namespace hinterland::estimators {

UnbalancedFrame LaggedThenTransformed(const SpatialDesign& design,
                                      PanelEffects effects,
                                      const SpatialFitOptions* durbin,
                                      std::vector<std::string>& notes) {
  const engine::UnbalancedWeightsOperator& rows = design.PeriodWeights();
  UnbalancedFrame result;
  result.within = std::make_shared<const UnbalancedWithin>(rows, effects);
  const engine::ModelFrame lagged =
      durbin == nullptr
          ? design.Frame()
          : FrameWithDurbinColumns(
                design.Frame(), design.W().Weights(),
                [&rows](const arma::vec& column) { return rows.Apply(column); }, *durbin, true, notes);
  std::vector<arma::uword> kept;
  result.frame = WithinFrame(lagged, *result.within, notes, kept);
  result.raw_x = lagged.x.cols(arma::uvec(kept));
  return result;
}

}  // namespace hinterland::estimators
