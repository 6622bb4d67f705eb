// UnbalancedWeightsOperator: W as it acts on the rows of an unbalanced panel, block diagonal over the
// periods. Period t's block is W_t, W restricted to the units observed in t (and re-standardised by whoever
// built it); periods observing the same units share one W_t, a WeightsOperator of one period whose caches
// (symmetric form, eigenvalues, row sums) then serve every such period, so log-determinants and traces are
// set up once per distinct W_t. Rows are period-major as in WeightsOperator: period t's rows follow period t
// - 1's, its units in the order of its block. Never dense and never an N T x N T matrix.
#pragma once

#include <armadillo>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/linalg/weights_operator.hpp"

namespace hinterland::engine {

class UnbalancedWeightsOperator {
 public:
  // One distinct W_t: the units it covers (indices into the panel's units, in row order) and W over them.
  struct Block {
    std::vector<std::int64_t> units;
    std::shared_ptr<const WeightsOperator> w;  // units.size() x units.size(), one period
  };

  // `period_blocks[t]` is the index in `blocks` of period t's W_t; `units` is N, the panel's units.
  UnbalancedWeightsOperator(std::int64_t units,
                            std::vector<Block> blocks,
                            std::vector<std::size_t> period_blocks);

  std::int64_t Rows() const { return rows_; }
  std::int64_t Units() const { return units_; }
  std::int64_t Periods() const { return static_cast<std::int64_t>(period_blocks_.size()); }
  const std::vector<Block>& Blocks() const { return blocks_; }
  std::size_t BlockOf(std::int64_t period) const { return period_blocks_[static_cast<std::size_t>(period)]; }
  // How many periods use block b.
  std::int64_t PeriodsOf(std::size_t block) const { return block_periods_[block]; }
  // The first row of period t and its number of rows.
  std::int64_t PeriodStart(std::int64_t period) const {
    return period_starts_[static_cast<std::size_t>(period)];
  }
  std::int64_t PeriodRows(std::int64_t period) const;
  // The panel unit (0 .. N - 1) and the period of every row, in row order.
  const std::vector<std::int64_t>& RowUnits() const { return row_units_; }
  const std::vector<std::int64_t>& RowPeriods() const { return row_periods_; }

  // W_t applied within each period's rows; column by column for a matrix.
  arma::vec Apply(const arma::vec& x) const;
  arma::mat Apply(const arma::mat& x) const;
  arma::vec ApplyTransposed(const arma::vec& x) const;

 private:
  arma::vec ApplyEach(const arma::vec& x, bool transposed) const;

  std::int64_t units_ = 0;
  std::int64_t rows_ = 0;
  std::vector<Block> blocks_;
  std::vector<std::size_t> period_blocks_;
  std::vector<std::int64_t> block_periods_;
  std::vector<std::int64_t> period_starts_;
  std::vector<std::int64_t> row_units_;
  std::vector<std::int64_t> row_periods_;
};

}  // namespace hinterland::engine
