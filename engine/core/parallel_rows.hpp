// Row-parallel sweeps for the sparse kernels (CSR products, probe recurrences, per-unit traces), on OpenMP.
// Rows are cut into blocks whose boundaries depend on n and the amount of work only, never on the thread
// count; a kernel that reduces (dot products, trace sums) keeps one partial per block and adds the partials
// in block order. Every result is therefore bit-identical run to run and whatever OMP_NUM_THREADS or
// --threads says. Small problems run as one block on the calling thread: a parallel region costs a few
// microseconds, more than a product with fewer than ~32k nonzeros.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace hinterland::engine {

// Multiply-adds below which a sweep runs serially, and the number of blocks above it (enough for any core
// count this code meets, few enough that each block's partials are negligible next to its rows).
inline constexpr std::int64_t kParallelMinimumWork = std::int64_t{1} << 15;
inline constexpr std::int64_t kParallelBlocks = 64;

struct RowBlock {
  std::int64_t index = 0;  // 0 .. count - 1
  std::int64_t begin = 0;  // first row
  std::int64_t end = 0;    // one past the last row
};

// How many blocks a sweep over `rows` rows costing `work` multiply-adds uses: 1 when small.
inline std::int64_t RowBlockCount(std::int64_t rows, std::int64_t work) {
  if (work < kParallelMinimumWork || rows < 2) return 1;
  return std::min(kParallelBlocks, rows);
}

// Calls body(RowBlock) for each of RowBlockCount(rows, work) blocks, in parallel when there are several.
// body must write only its own rows (and its own block's partials).
template <class Body>
void ForEachRowBlock(std::int64_t rows, std::int64_t work, Body&& body) {
  const std::int64_t count = RowBlockCount(rows, work);
  if (count == 1) {
    body(RowBlock{0, 0, rows});
    return;
  }
#pragma omp parallel for schedule(static)
  for (std::int64_t b = 0; b < count; ++b) {
    body(RowBlock{b, rows * b / count, rows * (b + 1) / count});
  }
}

// ForEachRowBlock with a workspace per thread (made by make_state() once on each thread, not per block):
// body(RowBlock, State&) for kernels whose scratch is large (e.g. n-length sparse accumulators).
template <class MakeState, class Body>
void ForEachRowBlockWithState(std::int64_t rows, std::int64_t work, MakeState&& make_state, Body&& body) {
  const std::int64_t count = RowBlockCount(rows, work);
  if (count == 1) {
    auto state = make_state();
    body(RowBlock{0, 0, rows}, state);
    return;
  }
#pragma omp parallel
  {
    auto state = make_state();
#pragma omp for schedule(static)
    for (std::int64_t b = 0; b < count; ++b) {
      body(RowBlock{b, rows * b / count, rows * (b + 1) / count}, state);
    }
  }
}

// ForEachRowBlock for kernels that also sum: body(block, partial) adds its rows' contributions into
// partial[0 .. width) (zeroed; accumulate locally and add once, so that blocks on different threads do not
// share cache lines in the inner loop), and totals[0 .. width) receives the partials added in block order.
template <class Body>
void ReduceRowBlocks(std::int64_t rows, std::int64_t work, std::size_t width, double* totals, Body&& body) {
  const auto count = static_cast<std::size_t>(RowBlockCount(rows, work));
  std::vector<double> partials(count * width, 0.0);
  ForEachRowBlock(rows, work, [&](const RowBlock& block) {
    body(block, partials.data() + static_cast<std::size_t>(block.index) * width);
  });
  std::fill(totals, totals + width, 0.0);
  for (std::size_t b = 0; b < count; ++b) {
    for (std::size_t c = 0; c < width; ++c) totals[c] += partials[b * width + c];
  }
}

// Threads the sparse kernels use (omp_get_max_threads; 1 when OpenMP is absent), and setting it (0 keeps
// the default: the number of cores, or OMP_NUM_THREADS).
int SparseKernelThreads();
void SetSparseKernelThreads(int threads);

}  // namespace hinterland::engine
