// lanczos back-end: blocked plain Lanczos per Rademacher probe, Golub-Welsch Gauss rules from the
// tridiagonals, and the Chebyshev control variate with exact traces (see the header for the formulas).
#include "engine/logdet/lanczos_log_determinant.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <span>
#include <utility>

#include "engine/core/error.hpp"
#include "engine/logdet/chebyshev_log_determinant.hpp"

namespace hinterland::engine {

namespace {

// Up to n = exact_traces_max_n the control variate uses exact traces of this order (capped at 2m - 1, the
// degree the Gauss rule integrates exactly): chebyshev's default order, whose interpolation error was
// negligible (2e-8 relative at rho = 0.95 / lambda_max, see LogDetOptions), so the stochastic remainder is
// tiny on small W, where exact traces of that order cost milliseconds.
constexpr int kSmallWeightsExactOrder = 30;

// beta_k below this fraction of the spectral radius means the Krylov space of the probe is invariant (to
// rounding): its spectral measure has k points and the k-node Gauss rule is exact, so the probe stops.
// Stopping at a small but genuine beta perturbs T by beta, i.e. the probe's quadrature by ~1e-10 relative.
constexpr double kBreakdownTolerance = 1e-10;

// The largest per-step convergence ratio the truncation estimate extrapolates with (see ErrorEstimate).
constexpr double kMaximumRatio = 0.95;

// A Rademacher vector from 64 engine bits at a time, written into column `column` of a row-major block:
// the same bits and order as trace_estimators' probes, so a seed gives the same probes there and here.
void FillRademacherColumn(std::mt19937_64& engine,
                          std::int64_t n,
                          std::int64_t columns,
                          std::int64_t column,
                          double magnitude,
                          double* block) {
  std::uint64_t bits = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    if (i % 64 == 0) bits = engine();
    block[i * columns + column] = (bits & 1U) ? magnitude : -magnitude;
    bits >>= 1U;
  }
}

// Nodes and weights of the Gauss rule of the Jacobi matrix with diagonal alpha[0..size) and off-diagonal
// beta[0..size-1) (Golub & Welsch 1969): eigenvalues and squared first components of the eigenvectors.
void GaussRule(const arma::rowvec& alpha,
               const arma::rowvec& beta,
               int size,
               arma::subview_row<double> nodes,
               arma::subview_row<double> weights) {
  arma::mat jacobi(size, size, arma::fill::zeros);
  for (int k = 0; k < size; ++k) {
    jacobi(k, k) = alpha[k];
    if (k + 1 < size) {
      jacobi(k, k + 1) = beta[k];
      jacobi(k + 1, k) = beta[k];
    }
  }
  arma::vec values;
  arma::mat vectors;
  if (!arma::eig_sym(values, vectors, jacobi)) {
    throw NumericalError(
        fmt::format("log|I - rho W| (lanczos): the eigen-decomposition of a {} x {} Lanczos tridiagonal "
                    "failed (LAPACK)",
                    size, size));
  }
  nodes.zeros();
  weights.zeros();
  for (int k = 0; k < size; ++k) {
    nodes[k] = values[k];
    weights[k] = vectors(0, k) * vectors(0, k);
  }
}

// The rows of Lanczos coefficients of one block: alpha (diagonal) and beta (off-diagonal) per probe, and
// how many steps each probe took (m, or fewer at a breakdown).
struct BlockRecurrence {
  arma::mat alpha;  // columns x m
  arma::mat beta;   // columns x m (the last column unused)
  std::vector<int> steps;
};

// Per-probe scalars of a block: a local array for the common block widths (the compiler then keeps them in
// registers and vectorises the loops over a row of the block, which it cannot do through a heap pointer
// that might alias the vectors), a heap vector for any other width (Width = 0).
template <std::int64_t Width>
struct Lanes {
  explicit Lanes(std::int64_t /*columns*/) {}
  double& operator[](std::int64_t c) { return values[c]; }
  double operator[](std::int64_t c) const { return values[c]; }
  void Clear() { values.fill(0.0); }
  std::array<double, Width> values{};
};
template <>
struct Lanes<0> {
  explicit Lanes(std::int64_t columns) : values(columns, 0.0) {}
  double& operator[](std::int64_t c) { return values[c]; }
  double operator[](std::int64_t c) const { return values[c]; }
  void Clear() { std::fill(values.begin(), values.end(), 0.0); }
  std::vector<double> values;
};

// m steps of plain Lanczos for the `current.n_rows` unit start vectors in `current` (row-major n x columns;
// Width is that count, or 0 for any count), each with its own three-term recurrence
//   beta_k q_{k+1} = S q_k - alpha_k q_k - beta_{k-1} q_{k-1}.
template <std::int64_t Width>
BlockRecurrence LanczosBlock(const CsrMatrix& matrix,
                             arma::mat current,
                             int steps,
                             double breakdown_tolerance) {
  const std::int64_t columns = Width > 0 ? Width : static_cast<std::int64_t>(current.n_rows);
  const std::int64_t n = matrix.n;
  const std::size_t length = static_cast<std::size_t>(n * columns);
  arma::mat previous(columns, n, arma::fill::zeros);
  arma::mat next(columns, n);
  BlockRecurrence result{arma::mat(columns, steps, arma::fill::zeros),
                         arma::mat(columns, steps, arma::fill::zeros), std::vector<int>(columns, steps)};
  Lanes<Width> alpha(columns), last_beta(columns), squares(columns), inverse(columns);
  std::vector<char> active(columns, 1);
  for (int k = 0; k < steps; ++k) {
    matrix.MultiplyBlock(std::span<const double>(current.memptr(), length),
                         std::span<double>(next.memptr(), length), columns);
    const double* q = current.memptr();
    const double* q_previous = previous.memptr();
    double* r = next.memptr();
    alpha.Clear();
    for (std::int64_t i = 0; i < n; ++i) {
      for (std::int64_t c = 0; c < columns; ++c) alpha[c] += q[i * columns + c] * r[i * columns + c];
    }
    for (std::int64_t c = 0; c < columns; ++c) {
      if (active[c]) result.alpha(c, k) = alpha[c];
    }
    if (k + 1 == steps) break;
    squares.Clear();
    for (std::int64_t i = 0; i < n; ++i) {
      for (std::int64_t c = 0; c < columns; ++c) {
        const std::int64_t at = i * columns + c;
        const double value = r[at] - alpha[c] * q[at] - last_beta[c] * q_previous[at];
        r[at] = value;
        squares[c] += value * value;
      }
    }
    for (std::int64_t c = 0; c < columns; ++c) {
      const double beta = std::sqrt(squares[c]);
      if (active[c] && beta <= breakdown_tolerance) {
        active[c] = 0;
        result.steps[c] = k + 1;
      }
      // A stopped probe's vectors become zero and stay zero (S 0 = 0), so the block can go on unchanged.
      inverse[c] = active[c] ? 1.0 / beta : 0.0;
      last_beta[c] = active[c] ? beta : 0.0;
      if (active[c]) result.beta(c, k) = beta;
    }
    for (std::int64_t i = 0; i < n; ++i) {
      for (std::int64_t c = 0; c < columns; ++c) r[i * columns + c] *= inverse[c];
    }
    previous.swap(current);
    current.swap(next);
  }
  return result;
}

BlockRecurrence RunBlock(const CsrMatrix& matrix, arma::mat start, int steps, double breakdown_tolerance) {
  switch (start.n_rows) {
    case 1:
      return LanczosBlock<1>(matrix, std::move(start), steps, breakdown_tolerance);
    case 4:
      return LanczosBlock<4>(matrix, std::move(start), steps, breakdown_tolerance);
    case 8:
      return LanczosBlock<8>(matrix, std::move(start), steps, breakdown_tolerance);
    case 16:
      return LanczosBlock<16>(matrix, std::move(start), steps, breakdown_tolerance);
    default:
      return LanczosBlock<0>(matrix, std::move(start), steps, breakdown_tolerance);
  }
}

}  // namespace

