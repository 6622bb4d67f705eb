// The one default seed of every random draw (stochastic log-determinants and traces, impact draws,
// permutation tests) when the user gives none; recorded in every result. It is also the seed of the stored
// spatialreg impact simulations (tests/reference/data), so defaults reproduce them.
#pragma once

#include <cstdint>

namespace hinterland::engine {

inline constexpr std::uint64_t kDefaultSeed = 20240601;

}  // namespace hinterland::engine
