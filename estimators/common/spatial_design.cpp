// SpatialDesign and its builder (see spatial_design.hpp).
#include "estimators/common/spatial_design.hpp"

#include <fmt/format.h>

#include "engine/core/error.hpp"

namespace hinterland::estimators {

SpatialDesign::SpatialDesign(engine::ModelFrame frame) : frame_(std::move(frame)) {}

SpatialDesign::SpatialDesign(const ModelData& data)
    : frame_(data.frame),
      w_(std::make_shared<const engine::WeightsOperator>(data.weights)),
      notes_(data.notes) {}

SpatialDesign::SpatialDesign(ModelData&& data, const engine::SpatialWeights* second_weights)
    : frame_(std::move(data.frame)),
      w_(std::make_shared<const engine::WeightsOperator>(std::move(data.weights))),
      notes_(std::move(data.notes)) {
  if (second_weights != nullptr) w2_ = std::make_shared<const engine::WeightsOperator>(*second_weights);
  HINTERLAND_CHECK(w_->Rows() == Rows(), "W and the frame differ in rows");
  HINTERLAND_CHECK(w2_ == nullptr || w2_->Rows() == Rows(), "W2 and the frame differ in rows");
}

RowKey SpatialDesign::KeyOf(std::int64_t row) const {
  const std::int64_t units = HasWeights() ? w_->Units() : Rows();
  return RowKey{row % units, row / units};
}

const engine::WeightsOperator& SpatialDesign::W() const {
  HINTERLAND_CHECK(w_ != nullptr, "W asked of a design without weights");
  return *w_;
}

const engine::WeightsOperator& SpatialDesign::W2() const { return w2_ != nullptr ? *w2_ : W(); }

SpatialDesign BuildSpatialDesign(engine::ModelFrame frame,
                                 const engine::SpatialWeights& weights,
                                 const engine::SpatialWeights* second_weights,
                                 const ModelDataOptions& options) {
  if (second_weights == nullptr) return SpatialDesign(AlignModelData(std::move(frame), weights, options));
  // W2 is aligned to the rows as read (W's alignment may drop some), then must keep the same units as W.
  const engine::ModelFrame unaligned = frame;
  ModelData first = AlignModelData(std::move(frame), weights, options);
  ModelData second = AlignModelData(unaligned, *second_weights, options);
  if (second.frame.ids != first.frame.ids) {
    throw engine::WeightsError(fmt::format(
        "the second weights ({}) keep {} observations after aligning and the weights ({}) keep {}: both must "
        "keep the same units (check their islands and the island policy)",
        second_weights->Source(), second.frame.ids.size(), weights.Source(), first.frame.ids.size()));
  }
  return SpatialDesign(std::move(first), &second.weights);
}

}  // namespace hinterland::estimators
