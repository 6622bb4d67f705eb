// The sparse kernels' thread count, read and set through OpenMP.
#include "engine/core/parallel_rows.hpp"

#include <omp.h>

namespace hinterland::engine {

int SparseKernelThreads() { return omp_get_max_threads(); }

void SetSparseKernelThreads(int threads) {
  if (threads > 0) omp_set_num_threads(threads);
}

}  // namespace hinterland::engine
