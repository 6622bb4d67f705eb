// Exact and Hutchinson traces of matrix polynomials through the basis recurrence. The symmetric shortcut
// uses tr X^(a+b) = sum_i <X^a e_i, X^b e_i> and T_a T_b = (T_(a+b) + T_|a-b|) / 2, so degree m needs only
// ceil(m/2) products per unit or probe.
#include "engine/linalg/trace_estimators.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <utility>

#include "engine/core/error.hpp"

namespace hinterland::engine {

PolynomialBasis PolynomialBasis::Chebyshev(double lower, double upper) {
  HINTERLAND_CHECK(lower < upper, "Chebyshev interval must have lower < upper");
  const double scale = 2.0 / (upper - lower);
  return {Kind::kChebyshev, scale, -(upper + lower) / (upper - lower)};
}

namespace {

// The recurrence multiplier of step k -> k+1 and whether p_(k-1) enters it.
double StepMultiplier(const PolynomialBasis& basis, int k) {
  return (basis.kind == PolynomialBasis::Kind::kChebyshev && k >= 1) ? 2.0 : 1.0;
}
bool UsesPrevious(const PolynomialBasis& basis, int k) {
  return basis.kind == PolynomialBasis::Kind::kChebyshev && k >= 1;
}

// A vector of n entries of which few are nonzero: dense values plus the list of entries touched, so that
// clearing costs the support, not n.
class SparseVector {
 public:
  explicit SparseVector(std::int64_t n) : values_(n, 0.0), touched_(n, 0) {}

  void Add(std::int32_t index, double value) {
    if (!touched_[index]) {
      touched_[index] = 1;
      support_.push_back(index);
    }
    values_[index] += value;
  }
  double Get(std::int32_t index) const { return values_[index]; }
  const std::vector<std::int32_t>& Support() const { return support_; }
  void Clear() {
    for (const std::int32_t index : support_) {
      values_[index] = 0.0;
      touched_[index] = 0;
    }
    support_.clear();
  }
  double Dot(const SparseVector& other) const {
    const SparseVector& shorter = support_.size() <= other.support_.size() ? *this : other;
    const SparseVector& longer = &shorter == this ? other : *this;
    double sum = 0.0;
    for (const std::int32_t index : shorter.support_) sum += shorter.values_[index] * longer.values_[index];
    return sum;
  }

