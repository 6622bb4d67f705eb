// The build reports the BLAS it really links: OpenBLAS, resolved from an OpenBLAS shared object.
#include "engine/core/build_info.hpp"

#include <gtest/gtest.h>

namespace hinterland::engine {
namespace {

TEST(BuildInfoTest, ReportsOpenBlasAsTheBlasInUse) {
  const BuildInfo info = GetBuildInfo();
  EXPECT_NE(info.blas.find("OpenBLAS"), std::string::npos) << info.blas;
  EXPECT_NE(info.blas_library.find("openblas"), std::string::npos) << info.blas_library;
  EXPECT_GE(info.blas_threads, 1);
  EXPECT_GE(info.sparse_threads, 1);
  EXPECT_FALSE(info.engine_version.empty());
  EXPECT_NE(info.lapack.find("LAPACK 3."), std::string::npos) << info.lapack;
}

TEST(BuildInfoTest, ReportsLibraryVersions) {
  const BuildInfo info = GetBuildInfo();
  EXPECT_FALSE(info.armadillo_version.empty());
  EXPECT_EQ(info.ceres_version.substr(0, 2), "2.");
  EXPECT_EQ(info.suitesparse_version.substr(0, 2), "5.");
  EXPECT_EQ(info.boost_version.substr(0, 2), "1.");
}

}  // namespace
}  // namespace hinterland::engine
