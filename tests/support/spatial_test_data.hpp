// Small synthetic inputs for the ML estimator tests: rook-contiguity lattices and model frames built in
// memory, so each test states its own data-generating process.
#pragma once

#include <armadillo>
#include <string>
#include <vector>

#include "engine/formula/model_frame.hpp"
#include "engine/weights/spatial_weights.hpp"
#include "estimators/common/model_data.hpp"
#include "tests/support/test_weights.hpp"

namespace hinterland::estimators::testing {

// Rook contiguity on a rows x columns lattice (unit i = r * columns + c), in the given style.
inline engine::SpatialWeights RookLattice(int rows, int columns, engine::WeightsStyle style) {
  return ::hinterland::testing::Lattice(rows, columns, /*queen=*/false, style);
}

// A frame with y and the columns of x named `names` ("(Intercept)" marks the intercept column).
inline engine::ModelFrame MakeFrame(const arma::vec& y,
                                    const arma::mat& x,
                                    const std::vector<std::string>& names) {
  engine::ModelFrame frame;
  frame.formula_text = "y ~ ...";
  frame.dependent = "y";
  frame.y = y;
  frame.x = x;
  frame.column_names = names;
  for (const std::string& name : names) {
    frame.column_kinds.push_back(name == "(Intercept)" ? engine::ColumnKind::kIntercept
                                                       : engine::ColumnKind::kNumeric);
  }
  for (arma::uword i = 0; i < y.n_elem; ++i) frame.ids.push_back(std::to_string(i + 1));
  frame.source = "<test>";
  return frame;
}

inline ModelData MakeData(engine::ModelFrame frame, engine::SpatialWeights w) {
  return ModelData{std::move(frame), std::move(w), {}};
}

// y = (I - rho W)^-1 (X beta + e) by a dense solve (small n only: test oracle).
inline arma::vec SimulateLag(const engine::SpatialWeights& w,
                             double rho,
                             const arma::vec& mean,
                             const arma::vec& e) {
  arma::mat filter = -rho * arma::mat(w.ToSparseMatrix());
  filter.diag() += 1.0;
  return arma::solve(filter, mean + e);
}

}  // namespace hinterland::estimators::testing
