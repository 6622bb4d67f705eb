// WeightsOperator: I_T (x) W applied period by period, and the once-per-W cache (see weights_operator.hpp).
#include "engine/linalg/weights_operator.hpp"

#include "engine/core/error.hpp"

namespace hinterland::engine {
WeightsOperator::WeightsOperator(SpatialWeights weights, std::int64_t periods)
    : weights_(std::move(weights)), periods_(periods) {
  HINTERLAND_CHECK(periods >= 1, "a WeightsOperator needs at least one period");
}

arma::vec WeightsOperator::Apply(const arma::vec& x) const {
  HINTERLAND_CHECK(static_cast<std::int64_t>(x.n_elem) == Rows(), "W applied to a vector of another length");
  if (periods_ == 1) return weights_.Multiply(x);
  arma::vec y(x.n_elem);
  const std::size_t n = static_cast<std::size_t>(Units());
  for (std::int64_t t = 0; t < periods_; ++t) {
    const std::size_t offset = static_cast<std::size_t>(t) * n;
    weights_.Multiply(std::span<const double>(x.memptr() + offset, n),
                      std::span<double>(y.memptr() + offset, n));
  }
  return y;
}

arma::mat WeightsOperator::Apply(const arma::mat& x) const {
  if (periods_ == 1) return weights_.Multiply(x);
  arma::mat y(x.n_rows, x.n_cols);
  for (arma::uword j = 0; j < x.n_cols; ++j) y.col(j) = Apply(arma::vec(x.col(j)));
  return y;
}

arma::vec WeightsOperator::ApplyTransposed(const arma::vec& x) const {
  HINTERLAND_CHECK(static_cast<std::int64_t>(x.n_elem) == Rows(), "W' applied to a vector of another length");
  arma::vec y(x.n_elem);
  const std::size_t n = static_cast<std::size_t>(Units());
  for (std::int64_t t = 0; t < periods_; ++t) {
    const std::size_t offset = static_cast<std::size_t>(t) * n;
    weights_.MultiplyTransposed(std::span<const double>(x.memptr() + offset, n),
                                std::span<double>(y.memptr() + offset, n));
  }
  return y;
}

const SymmetricForm* WeightsOperator::Symmetric() const {
  std::call_once(cache_->symmetric_once, [this] { cache_->symmetric = FindSymmetricForm(weights_); });
  return cache_->symmetric ? &*cache_->symmetric : nullptr;
}

const arma::cx_vec& WeightsOperator::Spectrum() const {
  std::call_once(cache_->spectrum_once, [this] { cache_->spectrum = AllEigenvalues(weights_, Symmetric()); });
  return cache_->spectrum;
}

const WeightsConstants& WeightsOperator::Constants() const {
  std::call_once(cache_->constants_once, [this] { cache_->constants = ComputeWeightsConstants(weights_); });
  return cache_->constants;
}

const WeightsRowSums& WeightsOperator::RowSums() const {
  std::call_once(cache_->row_sums_once, [this] { cache_->row_sums = ComputeRowSums(weights_); });
  return cache_->row_sums;
}

const ExtremeEigenvalues& WeightsOperator::Eigenvalues() const {
  const std::lock_guard<std::mutex> lock(cache_->eigenvalues_mutex);
  if (!cache_->eigenvalues)
    cache_->eigenvalues = ComputeExtremeEigenvalues(weights_, Symmetric(), {}, &RowSums());
  return *cache_->eigenvalues;
}

}  // namespace hinterland::engine
