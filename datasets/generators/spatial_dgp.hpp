// Spatial data-generating processes (LeSage & Pace 2009, ch. 2; Elhorst 2014, ch. 3), cross-section
// (T = 1) or panel, period by period with one N x N weights matrix W:
//   none: y_t = c + X_t b + mu + alpha_t + e_t
//   SAR:  y_t = rho W y_t + c + X_t b + mu + alpha_t + e_t
//   SDM:  y_t = rho W y_t + c + X_t b + W X_t theta + mu + alpha_t + e_t
//   SEM:  y_t = c + X_t b + mu + alpha_t + u_t,  u_t = lambda W u_t + e_t
//   SAC:  y_t = rho W y_t + c + X_t b + mu + alpha_t + u_t,  u_t = lambda W u_t + e_t
// with x1..xk and e ~ N(0, sigma^2), mu_i and alpha_t normal, all seeded. An unbalanced panel draws its
// missing unit-periods first and each period's y from that period's W_t (W over the units observed in it,
// re-standardised from the binary links), the model the unbalanced panel estimators fit; there the effects
// of SEM and SAC enter the filtered equation, u_t = (I - lambda W_t)^-1 (mu + alpha_t + e_t), as those
// estimators assume (in a balanced panel the same model up to the effects' values). The inverses are applied
// by the fixed-point solver (spatial_solver.hpp), which needs |rho|, |lambda| < 1 / SpectralRadiusBound(W).
#pragma once

#include <armadillo>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/progress.hpp"
#include "engine/weights/spatial_weights.hpp"

namespace hinterland::generators {

enum class SpatialModel { kNone, kSar, kSem, kSdm, kSac };
std::string ToString(SpatialModel model);                 // "none", "sar", "sem", "sdm", "sac"
SpatialModel ParseSpatialModel(const std::string& text);  // OptionError keyed "model" otherwise
bool UsesRho(SpatialModel model);                         // SAR, SDM, SAC
bool UsesLambda(SpatialModel model);                      // SEM, SAC

struct DgpParameters {
  SpatialModel model = SpatialModel::kSar;
  double rho = 0.0;     // spatial lag of y
  double lambda = 0.0;  // spatial error
  double intercept = 0.0;
  std::vector<double> beta;   // k: coefficients of x1..xk
  std::vector<double> theta;  // k for SDM (coefficients of W x1..W xk), else empty
  double sigma = 1.0;         // standard deviation of e
};

struct PanelSpec {
  std::int64_t periods = 1;       // T; 1 is a cross-section
  double missing_fraction = 0.0;  // share of unit-periods dropped from the output (exact count, seeded)
  bool individual_effects = false;
  bool time_effects = false;
  double individual_effects_sd = 1.0;  // mu_i ~ N(0, sd^2)
  double time_effects_sd = 1.0;        // alpha_t ~ N(0, sd^2)
};

// Observation r = t * n + i is unit i in period t (period-major, so period t is a contiguous block).
struct SimulatedData {
  std::int64_t n = 0;
  std::int64_t periods = 1;
  arma::mat x;                         // nT x k: x1..xk
  arma::vec errors;                    // nT: e
  arma::vec y;                         // nT
  arma::vec individual_effects;        // n: mu (zeros when off)
  arma::vec time_effects;              // T: alpha (zeros when off)
  std::vector<std::uint8_t> observed;  // nT: 1 kept, 0 dropped by the unbalanced design
  std::int64_t solver_iterations = 0;  // total W products in the fixed-point solves
  double max_solver_residual = 0.0;    // largest max-norm residual of any solve
};

// Throws engine::OptionError naming the option (--rho, --lambda, --beta, --theta, --sigma, --panel,
// --unbalanced) for values out of range, parameters the model does not use, or |rho| or |lambda| too
// large for the solver's convergence condition on W.
void ValidateDgp(const DgpParameters& parameters, const PanelSpec& panel, const engine::SpatialWeights& w);

// Validates, then draws X (column by column), e, mu, alpha and the missing pattern from their own seeded
// streams and solves each period, reporting each period solved to `progress` when set. Same (W, parameters,
// panel, seed) = the same bits.
SimulatedData SimulateSpatialData(const engine::SpatialWeights& w,
                                  const DgpParameters& parameters,
                                  const PanelSpec& panel,
                                  std::uint64_t seed,
                                  double tolerance = 1e-13,
                                  const engine::ProgressLog& progress = nullptr);

}  // namespace hinterland::generators
