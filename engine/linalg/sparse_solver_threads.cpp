// OpenBLAS by its own entry points (linked by name, cmake/HinterlandDependencies.cmake); OpenMP's through
// dlsym on the process's global scope, where CHOLMOD's libgomp is when present.
#include "engine/linalg/sparse_solver_threads.hpp"

#include <dlfcn.h>

extern "C" {
int openblas_get_num_threads(void);
void openblas_set_num_threads(int threads);
}

namespace hinterland::engine {

namespace {

using GetLevels = int (*)();
using SetLevels = void (*)(int);

struct OpenMpLevels {
  GetLevels get = nullptr;
  SetLevels set = nullptr;
};

const OpenMpLevels& OpenMp() {
  static const OpenMpLevels levels = [] {
    OpenMpLevels found;
    found.get = reinterpret_cast<GetLevels>(dlsym(RTLD_DEFAULT, "omp_get_max_active_levels"));
    found.set = reinterpret_cast<SetLevels>(dlsym(RTLD_DEFAULT, "omp_set_max_active_levels"));
    if (found.get == nullptr || found.set == nullptr) found = {};
    return found;
  }();
  return levels;
}

}  // namespace

SingleThreadedSparseSolver::SingleThreadedSparseSolver() : blas_threads_(openblas_get_num_threads()) {
  if (blas_threads_ != 1) openblas_set_num_threads(1);
  const OpenMpLevels& openmp = OpenMp();
  if (openmp.get != nullptr) {
    max_active_levels_ = openmp.get();
    if (max_active_levels_ != 0) openmp.set(0);  // every parallel region runs on the calling thread alone
  }
}

SingleThreadedSparseSolver::~SingleThreadedSparseSolver() {
  if (blas_threads_ != 1) openblas_set_num_threads(blas_threads_);
  if (max_active_levels_ > 0) OpenMp().set(max_active_levels_);
}

}  // namespace hinterland::engine
