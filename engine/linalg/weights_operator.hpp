// WeightsOperator: W as it acts on the rows of a model, over the N x N SpatialWeights underneath. Rows are
// period-major: row t N + i is unit i in period t, and W acts within each period, as I_T (x) W (a
// cross-section is T = 1). Estimators, diagnostics and impacts apply W through this (Apply, ApplyTransposed,
// Rows), as Ceres's iterative solvers multiply through LinearOperator without knowing the storage, so that a
// panel, a GPU-resident or a distributed W plugs in here without touching them. It also caches what is
// computed from the exact N x N matrix once per fit instead of once per user: the symmetric form (log-
// determinant, covariance traces, impacts), and W's extreme eigenvalues and whole spectrum (log-determinant
// and impacts), its constants S0, S1, S2 (the diagnostics) and its row sums. The cache belongs to this exact
// W (spatialreg#11: a listw changed after set-up must not reuse old eigenvalues), and the operator is
// immutable, so it cannot go stale. Never dense: the spectrum is computed only when asked for, by back-ends
// that are dense by choice.
#pragma once

#include <armadillo>
#include <complex>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

#include "engine/linalg/extreme_eigenvalues.hpp"
#include "engine/linalg/symmetric_form.hpp"
#include "engine/weights/spatial_weights.hpp"
#include "engine/weights/weights_summary.hpp"

namespace hinterland::engine {

class WeightsOperator {
 public:
  // W over `periods` periods of its n units (periods >= 1).
  explicit WeightsOperator(SpatialWeights weights, std::int64_t periods = 1);

  std::int64_t Rows() const { return weights_.n() * periods_; }
  std::int64_t Units() const { return weights_.n(); }
  std::int64_t Periods() const { return periods_; }

  // (I_T (x) W) x and (I_T (x) W') x for x with Rows() entries; column by column for a matrix.
  arma::vec Apply(const arma::vec& x) const;
  arma::mat Apply(const arma::mat& x) const;
  arma::vec ApplyTransposed(const arma::vec& x) const;

  // The N x N matrix underneath, for the engine's back-ends (log-determinants, factorisations) that work on
  // W itself rather than on the model's rows.
  const SpatialWeights& Weights() const { return weights_; }

  // S similar to W, or null when W is not similar to symmetric; computed on first use.
  const SymmetricForm* Symmetric() const;
  // Every eigenvalue of W (dense: the caller chose a dense method), computed on first use from S when W is
  // similar to symmetric (real) or from W (complex in general).
  const arma::cx_vec& Spectrum() const;
  // W's extreme eigenvalues with the default options (exact ends where the structure gives them), computed
  // on first use; from the spectrum when it is already known.
  const ExtremeEigenvalues& Eigenvalues() const;
  // S0, S1, S2 and the first-order traces (Moran's I, the LM tests, the covariance), computed on first use.
  const WeightsConstants& Constants() const;
  // W's row sums: common, Perron root, the norm bounds (auto's choice, the rho interval, impacts' totals).
  const WeightsRowSums& RowSums() const;

 private:
  SpatialWeights weights_;
  std::int64_t periods_ = 1;
  // The caches, each filled once under its flag (the operator is shared by const reference).
  struct Cache {
    std::once_flag symmetric_once;
    std::optional<SymmetricForm> symmetric;
    std::once_flag spectrum_once;
    arma::cx_vec spectrum;
    std::mutex eigenvalues_mutex;
    std::optional<ExtremeEigenvalues> eigenvalues;
    std::once_flag constants_once;
    WeightsConstants constants;
    std::once_flag row_sums_once;
    WeightsRowSums row_sums;
  };
  std::unique_ptr<Cache> cache_ = std::make_unique<Cache>();
};

}  // namespace hinterland::engine
