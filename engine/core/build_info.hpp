// What this build of the engine is and what it runs on: version, BLAS/LAPACK actually linked and their
// thread count, and the versions of the numerical libraries. Every result records it (reproducibility).
#pragma once

#include <string>

namespace hinterland::engine {

struct BuildInfo {
  std::string engine_version;  // from CMake's project(VERSION), the single version source
  std::string build_type;      // e.g. "Release"
  std::string compiler;        // e.g. "GNU 12.2.0"
  std::string blas;            // openblas_get_config(), e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH ..."
  std::string blas_library;    // the shared object dgemm_ was resolved from at run time
  std::string lapack;          // "OpenBLAS LAPACK 3.x.y" from ilaver_
  int blas_threads = 1;        // openblas_get_num_threads()
  int sparse_threads = 1;      // OpenMP threads of the sparse kernels (engine/core/parallel_rows.hpp)
  std::string armadillo_version;
  std::string ceres_version;
  std::string suitesparse_version;
  std::string boost_version;
};

// Reads the build and run-time information; cheap, no caching needed.
BuildInfo GetBuildInfo();

// Sets the number of threads OpenBLAS and the sparse kernels use (0 keeps their defaults), for the process.
void SetBlasThreads(int threads);

// Sets the threads of OpenBLAS and of the sparse kernels for its lifetime (0: leaves them as they are) and
// restores what they were when it ends, so that a fit never leaves the process changed: a Python host shares
// OpenBLAS with numpy. Scopes nest; two threads each holding one at once would restore in their own order,
// which costs speed, never correctness.
class ScopedThreads {
 public:
  explicit ScopedThreads(int threads);
  ~ScopedThreads();
  ScopedThreads(const ScopedThreads&) = delete;
  ScopedThreads& operator=(const ScopedThreads&) = delete;

 private:
  int blas_threads_ = 0;  // 0: nothing was changed
  int sparse_threads_ = 0;
};

}  // namespace hinterland::engine
