// UnbalancedWeightsOperator: W_t applied period by period (see unbalanced_weights_operator.hpp).
#include "engine/linalg/unbalanced_weights_operator.hpp"

#include <span>
#include <utility>

#include "engine/core/error.hpp"

namespace hinterland::engine {

UnbalancedWeightsOperator::UnbalancedWeightsOperator(std::int64_t units,
                                                     std::vector<Block> blocks,
                                                     std::vector<std::size_t> period_blocks)
    : units_(units), blocks_(std::move(blocks)), period_blocks_(std::move(period_blocks)) {
  block_periods_.assign(blocks_.size(), 0);
  for (const Block& block : blocks_) {
    HINTERLAND_CHECK(block.w != nullptr && block.w->Periods() == 1 &&
                         block.w->Units() == static_cast<std::int64_t>(block.units.size()),
                     "an unbalanced panel's W_t must be one period over its units");
  }
  for (std::size_t t = 0; t < period_blocks_.size(); ++t) {
    const std::size_t b = period_blocks_[t];
    HINTERLAND_CHECK(b < blocks_.size(), "a period without its W_t");
    ++block_periods_[b];
    period_starts_.push_back(rows_);
    for (const std::int64_t unit : blocks_[b].units) {
      HINTERLAND_CHECK(unit >= 0 && unit < units_, "a W_t unit outside the panel");
      row_units_.push_back(unit);
      row_periods_.push_back(static_cast<std::int64_t>(t));
    }
    rows_ += static_cast<std::int64_t>(blocks_[b].units.size());
  }
}

std::int64_t UnbalancedWeightsOperator::PeriodRows(std::int64_t period) const {
  return static_cast<std::int64_t>(blocks_[BlockOf(period)].units.size());
}

arma::vec UnbalancedWeightsOperator::ApplyEach(const arma::vec& x, bool transposed) const {
  HINTERLAND_CHECK(static_cast<std::int64_t>(x.n_elem) == rows_, "W applied to a vector of another length");
  arma::vec y(x.n_elem);
  for (std::int64_t t = 0; t < Periods(); ++t) {
    const SpatialWeights& w = blocks_[BlockOf(t)].w->Weights();
    const auto offset = static_cast<std::size_t>(PeriodStart(t));
    const auto n = static_cast<std::size_t>(PeriodRows(t));
    const std::span<const double> in(x.memptr() + offset, n);
    const std::span<double> out(y.memptr() + offset, n);
    if (transposed) {
      w.MultiplyTransposed(in, out);
    } else {
      w.Multiply(in, out);
    }
  }
  return y;
}

arma::vec UnbalancedWeightsOperator::Apply(const arma::vec& x) const { return ApplyEach(x, false); }

arma::vec UnbalancedWeightsOperator::ApplyTransposed(const arma::vec& x) const { return ApplyEach(x, true); }

arma::mat UnbalancedWeightsOperator::Apply(const arma::mat& x) const {
  arma::mat y(x.n_rows, x.n_cols);
  for (arma::uword j = 0; j < x.n_cols; ++j) y.col(j) = ApplyEach(arma::vec(x.col(j)), false);
  return y;
}

}  // namespace hinterland::engine