 private:
  std::vector<double> values_;
  std::vector<char> touched_;
  std::vector<std::int32_t> support_;
};

// next' = multiplier * current' (scale M + shift I) - previous' (previous may be null): one step of the
// recurrence on row vectors, scattering along the rows of M.
void SparseStep(const CsrMatrix& matrix,
                const PolynomialBasis& basis,
                double multiplier,
                const SparseVector& current,
                const SparseVector* previous,
                SparseVector& next) {
  next.Clear();
  for (const std::int32_t j : current.Support()) {
    const double value = multiplier * current.Get(j);
    for (std::int64_t p = matrix.row_offsets[j]; p < matrix.row_offsets[j + 1]; ++p) {
      next.Add(matrix.column_indices[p], value * basis.scale * matrix.values[p]);
    }
    if (basis.shift != 0.0) next.Add(j, value * basis.shift);
  }
  if (previous != nullptr) {
    for (const std::int32_t j : previous->Support()) next.Add(j, -previous->Get(j));
  }
}

// Adds unit i's contributions e_i' p_k(M) e_i, k = 0..degree, to `traces` (any M).
void AddUnitTracesGeneral(const CsrMatrix& matrix,
                          const PolynomialBasis& basis,
                          std::int32_t unit,
                          std::vector<double>& traces,
                          SparseVector* vectors[3]) {
  SparseVector* previous = vectors[0];
  SparseVector* current = vectors[1];
  SparseVector* next = vectors[2];
  previous->Clear();
  current->Clear();
  current->Add(unit, 1.0);
  traces[0] += 1.0;
  const int degree = static_cast<int>(traces.size()) - 1;
  for (int k = 0; k < degree; ++k) {
    SparseStep(matrix, basis, StepMultiplier(basis, k), *current, UsesPrevious(basis, k) ? previous : nullptr,
               *next);
    traces[k + 1] += next->Get(unit);
    std::swap(previous, current);
    std::swap(current, next);
  }
}

// The same for exactly symmetric M with half the steps: u_k = p_k(M) e_i and
// power: tr_2k += <u_k, u_k>, tr_2k+1 += <u_k, u_k+1>;
// Chebyshev: tr_2k += 2 <u_k, u_k> - 1, tr_2k+1 += 2 <u_k, u_k+1> - u_1[i].
void AddUnitTracesSymmetric(const CsrMatrix& matrix,
                            const PolynomialBasis& basis,
                            std::int32_t unit,
                            std::vector<double>& traces,
                            SparseVector* vectors[3]) {
  const bool chebyshev = basis.kind == PolynomialBasis::Kind::kChebyshev;
  const int degree = static_cast<int>(traces.size()) - 1;
  SparseVector* previous = vectors[0];
  SparseVector* current = vectors[1];
  SparseVector* next = vectors[2];
  previous->Clear();
  current->Clear();
  current->Add(unit, 1.0);
  double first_diagonal = 0.0;  // u_1[i] = e_i' T_1 e_i
  for (int k = 0; 2 * k <= degree; ++k) {
    const double square = current->Dot(*current);
    traces[2 * k] += chebyshev ? 2.0 * square - 1.0 : square;
    if (2 * k + 1 > degree) break;
    SparseStep(matrix, basis, StepMultiplier(basis, k), *current, UsesPrevious(basis, k) ? previous : nullptr,
               *next);
    if (k == 0) first_diagonal = next->Get(unit);
    const double cross = current->Dot(*next);
    traces[2 * k + 1] += chebyshev ? 2.0 * cross - first_diagonal : cross;
    std::swap(previous, current);
    std::swap(current, next);
  }
}

// next = multiplier * (scale M + shift I) current - previous, on dense vectors (column recurrence).
void DenseStep(const CsrMatrix& matrix,
               const PolynomialBasis& basis,
               double multiplier,
               const arma::vec& current,
               const arma::vec* previous,
               arma::vec& next) {
  matrix.Multiply(std::span<const double>(current.memptr(), current.n_elem),
                  std::span<double>(next.memptr(), next.n_elem));
  next = multiplier * (basis.scale * next + basis.shift * current);
  if (previous != nullptr) next -= *previous;
}

// A Rademacher vector from 64 engine bits at a time.
arma::vec RademacherProbe(std::int64_t n, std::mt19937_64& engine) {
  arma::vec probe(n);
  std::uint64_t bits = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    if (i % 64 == 0) bits = engine();
    probe[i] = (bits & 1U) ? 1.0 : -1.0;
    bits >>= 1U;
  }
  return probe;
}

void ProbeTracesGeneral(const CsrMatrix& matrix,
                        const PolynomialBasis& basis,
                        const arma::vec& probe,
                        arma::rowvec& row) {
  const int degree = static_cast<int>(row.n_elem) - 1;
  arma::vec previous(matrix.n, arma::fill::zeros);
  arma::vec current = probe;
  arma::vec next(matrix.n);
  row[0] = arma::dot(probe, probe);
  for (int k = 0; k < degree; ++k) {
    DenseStep(matrix, basis, StepMultiplier(basis, k), current, UsesPrevious(basis, k) ? &previous : nullptr,
              next);
    row[k + 1] = arma::dot(probe, next);
    std::swap(previous, current);
    std::swap(current, next);
  }
}

void ProbeTracesSymmetric(const CsrMatrix& matrix,
                          const PolynomialBasis& basis,
                          const arma::vec& probe,
                          arma::rowvec& row) {
  const bool chebyshev = basis.kind == PolynomialBasis::Kind::kChebyshev;
  const int degree = static_cast<int>(row.n_elem) - 1;
  const double probe_square = arma::dot(probe, probe);
  arma::vec previous(matrix.n, arma::fill::zeros);
  arma::vec current = probe;
  arma::vec next(matrix.n);
  double first = 0.0;  // v' T_1 v
  for (int k = 0; 2 * k <= degree; ++k) {
    const double square = arma::dot(current, current);
    row[2 * k] = chebyshev ? 2.0 * square - probe_square : square;
    if (2 * k + 1 > degree) break;
    DenseStep(matrix, basis, StepMultiplier(basis, k), current, UsesPrevious(basis, k) ? &previous : nullptr,
              next);
    const double cross = arma::dot(current, next);
    if (k == 0) first = cross;
    row[2 * k + 1] = chebyshev ? 2.0 * cross - first : cross;
    std::swap(previous, current);
    std::swap(current, next);
  }
}

}  // namespace

