// `hinterland --version`: engine version, BLAS/LAPACK in use and their threads, library versions.
#pragma once

#include <string>

namespace hinterland::cli {

std::string VersionText();

}  // namespace hinterland::cli
