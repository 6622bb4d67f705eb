// The within transformation of a balanced panel (Baltagi 2021, sec. 2.2 and 3.2; Elhorst 2014, sec. 3.2):
// a column minus its unit means (individual effects), its period means (time effects) or both plus the grand
// mean (twoways), in one O(NT) pass and never as an NT x NT matrix. Rows are period-major (row t N + i is
// unit i in period t), as SpatialDesign orders them.
#pragma once

#include <armadillo>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/formula/model_frame.hpp"
#include "estimators/panel/panel_effects.hpp"

namespace hinterland::estimators {

// Every column of `x` (units * periods rows) demeaned for `effects`; kNone returns it unchanged.
arma::mat WithinTransform(const arma::mat& x, std::int64_t units, std::int64_t periods, PanelEffects effects);
arma::vec WithinTransform(const arma::vec& x, std::int64_t units, std::int64_t periods, PanelEffects effects);

// Whether `column` (units * periods rows, period-major) is constant over each unit's periods, beyond
// rounding: what individual effects absorb entirely.
bool IsTimeInvariant(const arma::vec& column, std::int64_t units, std::int64_t periods);

// The frame of the within-transformed model: y and the kept columns of X transformed for `effects` (kNone:
// the frame itself). Fixed effects absorb the intercept; a regressor they absorb entirely is an
// engine::DataError under individual effects (it is time-invariant; naming it and suggesting `random` or
// `mundlak`) and is dropped with a note in
// `notes` under time effects (it varies only over time).
engine::ModelFrame WithinFrame(const engine::ModelFrame& frame,
                               std::int64_t units,
                               std::int64_t periods,
                               PanelEffects effects,
                               std::vector<std::string>& notes);

}  // namespace hinterland::estimators