LanczosLogDeterminant::LanczosLogDeterminant(const SpatialWeights& w,
                                             const SymmetricForm* symmetric_form,
                                             const ExtremeEigenvalues& eigenvalues,
                                             const LogDetOptions& options)
    : LogDeterminant(w.n(), LogDetMethod::kLanczos, eigenvalues),
      steps_(options.lanczos_steps),
      block_size_(std::min(options.lanczos_block_size, options.lanczos_probes)) {
  if (symmetric_form == nullptr) {
    throw OptionError(
        {{"logdet", "lanczos",
          fmt::format("lanczos needs W symmetric or similar to symmetric (W = D^-1 A with A "
                      "symmetric, e.g. row-standardised contiguity): Lanczos quadrature works on "
                      "the symmetric form D^1/2 W D^-1/2; the weights from {} are not "
                      "(asymmetric, e.g. k nearest neighbours): use `logdet` mc, lu or auto",
                      w.Source())}});
  }
  const CsrMatrix& matrix = symmetric_form->matrix;
  RunLanczos(matrix, options.seed, options.lanczos_probes);

  // The interval of the control variate: the spectrum's extent, widened to every Ritz value (Ritz values
  // lie inside the true spectrum, so this only corrects an iterative estimate of its ends and guarantees
  // 1 - rho theta > 0 at every node inside Bounds()); [-1, 1] for W = 0, as chebyshev.
  lower_ = std::min(eigenvalues.lambda_min, gauss_.nodes.min());
  upper_ = std::max(eigenvalues.lambda_max, gauss_.nodes.max());
  if (!(upper_ > lower_)) {
    lower_ = -1.0;
    upper_ = 1.0;
  }
  SetBounds(BoundsFromEigenvalues({lower_, upper_, eigenvalues.spectrum, eigenvalues.method, 0.0}));

  exact_order_ =
      std::min(w.n() <= options.exact_traces_max_n ? kSmallWeightsExactOrder : options.exact_trace_order,
               2 * steps_ - 1);
  const PolynomialBasis basis = PolynomialBasis::Chebyshev(lower_, upper_);
  exact_traces_ = ExactPolynomialTraces(matrix, basis, exact_order_);
  // Each probe's Gauss-rule moments of T_j(X): exactly v' T_j(X) v / ||v||^2 for j <= 2m - 1.
  probe_moments_.zeros(gauss_.nodes.n_rows, exact_order_ + 1);
  for (arma::uword p = 0; p < gauss_.nodes.n_rows; ++p) {
    for (int k = 0; k < steps_; ++k) {
      const double weight = gauss_.weights(p, k);
      if (weight == 0.0) continue;
      const double x = basis.scale * gauss_.nodes(p, k) + basis.shift;
      double before = 1.0;  // T_0
      double now = x;       // T_1
      probe_moments_(p, 0) += weight;
      for (int j = 1; j <= exact_order_; ++j) {
        probe_moments_(p, j) += weight * now;
        const double after = 2.0 * x * now - before;
        before = now;
        now = after;
      }
    }
  }
}

