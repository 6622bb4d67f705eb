// Exact and Hutchinson traces of matrix polynomials through the basis recurrence. The symmetric shortcut
// uses tr X^(a+b) = sum_i <X^a e_i, X^b e_i> and T_a T_b = (T_(a+b) + T_|a-b|) / 2, so degree m needs only
// ceil(m/2) products per unit or probe.
#include "engine/linalg/trace_estimators.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <utility>

#include "engine/core/error.hpp"
#include "engine/core/parallel_rows.hpp"
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
// recurrence on row vectors, scattering along the rows of M. Returns the nonzeros of M visited (the step's
// cost, for the projection of the exact traces' cost).
std::int64_t SparseStep(const CsrMatrix& matrix,
                        const PolynomialBasis& basis,
                        double multiplier,
                        const SparseVector& current,
                        const SparseVector* previous,
                        SparseVector& next) {
  next.Clear();
  std::int64_t visited = 0;
  for (const std::int32_t j : current.Support()) {
    const double value = multiplier * current.Get(j);
    visited += matrix.row_offsets[j + 1] - matrix.row_offsets[j];
    for (std::int64_t p = matrix.row_offsets[j]; p < matrix.row_offsets[j + 1]; ++p) {
      next.Add(matrix.column_indices[p], value * basis.scale * matrix.values[p]);
    }
    if (basis.shift != 0.0) next.Add(j, value * basis.shift);
  }
  if (previous != nullptr) {
    for (const std::int32_t j : previous->Support()) next.Add(j, -previous->Get(j));
  }
  return visited;
}

// The sequence p_k(X)' e_i, k = 0, 1, ..., of one unit as row vectors, stepped along the rows of `matrix`
// (M for e_i' p_k(X), M' for p_k(X) e_i); three sparse vectors of n entries.
class UnitRecurrence {
 public:
  UnitRecurrence(const CsrMatrix& matrix, const PolynomialBasis& basis)
      : matrix_(matrix), basis_(basis), a_(matrix.n), b_(matrix.n), c_(matrix.n) {}
  UnitRecurrence(const UnitRecurrence&) = delete;  // the pointers below point into this object
  UnitRecurrence& operator=(const UnitRecurrence&) = delete;

  void Start(std::int32_t unit) {
    previous_->Clear();
    current_->Clear();
    current_->Add(unit, 1.0);
    step_ = 0;
  }
  // current <- p_(k+1); returns the nonzeros visited.
  std::int64_t Advance() {
    const std::int64_t visited = SparseStep(matrix_, basis_, StepMultiplier(basis_, step_), *current_,
                                            UsesPrevious(basis_, step_) ? previous_ : nullptr, *next_);
    std::swap(previous_, current_);
    std::swap(current_, next_);
    ++step_;
    return visited;
  }
  const SparseVector& Current() const { return *current_; }
  const SparseVector& Previous() const { return *previous_; }

 private:
  const CsrMatrix& matrix_;
  const PolynomialBasis& basis_;
  SparseVector a_, b_, c_;
  SparseVector* previous_ = &a_;
  SparseVector* current_ = &b_;
  SparseVector* next_ = &c_;
  int step_ = 0;
};

// Unit i's contributions e_i' p_k(X) e_i, k = 0..degree, with half the steps of the plain recurrence: with
// u_k = e_i' p_k(X) (rows of M) and w_k = p_k(X) e_i (rows of M'; w = u when M is symmetric), polynomials in
// one X commute, so
//   power:     e_i' X^(2k) e_i = <u_k, w_k>,            e_i' X^(2k+1) e_i = <u_k, w_(k+1)>;
//   Chebyshev: e_i' T_(2k) e_i = 2 <u_k, w_k> - 1,      e_i' T_(2k+1) e_i = 2 <u_k, w_(k+1)> - e_i' T_1 e_i
// (T_a T_b = (T_(a+b) + T_|a-b|) / 2). Propagating to depth m/2 instead of m matters on spatial graphs,
// where the support grows like the depth squared. `work`, when given, receives the nonzeros visited before
// each degree's trace was known (cumulative).
class UnitTraces {
 public:
  UnitTraces(const CsrMatrix& matrix, const CsrMatrix* transposed, const PolynomialBasis& basis)
      : rows_(matrix, basis), chebyshev_(basis.kind == PolynomialBasis::Kind::kChebyshev) {
    if (transposed != nullptr) columns_.emplace(*transposed, basis);
  }

