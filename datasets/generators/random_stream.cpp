// RandomStream: SplitMix64-derived stream seeds, 53-bit uniforms and polar-method normals on top of
// std::mt19937_64, whose output sequence the C++ standard fixes for every seed.
#include "datasets/generators/random_stream.hpp"

#include <cmath>
#include <limits>

namespace hinterland::generators {

std::uint64_t MixBits(std::uint64_t value) {
  value += 0x9E3779B97F4A7C15ULL;
  value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ULL;
  value = (value ^ (value >> 27)) * 0x94D049BB133111EBULL;
  return value ^ (value >> 31);
}

RandomStream::RandomStream(std::uint64_t seed, StreamPurpose purpose)
    : generator_(MixBits(MixBits(seed) ^ static_cast<std::uint64_t>(purpose))) {}

double RandomStream::Uniform() { return static_cast<double>(generator_() >> 11) * 0x1.0p-53; }

double RandomStream::StandardNormal() {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  double u = 0.0;
  double v = 0.0;
  double radius_squared = 0.0;
  do {
    u = 2.0 * Uniform() - 1.0;
    v = 2.0 * Uniform() - 1.0;
    radius_squared = u * u + v * v;
  } while (radius_squared >= 1.0 || radius_squared == 0.0);
  const double scale = std::sqrt(-2.0 * std::log(radius_squared) / radius_squared);
  spare_normal_ = v * scale;
  has_spare_normal_ = true;
  return u * scale;
}

std::uint64_t RandomStream::UniformBelow(std::uint64_t bound) {
  // Accept draws below the largest multiple of `bound`; the rest would favour small values.
  const std::uint64_t limit =
      std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % bound;
  std::uint64_t draw = generator_();
  while (draw >= limit) draw = generator_();
  return draw % bound;
}

}  // namespace hinterland::generators