std::vector<double> ExactPolynomialTraces(const CsrMatrix& matrix, const PolynomialBasis& basis, int degree) {
  HINTERLAND_CHECK(degree >= 0, "trace degree must be non-negative");
  std::vector<double> traces(degree + 1, 0.0);
  SparseVector first(matrix.n), second(matrix.n), third(matrix.n);
  SparseVector* vectors[3] = {&first, &second, &third};
  const bool symmetric = matrix.IsExactlySymmetric();
  for (std::int64_t i = 0; i < matrix.n; ++i) {
    if (symmetric) {
      AddUnitTracesSymmetric(matrix, basis, static_cast<std::int32_t>(i), traces, vectors);
    } else {
      AddUnitTracesGeneral(matrix, basis, static_cast<std::int32_t>(i), traces, vectors);
    }
  }
  return traces;
}

std::vector<double> StochasticTraces::Mean() const {
  return arma::conv_to<std::vector<double>>::from(arma::mean(per_probe, 0));
}

std::vector<double> StochasticTraces::StandardError() const {
  if (per_probe.n_rows < 2) {
    return std::vector<double>(per_probe.n_cols, std::numeric_limits<double>::infinity());
  }
  const arma::rowvec error = arma::stddev(per_probe, 0, 0) / std::sqrt(static_cast<double>(per_probe.n_rows));
  return arma::conv_to<std::vector<double>>::from(error);
}

StochasticTraces HutchinsonPolynomialTraces(
    const CsrMatrix& matrix, const PolynomialBasis& basis, int degree, int probes, std::uint64_t seed) {
  HINTERLAND_CHECK(degree >= 0 && probes >= 1, "Hutchinson traces need degree >= 0 and probes >= 1");
  StochasticTraces result;
  result.per_probe.set_size(probes, degree + 1);
  std::mt19937_64 engine(seed);
  const bool symmetric = matrix.IsExactlySymmetric();
  arma::rowvec row(degree + 1);
  for (int p = 0; p < probes; ++p) {
    const arma::vec probe = RademacherProbe(matrix.n, engine);
    if (symmetric) {
      ProbeTracesSymmetric(matrix, basis, probe, row);
    } else {
      ProbeTracesGeneral(matrix, basis, probe, row);
    }
    result.per_probe.row(p) = row;
  }
  return result;
}

double PolynomialTraces::Combine(const arma::vec& coefficients) const {
  HINTERLAND_CHECK(coefficients.n_elem == traces.size(), "coefficients and traces differ in length");
  double sum = 0.0;
  for (std::size_t k = 0; k < traces.size(); ++k) sum += coefficients[k] * traces[k];
  return sum;
}

double PolynomialTraces::StandardError(const arma::vec& coefficients) const {
  if (!IsStochastic()) return 0.0;
  if (per_probe.n_rows < 2) return std::numeric_limits<double>::infinity();
  const arma::vec per_probe_sums = per_probe * coefficients;
  return arma::stddev(per_probe_sums) / std::sqrt(static_cast<double>(per_probe.n_rows));
}

PolynomialTraces ComputePolynomialTraces(const CsrMatrix& matrix,
                                         const PolynomialBasis& basis,
                                         int degree,
                                         int exact_degree,
                                         int probes,
                                         std::uint64_t seed) {
  PolynomialTraces result;
  result.exact_degree = std::min(exact_degree, degree);
  const std::vector<double> exact = ExactPolynomialTraces(matrix, basis, result.exact_degree);
  if (result.exact_degree == degree) {
    result.traces = exact;
    return result;
  }
  result.per_probe = HutchinsonPolynomialTraces(matrix, basis, degree, probes, seed).per_probe;
  for (int k = 0; k <= result.exact_degree; ++k) result.per_probe.col(k).fill(exact[k]);
  result.traces = arma::conv_to<std::vector<double>>::from(arma::mean(result.per_probe, 0));
  return result;
}

}  // namespace hinterland::engine
