// Reads version and BLAS information. OpenBLAS is linked by name (see cmake/HinterlandDependencies.cmake),
// so its own entry points tell which BLAS is in use; dladdr names the shared object that really serves
// dgemm_.
#include "engine/core/build_info.hpp"

#include <dlfcn.h>

#include <SuiteSparse_config.h>
#include <ceres/version.h>
#include <fmt/format.h>
#include <armadillo>
#include <boost/version.hpp>

#include "build_info_generated.hpp"
#include "engine/core/parallel_rows.hpp"

extern "C" {
char* openblas_get_config(void);
int openblas_get_num_threads(void);
void openblas_set_num_threads(int threads);
void ilaver_(int* major, int* minor, int* patch);
void dgemm_(const char*,
            const char*,
            const int*,
            const int*,
            const int*,
            const double*,
            const double*,
            const int*,
            const double*,
            const int*,
            const double*,
            double*,
            const int*);
}

namespace hinterland::engine {

namespace {

std::string SharedObjectOf(const void* symbol) {
  Dl_info info{};
  if (dladdr(symbol, &info) != 0 && info.dli_fname != nullptr) {
    return info.dli_fname;
  }
  return "unknown";
}

}  // namespace

BuildInfo GetBuildInfo() {
  BuildInfo info;
  info.engine_version = HINTERLAND_VERSION;
  info.build_type = HINTERLAND_BUILD_TYPE;
  info.compiler = HINTERLAND_COMPILER;
  info.blas = openblas_get_config();
  info.blas_library = SharedObjectOf(reinterpret_cast<const void*>(&dgemm_));
  int major = 0;
  int minor = 0;
  int patch = 0;
  ilaver_(&major, &minor, &patch);
  info.lapack = fmt::format("LAPACK {}.{}.{} (inside OpenBLAS)", major, minor, patch);
  info.blas_threads = openblas_get_num_threads();
  info.sparse_threads = SparseKernelThreads();
  info.armadillo_version = arma::arma_version::as_string();
  info.ceres_version = CERES_VERSION_STRING;
  info.suitesparse_version =
      fmt::format("{}.{}.{}", SUITESPARSE_MAIN_VERSION, SUITESPARSE_SUB_VERSION, SUITESPARSE_SUBSUB_VERSION);
  info.boost_version =
      fmt::format("{}.{}.{}", BOOST_VERSION / 100000, BOOST_VERSION / 100 % 1000, BOOST_VERSION % 100);
  return info;
}

void SetBlasThreads(int threads) {
  if (threads > 0) {
    openblas_set_num_threads(threads);
    SetSparseKernelThreads(threads);
  }
}

ScopedThreads::ScopedThreads(int threads) {
  if (threads <= 0) return;
  blas_threads_ = openblas_get_num_threads();
  sparse_threads_ = SparseKernelThreads();
  SetBlasThreads(threads);
}

ScopedThreads::~ScopedThreads() {
  if (blas_threads_ <= 0) return;
  openblas_set_num_threads(blas_threads_);
  SetSparseKernelThreads(sparse_threads_);
}

}  // namespace hinterland::engine
