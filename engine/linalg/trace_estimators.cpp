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
#include "engine/linalg/locality_order.hpp"

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

// next = multiplier (scale M + shift I) current - previous for a row-major block of kColumns vectors, and
// per column dots[c] = sum_r left(r, c) next(r, c), in one pass over M (kColumns is a template argument so
// the inner loops unroll). previous may be null.
template <std::size_t kColumns>
void FusedStep(const CsrMatrix& m,
               double multiplier,
               const PolynomialBasis& basis,
               const double* current,
               const double* previous,
               double* next,
               const double* left,
               double* dots) {
  double sums_of_products[kColumns] = {};
  for (std::int64_t i = 0; i < m.n; ++i) {
    double sums[kColumns] = {};
    for (std::int64_t p = m.row_offsets[i]; p < m.row_offsets[i + 1]; ++p) {
      const double value = m.values[p];
      const double* row = current + static_cast<std::size_t>(m.column_indices[p]) * kColumns;
      for (std::size_t c = 0; c < kColumns; ++c) sums[c] += value * row[c];
    }
    const std::size_t base = static_cast<std::size_t>(i) * kColumns;
    for (std::size_t c = 0; c < kColumns; ++c) {
      const double value = multiplier * (basis.scale * sums[c] + basis.shift * current[base + c]) -
                           (previous != nullptr ? previous[base + c] : 0.0);
      next[base + c] = value;
      sums_of_products[c] += left[base + c] * value;
    }
  }
  std::copy(sums_of_products, sums_of_products + kColumns, dots);
}

template <std::size_t... kSizes>
void FusedStepDispatch(std::size_t columns,
                       std::index_sequence<kSizes...> /*sizes*/,
                       const CsrMatrix& m,
                       double multiplier,
                       const PolynomialBasis& basis,
                       const double* current,
                       const double* previous,
                       double* next,
                       const double* left,
                       double* dots) {
  const bool done =
      ((columns == kSizes + 1
            ? (FusedStep<kSizes + 1>(m, multiplier, basis, current, previous, next, left, dots), true)
            : false) ||
       ...);
  HINTERLAND_CHECK(done, "a probe block has 1 to 16 columns");
}

// Probes run in blocks of `columns` vectors stored row by row (entry (r, c) at r * columns + c), so one pass
// over M's nonzeros serves the whole block (CsrMatrix::MultiplyBlock); per column the arithmetic is that of
// a single vector.
class ProbeBlock {
 public:
  ProbeBlock(const CsrMatrix& matrix, const PolynomialBasis& basis, std::size_t columns)
      : matrix_(matrix),
        basis_(basis),
        columns_(columns),
        previous_(static_cast<std::size_t>(matrix.n) * columns),
        current_(previous_.size()),
        next_(previous_.size()) {}

  // row(c, k) = v_c' p_k(M) v_c for the block's probes `probes` (row-major, n x columns).
  arma::mat Traces(const std::vector<double>& probes, int degree, bool symmetric) {
    arma::mat rows(columns_, static_cast<arma::uword>(degree) + 1, arma::fill::zeros);
    std::fill(previous_.begin(), previous_.end(), 0.0);
    current_ = probes;
    arma::vec dots(columns_);
    if (!symmetric) {
      rows.col(0) = Dots(probes, probes);
      for (int k = 0; k < degree; ++k) {
        Step(k, probes, dots);  // v' p_(k+1)(M) v
        rows.col(k + 1) = dots;
        Rotate();
      }
      return rows;
    }
    const bool chebyshev = basis_.kind == PolynomialBasis::Kind::kChebyshev;
    const arma::vec probe_squares = Dots(probes, probes);
    arma::vec first(columns_, arma::fill::zeros);  // v' T_1 v
    for (int k = 0; 2 * k <= degree; ++k) {
      const arma::vec squares = Dots(current_, current_);
      rows.col(2 * k) = chebyshev ? arma::vec(2.0 * squares - probe_squares) : squares;
      if (2 * k + 1 > degree) break;
      Step(k, current_, dots);  // <u_k, u_(k+1)>
      if (k == 0) first = dots;
      rows.col(2 * k + 1) = chebyshev ? arma::vec(2.0 * dots - first) : dots;
      Rotate();
    }
    return rows;
  }