void LanczosLogDeterminant::RunLanczos(const CsrMatrix& matrix, std::uint64_t seed, int probes) {
  const std::int64_t n = matrix.n;
  gauss_ = {arma::mat(probes, steps_, arma::fill::zeros), arma::mat(probes, steps_, arma::fill::zeros)};
  shorter_ = {gauss_, gauss_};
  const ExtremeEigenvalues& extremes = Eigenvalues();
  const double radius = std::max(std::fabs(extremes.lambda_min), std::fabs(extremes.lambda_max));
  const double breakdown_tolerance = kBreakdownTolerance * radius;
  const double magnitude = 1.0 / std::sqrt(static_cast<double>(n));  // unit start vectors v / ||v||
  std::mt19937_64 engine(seed);
  for (int first = 0; first < probes; first += block_size_) {
    const int columns = std::min(block_size_, probes - first);
    arma::mat start(columns, n);
    for (int c = 0; c < columns; ++c) FillRademacherColumn(engine, n, columns, c, magnitude, start.memptr());
    const BlockRecurrence recurrence = RunBlock(matrix, std::move(start), steps_, breakdown_tolerance);
    for (int c = 0; c < columns; ++c) {
      const int p = first + c;
      const int size = recurrence.steps[c];
      if (size < steps_) breakdowns_ += 1;
      const arma::rowvec alpha = recurrence.alpha.row(c);
      const arma::rowvec beta = recurrence.beta.row(c);
      GaussRule(alpha, beta, size, gauss_.nodes.row(p), gauss_.weights.row(p));
      // The rules of m - 1 and m - 2 steps, for the truncation estimate; an early stop is exact, so all
      // three rules are then the same.
      for (int fewer = 1; fewer <= 2; ++fewer) {
        Quadrature& rule = shorter_[fewer - 1];
        if (size == steps_ && steps_ - fewer >= 1) {
          GaussRule(alpha, beta, steps_ - fewer, rule.nodes.row(p), rule.weights.row(p));
        } else {
          rule.nodes.row(p) = gauss_.nodes.row(p);
          rule.weights.row(p) = gauss_.weights.row(p);
        }
      }
    }
  }
}

