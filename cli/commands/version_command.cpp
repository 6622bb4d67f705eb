// Formats engine::GetBuildInfo() for people.
#include "cli/commands/version_command.hpp"

#include <fmt/format.h>

#include "engine/core/build_info.hpp"

namespace hinterland::cli {

std::string VersionText() {
  const engine::BuildInfo info = engine::GetBuildInfo();
  std::string text;
  text += fmt::format("hinterland {} ({} build, {})\n", info.engine_version, info.build_type, info.compiler);
  text += fmt::format("BLAS:        {}\n", info.blas);
  text += fmt::format("BLAS library: {}\n", info.blas_library);
  text += fmt::format("LAPACK:      {}\n", info.lapack);
  text += fmt::format("BLAS threads: {}\n", info.blas_threads);
  text += fmt::format("Sparse kernel threads: {} (OpenMP)\n", info.sparse_threads);
  text += fmt::format("Armadillo:   {}\n", info.armadillo_version);
  text += fmt::format("Ceres:       {}\n", info.ceres_version);
  text += fmt::format("SuiteSparse: {}\n", info.suitesparse_version);
  text += fmt::format("Boost:       {}\n", info.boost_version);
  return text;
}

}  // namespace hinterland::cli