 private:
  // next = multiplier (scale M + shift I) current - previous, and dots = <left, next> per column.
  void Step(int k, const std::vector<double>& left, arma::vec& dots) {
    FusedStepDispatch(columns_, std::make_index_sequence<16>{}, matrix_, StepMultiplier(basis_, k), basis_,
                      current_.data(), UsesPrevious(basis_, k) ? previous_.data() : nullptr, next_.data(),
                      left.data(), dots.memptr());
  }
  void Rotate() {
    std::swap(previous_, current_);
    std::swap(current_, next_);
  }
  arma::vec Dots(const std::vector<double>& a, const std::vector<double>& b) const {
    arma::vec dots(columns_, arma::fill::zeros);
    for (std::size_t base = 0; base < a.size(); base += columns_) {
      for (std::size_t c = 0; c < columns_; ++c) dots[c] += a[base + c] * b[base + c];
    }
    return dots;
  }

  const CsrMatrix& matrix_;
  const PolynomialBasis& basis_;
  std::size_t columns_;
  std::vector<double> previous_, current_, next_;
};

// Probes per block: at most 16, and few enough that the four n x columns blocks stay within 256 MiB
// (8 at n = 10^6).
std::size_t ProbeBlockColumns(std::int64_t n, int probes) {
  const double fit =
      std::floor(256.0 * 1024 * 1024 / (4.0 * 8.0 * static_cast<double>(std::max<std::int64_t>(n, 1))));
  return static_cast<std::size_t>(std::clamp(fit, 1.0, std::min(16.0, static_cast<double>(probes))));
}

// Degree <= 2 in closed form, O(nonzeros log row length) instead of propagating every unit (which costs a
// random access per reached entry: seconds at 10^6 units): with X = scale M + shift I,
// tr X = scale tr M + shift n and tr X^2 = scale^2 tr M^2 + 2 scale shift tr M + shift^2 n, where
// tr M = sum_i m_ii and tr M^2 = sum_ij m_ij m_ji; power p_k = X^k, Chebyshev T_2 = 2 X^2 - I.
std::vector<double> LowOrderTraces(const CsrMatrix& matrix, const PolynomialBasis& basis, int degree) {
  double trace = 0.0;
  double trace_square = 0.0;
  for (std::int64_t i = 0; i < matrix.n; ++i) {
    for (std::int64_t p = matrix.row_offsets[i]; p < matrix.row_offsets[i + 1]; ++p) {
      const std::int32_t j = matrix.column_indices[p];
      if (j == i) trace += matrix.values[p];
      const auto begin = matrix.column_indices.begin() + matrix.row_offsets[j];
      const auto end = matrix.column_indices.begin() + matrix.row_offsets[j + 1];
      const auto reverse = std::lower_bound(begin, end, static_cast<std::int32_t>(i));
      if (reverse != end && *reverse == i) {
        trace_square += matrix.values[p] * matrix.values[reverse - matrix.column_indices.begin()];
      }
    }
  }
  const double n = static_cast<double>(matrix.n);
  const double x1 = basis.scale * trace + basis.shift * n;
  const double x2 = basis.scale * basis.scale * trace_square + 2.0 * basis.scale * basis.shift * trace +
                    basis.shift * basis.shift * n;
  const std::vector<double> all = {n, x1,
                                   basis.kind == PolynomialBasis::Kind::kChebyshev ? 2.0 * x2 - n : x2};
  return std::vector<double>(all.begin(), all.begin() + degree + 1);
}

}  // namespace

std::vector<double> ExactPolynomialTraces(const CsrMatrix& matrix, const PolynomialBasis& basis, int degree) {
  HINTERLAND_CHECK(degree >= 0, "trace degree must be non-negative");
  if (degree <= 2) return LowOrderTraces(matrix, basis, degree);
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
  // The probes are drawn in the units' order and carried into the locality order with the matrix, so each
  // probe's estimate is v' p_k(M) v = (P v)' p_k(P M P') (P v) whatever the order.
  const std::vector<std::int64_t> order = BreadthFirstOrder(matrix);
  const CsrMatrix permuted = PermutedSymmetrically(matrix, order);
  const std::size_t columns = ProbeBlockColumns(matrix.n, probes);
  ProbeBlock block(permuted, basis, columns);
  std::vector<double> vectors;
  for (int first = 0; first < probes; first += static_cast<int>(columns)) {
    const std::size_t count = std::min<std::size_t>(columns, static_cast<std::size_t>(probes - first));
    vectors.assign(static_cast<std::size_t>(matrix.n) * columns, 0.0);
    for (std::size_t c = 0; c < count; ++c) {
      const arma::vec probe = RademacherProbe(matrix.n, engine);
      for (std::int64_t r = 0; r < matrix.n; ++r) vectors[r * columns + c] = probe[order[r]];
    }
    const arma::mat rows = block.Traces(vectors, degree, symmetric);
    result.per_probe.rows(first, first + count - 1) = rows.rows(0, count - 1);
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