  void Add(std::int32_t unit, std::span<double> traces, std::span<double> work = {}) {
    const int degree = static_cast<int>(traces.size()) - 1;
    UnitRecurrence& right = columns_ ? *columns_ : rows_;
    rows_.Start(unit);
    if (columns_) columns_->Start(unit);
    std::int64_t visited = 0;
    double first_diagonal = 0.0;  // e_i' T_1 e_i
    for (int k = 0; 2 * k <= degree; ++k) {
      if (k > 0 && columns_) visited += rows_.Advance();  // u_k (w_k was reached in the previous round)
      const double square = rows_.Current().Dot(right.Current());
      traces[2 * k] += chebyshev_ ? 2.0 * square - 1.0 : square;
      if (!work.empty()) work[2 * k] += static_cast<double>(visited);
      if (2 * k + 1 > degree) break;
      if (columns_) {
        visited += columns_->Advance();  // w_(k+1)
        const double cross = rows_.Current().Dot(columns_->Current());
        if (k == 0) first_diagonal = columns_->Current().Get(unit);
        traces[2 * k + 1] += chebyshev_ ? 2.0 * cross - first_diagonal : cross;
      } else {
        // Symmetric: w = u; after the step the recurrence still holds u_k as its previous vector.
        visited += rows_.Advance();
        const double cross = rows_.Previous().Dot(rows_.Current());
        if (k == 0) first_diagonal = rows_.Current().Get(unit);
        traces[2 * k + 1] += chebyshev_ ? 2.0 * cross - first_diagonal : cross;
      }
      if (!work.empty()) work[2 * k + 1] += static_cast<double>(visited);
    }
  }

 private:
  UnitRecurrence rows_;
  std::optional<UnitRecurrence> columns_;
  bool chebyshev_;
};

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
  const auto body = [&](const RowBlock& block, double* partial) {
    double sums_of_products[kColumns] = {};
    for (std::int64_t i = block.begin; i < block.end; ++i) {
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
    std::copy(sums_of_products, sums_of_products + kColumns, partial);
  };
  ReduceRowBlocks(m.n, m.NonZeroCount() * static_cast<std::int64_t>(kColumns), kColumns, dots, body);
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

// P M P' in breadth-first order (engine/linalg/locality_order.hpp): the traces are unchanged, and a unit's
// neighbourhood then occupies nearby entries of the n-length accumulators. On a 10^5-point kNN W numbered at
// random this made the exact traces to order 8 seven times faster (5.6 -> 0.8 s).
CsrMatrix InLocalityOrder(const CsrMatrix& matrix) {
  return PermutedSymmetrically(matrix, BreadthFirstOrder(matrix));
}

// M' for the column recurrence of UnitTraces; none when M is exactly symmetric (then w = u).
std::optional<CsrMatrix> TransposeUnlessSymmetric(const CsrMatrix& matrix) {
  if (matrix.IsExactlySymmetric()) return std::nullopt;
  return Transposed(matrix);
}

// Units whose propagation is measured to project the exact traces' cost (evenly spaced over the numbering).
constexpr std::int64_t kWorkSampleUnits = 64;

// The exact traces are a control variate for the probes: worth their cost only while it stays a fraction of
// the probes' own (in nonzeros visited). A visit of the exact propagation is a scattered update of a sparse
// accumulator, several times dearer than a visit of the blocked, streamed probe products, hence the fraction.
// Measured on a 10^5-point kNN W (in locality order): 6.6 ns per exact visit against 0.65 ns per probe visit,
// so 0.05 keeps the exact traces within about half the probes' time. Below kExactTraceFreeWork visits
// (about 0.05 s) the exact orders are kept whatever the probes cost.
constexpr double kExactTraceBudget = 0.05;
constexpr double kExactTraceFreeWork = 1e7;

// The highest degree <= requested (and >= 2, which is closed-form and cheap) whose projected exact-trace
// work stays within kExactTraceBudget of the probes' work (or below kExactTraceFreeWork) (probes x degree
// products, half for symmetric M).
int AffordableExactDegree(
    const CsrMatrix& matrix, const PolynomialBasis& basis, int requested, int degree, int probes) {
  const double products = matrix.IsExactlySymmetric() ? std::ceil(degree / 2.0) : degree;
  const double probe_work =
      static_cast<double>(probes) * products * static_cast<double>(matrix.NonZeroCount());
  const std::vector<double> work = ProjectedExactTraceWork(matrix, basis, requested);
  int affordable = 2;
  for (int k = 3; k <= requested; ++k) {
    if (work[k] <= std::max(kExactTraceBudget * probe_work, kExactTraceFreeWork)) affordable = k;
  }
  return affordable;
}

}  // namespace

