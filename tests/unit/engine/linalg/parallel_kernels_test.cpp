// The row-parallel sparse kernels (engine/core/parallel_rows.hpp) give bit-identical results with 1 and 2
// threads, and the product equals the plain serial row sums: products, probe
// recurrences and exact traces; the split (row and column) recurrence of the exact traces and its projected
// cost on rings whose traces and work are known in closed form; and the cost cap of the exact orders.
// Tolerance 0 (bit for bit) across thread counts and for the product against the serial row sums.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <armadillo>
#include <random>
#include <vector>

#include "engine/core/parallel_rows.hpp"
#include "engine/linalg/sparse_matrix.hpp"
#include "engine/linalg/trace_estimators.hpp"
#include "tests/support/test_weights.hpp"

namespace hinterland::engine {
namespace {

// Runs `compute` with the sparse kernels on `threads` threads, restoring the previous count.
template <class Compute>
auto WithThreads(int threads, Compute&& compute) {
  const int before = omp_get_max_threads();
  omp_set_num_threads(threads);
  auto result = compute();
  omp_set_num_threads(before);
  return result;
}

// Large enough (39,600 nonzeros) that every sweep runs in kParallelBlocks blocks.
CsrMatrix Lattice100() { return ToCsrMatrix(testing::RookLattice(100, 100)); }

TEST(ParallelRowsTest, BlocksCoverTheRowsOnceAndSmallSweepsStaySerial) {
  EXPECT_EQ(RowBlockCount(1000, kParallelMinimumWork - 1), 1);
  EXPECT_EQ(RowBlockCount(1000, kParallelMinimumWork), kParallelBlocks);
  EXPECT_EQ(RowBlockCount(10, kParallelMinimumWork * 4), 10);
  std::vector<int> visits(1000, 0);
  ForEachRowBlock(1000, kParallelMinimumWork, [&](const RowBlock& block) {
    for (std::int64_t i = block.begin; i < block.end; ++i) ++visits[i];
  });
  for (const int count : visits) EXPECT_EQ(count, 1);
  double total = 0.0;
  ReduceRowBlocks(1000, kParallelMinimumWork, 1, &total, [](const RowBlock& block, double* partial) {
    for (std::int64_t i = block.begin; i < block.end; ++i) partial[0] += static_cast<double>(i);
  });
  EXPECT_EQ(total, 999.0 * 1000.0 / 2.0);
}

TEST(ParallelKernelsTest, ProductIsTheSameOnOneAndTwoThreads) {
  const CsrMatrix matrix = Lattice100();
  arma::arma_rng::set_seed(5);
  const arma::vec x(matrix.n, arma::fill::randn);
  const auto product = [&] {
    arma::vec y(matrix.n);
    matrix.Multiply(std::span<const double>(x.memptr(), x.n_elem), std::span<double>(y.memptr(), y.n_elem));
    return y;
  };
  const arma::vec one = WithThreads(1, product);
  const arma::vec two = WithThreads(2, product);
  EXPECT_TRUE(arma::approx_equal(one, two, "absdiff", 0.0));
  // Serial oracle: the same sums row by row.
  for (std::int64_t i = 0; i < matrix.n; i += 997) {
    double sum = 0.0;
    for (std::int64_t p = matrix.row_offsets[i]; p < matrix.row_offsets[i + 1]; ++p) {
      sum += matrix.values[p] * x[matrix.column_indices[p]];
    }
    EXPECT_EQ(one[i], sum) << "row " << i;
  }
}

TEST(ParallelKernelsTest, HutchinsonTracesAreTheSameOnOneAndTwoThreads) {
  const CsrMatrix matrix = ToCsrMatrix(testing::KNearestNeighbours(3000, 8, 11));  // asymmetric
  const PolynomialBasis basis = PolynomialBasis::Chebyshev(-1.0, 1.0);
  const auto traces = [&] { return HutchinsonPolynomialTraces(matrix, basis, 12, 8, 3).per_probe; };
  const arma::mat one = WithThreads(1, traces);
  const arma::mat two = WithThreads(2, traces);
  EXPECT_TRUE(arma::approx_equal(one, two, "absdiff", 0.0));
}

TEST(ParallelKernelsTest, ExactTracesAreTheSameOnOneAndTwoThreads) {
  for (const CsrMatrix& matrix : {Lattice100(), ToCsrMatrix(testing::KNearestNeighbours(3000, 8, 11))}) {
    const auto traces = [&] { return ExactPolynomialTraces(matrix, PolynomialBasis::Power(), 7); };
    const std::vector<double> one = WithThreads(1, traces);
    const std::vector<double> two = WithThreads(2, traces);
    EXPECT_EQ(one, two);
    EXPECT_NEAR(one[1], 0.0, 1e-12);  // no self-links
  }
}

// A directed ring (unit i links to i + 1 mod n only): tr M^d = n when n divides d, else 0; the row and
// column recurrences each move one step per degree, so the exact traces visit d nonzeros per unit.
CsrMatrix DirectedRing(std::int64_t n) {
  CsrMatrix ring;
  ring.n = n;
  ring.row_offsets.resize(n + 1);
  for (std::int64_t i = 0; i < n; ++i) {
    ring.row_offsets[i + 1] = i + 1;
    ring.column_indices.push_back(static_cast<std::int32_t>((i + 1) % n));
    ring.values.push_back(1.0);
  }
  return ring;
}

TEST(ExactTraceSplitTest, DirectedRingTracesAndWork) {
  const CsrMatrix ring = DirectedRing(5);
  const std::vector<double> traces = ExactPolynomialTraces(ring, PolynomialBasis::Power(), 12);
  for (int d = 0; d <= 12; ++d) EXPECT_EQ(traces[d], d % 5 == 0 ? 5.0 : 0.0) << "degree " << d;
  const std::vector<double> work = ProjectedExactTraceWork(ring, PolynomialBasis::Power(), 12);
  for (int d = 0; d <= 12; ++d) EXPECT_EQ(work[d], 5.0 * d) << "degree " << d;
}

// Symmetric ring (both neighbours): the support of e_i' M^s is the s + 1 units i - s, i - s + 2, ..., i + s,
// each with 2 nonzeros, and degree d needs S = ceil(d / 2) steps, so the work per unit is
// sum_(s < S) 2 (s + 1) = S (S + 1) (every unit sampled: n <= 64).
TEST(ExactTraceSplitTest, SymmetricRingWorkGrowsWithHalfTheDegreeSquared) {
  const std::int64_t n = 40;
  CsrMatrix ring;
  ring.n = n;
  ring.row_offsets.push_back(0);
  for (std::int64_t i = 0; i < n; ++i) {
    const auto left = static_cast<std::int32_t>((i + n - 1) % n);
    const auto right = static_cast<std::int32_t>((i + 1) % n);
    ring.column_indices.push_back(std::min(left, right));
    ring.column_indices.push_back(std::max(left, right));
    ring.values.insert(ring.values.end(), {0.5, 0.5});
    ring.row_offsets.push_back(static_cast<std::int64_t>(ring.values.size()));
  }
  ASSERT_TRUE(ring.IsExactlySymmetric());
  const std::vector<double> work = ProjectedExactTraceWork(ring, PolynomialBasis::Power(), 16);
  for (int d = 0; d <= 16; ++d) {
    const double steps = (d + 1) / 2;
    EXPECT_EQ(work[d], n * steps * (steps + 1.0)) << "degree " << d;
  }
}

// n units each linking to 8 others drawn at random (seeded): an expander, where a unit's neighbourhood grows
// like 8^steps, the worst case for exact traces.
CsrMatrix RandomDigraph(std::int64_t n, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  CsrMatrix graph;
  graph.n = n;
  graph.row_offsets.push_back(0);
  for (std::int64_t i = 0; i < n; ++i) {
    std::vector<std::int32_t> targets;
    while (targets.size() < 8) {
      const auto j = static_cast<std::int32_t>(engine() % static_cast<std::uint64_t>(n));
      if (j != i && std::find(targets.begin(), targets.end(), j) == targets.end()) targets.push_back(j);
    }
    std::sort(targets.begin(), targets.end());
    graph.column_indices.insert(graph.column_indices.end(), targets.begin(), targets.end());
    graph.values.insert(graph.values.end(), 8, 0.125);
    graph.row_offsets.push_back(static_cast<std::int64_t>(graph.values.size()));
  }
  return graph;
}

TEST(ExactTraceBudgetTest, ExpensiveExactOrdersAreLoweredAndCheapOnesKept) {
  // Random digraph, two probes of 10 orders: order 8 exact would cost far more than the probes.
  const CsrMatrix expander = RandomDigraph(5000, 4);
  const std::vector<double> work = ProjectedExactTraceWork(expander, PolynomialBasis::Power(), 8);
  ASSERT_GT(work[8], 1e7);  // above the work that is always affordable
  const PolynomialTraces lowered = ComputePolynomialTraces(expander, PolynomialBasis::Power(), 10, 8, 2, 7);
  EXPECT_LT(lowered.exact_degree, 8);
  EXPECT_GE(lowered.exact_degree, 2);
  EXPECT_EQ(lowered.requested_exact_degree, 8);
  EXPECT_NE(lowered.LoweredNote().find("8 asked"), std::string::npos);
  const std::vector<double> exact_low =
      ExactPolynomialTraces(expander, PolynomialBasis::Power(), lowered.exact_degree);
  for (int k = 0; k <= lowered.exact_degree; ++k) {
    EXPECT_NEAR(lowered.traces[k], exact_low[k], 1e-9) << "order " << k;
  }
  // A lattice with many probes of a long series: order 8 is cheap next to them and is kept.
  const CsrMatrix lattice = Lattice100();
  const PolynomialTraces kept = ComputePolynomialTraces(lattice, PolynomialBasis::Power(), 100, 8, 64, 7);
  EXPECT_EQ(kept.exact_degree, 8);
  EXPECT_EQ(kept.LoweredNote(), "");
  const std::vector<double> exact = ExactPolynomialTraces(lattice, PolynomialBasis::Power(), 8);
  for (int k = 0; k <= 8; ++k) EXPECT_NEAR(kept.traces[k], exact[k], 1e-12 * exact[0]) << "order " << k;
}

}  // namespace
}  // namespace hinterland::engine