namespace {

// sum_k weights_k f(nodes_k) for one probe, f = log(1 - rho x) or its rho-derivative -x / (1 - rho x).
double ApplyRule(
    const arma::mat& nodes, const arma::mat& weights, arma::uword probe, double rho, bool derivative) {
  double sum = 0.0;
  for (arma::uword k = 0; k < nodes.n_cols; ++k) {
    const double weight = weights(probe, k);
    if (weight == 0.0) continue;
    const double theta = nodes(probe, k);
    sum += weight * (derivative ? -theta / (1.0 - rho * theta) : std::log1p(-rho * theta));
  }
  return sum;
}

}  // namespace

arma::vec LanczosLogDeterminant::PerProbeEstimates(double rho, bool derivative) const {
  const arma::vec coefficients =
      ChebyshevLogDeterminant::Coefficients(rho, lower_, upper_, exact_order_, derivative);
  double exact = 0.0;
  for (int j = 0; j <= exact_order_; ++j) exact += coefficients[j] * exact_traces_[j];
  const arma::vec controls = probe_moments_ * coefficients;  // each probe's quadrature of p_rho
  const auto units = static_cast<double>(n());
  arma::vec estimates(gauss_.nodes.n_rows);
  for (arma::uword p = 0; p < estimates.n_elem; ++p) {
    estimates[p] =
        exact + units * (ApplyRule(gauss_.nodes, gauss_.weights, p, rho, derivative) - controls[p]);
  }
  return estimates;
}

double LanczosLogDeterminant::Evaluate(double rho) const {
  RequireInsideBounds(rho);
  return arma::mean(PerProbeEstimates(rho, false));
}

double LanczosLogDeterminant::Derivative(double rho) const {
  RequireInsideBounds(rho);
  return arma::mean(PerProbeEstimates(rho, true));
}

double LanczosLogDeterminant::ErrorEstimate(double rho) const {
  RequireInsideBounds(rho);
  const arma::vec estimates = PerProbeEstimates(rho, false);
  const double standard_error = arma::stddev(estimates) / std::sqrt(static_cast<double>(estimates.n_elem));
  // Mean changes of the Gauss rules over the last two steps: d1 = Q_{m-2} - Q_{m-1}, d2 = Q_{m-1} - Q_m.
  double first_change = 0.0;
  double last_change = 0.0;
  for (arma::uword p = 0; p < gauss_.nodes.n_rows; ++p) {
    const double q_m = ApplyRule(gauss_.nodes, gauss_.weights, p, rho, false);
    const double q_m1 = ApplyRule(shorter_[0].nodes, shorter_[0].weights, p, rho, false);
    const double q_m2 = ApplyRule(shorter_[1].nodes, shorter_[1].weights, p, rho, false);
    first_change += q_m2 - q_m1;
    last_change += q_m1 - q_m;
  }
  // The error of Q_m is d2 (r + r^2 + ...) = d2 r / (1 - r) for a geometric decrease at ratio r = d2 / d1;
  // never less than d2 itself, and the ratio capped at 0.95 (x 19) where the rule has not started to
  // converge (d2 >= d1).
  double ratio = first_change > 0.0 && last_change >= 0.0 ? last_change / first_change : kMaximumRatio;
  ratio = std::min(ratio, kMaximumRatio);
  const double truncation = static_cast<double>(n()) * std::fabs(last_change) /
                            static_cast<double>(Probes()) * std::max(1.0, ratio / (1.0 - ratio));
  return standard_error + truncation;
}

std::string LanczosLogDeterminant::Details() const {
  const std::string stops =
      breakdowns_ > 0
          ? fmt::format("; {} probes ended early with an invariant Krylov space (exact)", breakdowns_)
          : std::string();
  return fmt::format(
      "stochastic Lanczos quadrature (Ubaru, Chen & Saad 2017), {} steps, {} Rademacher probes in blocks of "
      "{}, exact traces to order {} (Chebyshev control variate on [{:.6g}, {:.6g}]){}",
      steps_, Probes(), block_size_, exact_order_, lower_, upper_, stops);
}

}  // namespace hinterland::engine