std::vector<double> ExactPolynomialTraces(const CsrMatrix& given, const PolynomialBasis& basis, int degree) {
  HINTERLAND_CHECK(degree >= 0, "trace degree must be non-negative");
  if (degree <= 2) return LowOrderTraces(given, basis, degree);
  const CsrMatrix matrix = InLocalityOrder(given);
  const std::optional<CsrMatrix> transposed = TransposeUnlessSymmetric(matrix);
  const auto width = static_cast<std::size_t>(degree) + 1;
  const std::int64_t work = matrix.NonZeroCount() * degree;
  // One partial per block of units, added in block order: the same sums whatever the thread count.
  std::vector<double> partials(static_cast<std::size_t>(RowBlockCount(matrix.n, work)) * width, 0.0);
  ForEachRowBlockWithState(
      matrix.n, work,
      [&] { return std::make_unique<UnitTraces>(matrix, transposed ? &*transposed : nullptr, basis); },
      [&](const RowBlock& block, std::unique_ptr<UnitTraces>& unit) {
        const std::span<double> partial(partials.data() + static_cast<std::size_t>(block.index) * width,
                                        width);
        for (std::int64_t i = block.begin; i < block.end; ++i)
          unit->Add(static_cast<std::int32_t>(i), partial);
      });
  std::vector<double> traces(width, 0.0);
  for (std::size_t b = 0; b < partials.size(); b += width) {
    for (std::size_t k = 0; k < width; ++k) traces[k] += partials[b + k];
  }
  return traces;
}

std::vector<double> ProjectedExactTraceWork(const CsrMatrix& given,
                                            const PolynomialBasis& basis,
                                            int degree) {
  HINTERLAND_CHECK(degree >= 0, "trace degree must be non-negative");
  const auto width = static_cast<std::size_t>(degree) + 1;
  std::vector<double> work(width, 0.0);
  if (given.n == 0) return work;
  const CsrMatrix matrix = InLocalityOrder(given);
  const std::optional<CsrMatrix> transposed = TransposeUnlessSymmetric(matrix);
  UnitTraces unit(matrix, transposed ? &*transposed : nullptr, basis);
  std::vector<double> ignored(width, 0.0);
  const std::int64_t samples = std::min<std::int64_t>(kWorkSampleUnits, matrix.n);
  for (std::int64_t s = 0; s < samples; ++s) {
    unit.Add(static_cast<std::int32_t>(s * matrix.n / samples), ignored, work);
  }
  for (double& entry : work) entry *= static_cast<double>(matrix.n) / static_cast<double>(samples);
  return work;
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

std::string PolynomialTraces::LoweredNote() const {
  if (requested_exact_degree <= exact_degree) return "";
  return " (" + std::to_string(requested_exact_degree) +
         " asked: higher orders would cost more than half the probes' time)";
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
  if (result.exact_degree > 2 && result.exact_degree < degree) {
    result.requested_exact_degree = result.exact_degree;
    result.exact_degree = AffordableExactDegree(matrix, basis, result.exact_degree, degree, probes);
  }
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
