# Finds every third-party dependency. All come from Debian packages (scripts/setup_debian.sh).
# BLAS/LAPACK: OpenBLAS is linked by name (never whatever libblas.so.3 points to) and Armadillo's
# run-time wrapper is bypassed (ARMA_DONT_USE_WRAPPER) so that Armadillo calls OpenBLAS directly.

find_library(OPENBLAS_LIBRARY
  NAMES openblas
  PATHS /usr/lib/x86_64-linux-gnu/openblas-pthread /usr/lib/aarch64-linux-gnu/openblas-pthread
  NO_DEFAULT_PATH)
if(NOT OPENBLAS_LIBRARY)
  find_library(OPENBLAS_LIBRARY NAMES openblas REQUIRED)
endif()
message(STATUS "Hinterland: OpenBLAS (BLAS and LAPACK) = ${OPENBLAS_LIBRARY}")

add_library(hinterland_blas INTERFACE)
target_link_libraries(hinterland_blas INTERFACE ${OPENBLAS_LIBRARY})

find_path(ARMADILLO_INCLUDE_DIR armadillo REQUIRED)
add_library(hinterland_armadillo INTERFACE)
target_include_directories(hinterland_armadillo SYSTEM INTERFACE ${ARMADILLO_INCLUDE_DIR})
target_compile_definitions(hinterland_armadillo INTERFACE ARMA_DONT_USE_WRAPPER ARMA_USE_LAPACK ARMA_USE_BLAS)
target_link_libraries(hinterland_armadillo INTERFACE hinterland_blas)

# SuiteSparse 5.x on Debian ships no CMake config files.
find_path(SUITESPARSE_INCLUDE_DIR cholmod.h PATH_SUFFIXES suitesparse REQUIRED)
find_library(CHOLMOD_LIBRARY cholmod REQUIRED)
find_library(UMFPACK_LIBRARY umfpack REQUIRED)
find_library(SUITESPARSECONFIG_LIBRARY suitesparseconfig REQUIRED)
add_library(hinterland_suitesparse INTERFACE)
target_include_directories(hinterland_suitesparse SYSTEM INTERFACE ${SUITESPARSE_INCLUDE_DIR})
target_link_libraries(hinterland_suitesparse INTERFACE
  ${CHOLMOD_LIBRARY} ${UMFPACK_LIBRARY} ${SUITESPARSECONFIG_LIBRARY} hinterland_blas)

find_package(Ceres 2.0 REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
find_package(CLI11 REQUIRED)
find_package(fmt REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(GDAL REQUIRED)

find_path(READSTAT_INCLUDE_DIR readstat.h REQUIRED)
find_library(READSTAT_LIBRARY readstat REQUIRED)
add_library(hinterland_readstat INTERFACE)
target_include_directories(hinterland_readstat SYSTEM INTERFACE ${READSTAT_INCLUDE_DIR})
target_link_libraries(hinterland_readstat INTERFACE ${READSTAT_LIBRARY})

find_path(NANOFLANN_INCLUDE_DIR nanoflann.hpp REQUIRED)
add_library(hinterland_nanoflann INTERFACE)
target_include_directories(hinterland_nanoflann SYSTEM INTERFACE ${NANOFLANN_INCLUDE_DIR})

find_path(SPECTRA_INCLUDE_DIR Spectra/SymEigsSolver.h REQUIRED)
add_library(hinterland_spectra INTERFACE)
target_include_directories(hinterland_spectra SYSTEM INTERFACE ${SPECTRA_INCLUDE_DIR})
target_link_libraries(hinterland_spectra INTERFACE Eigen3::Eigen)

if(HINTERLAND_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(HINTERLAND_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()
find_package(Threads REQUIRED)
# The sparse kernels' row-parallel sweeps (engine/core/parallel_rows.hpp); GCC's libgomp, the runtime
# CHOLMOD already loads.
find_package(OpenMP REQUIRED COMPONENTS CXX)
