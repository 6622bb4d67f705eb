// RandomStream: a seeded std::mt19937_64 with its own uniform and normal transforms, so that the same seed
// gives the same numbers with every standard library (std::normal_distribution is implementation-defined).
// Each part of a simulation (points, regressors, errors, effects, missing pattern) draws from its own
// stream, derived from (seed, stream) by SplitMix64 (Steele, Lea & Flood 2014), so changing one part
// never shifts the numbers of another.
#pragma once

#include <cstdint>
#include <random>

namespace hinterland::generators {

// The independent streams of a simulation; the values are part of the reproducibility contract.
enum class StreamPurpose : std::uint64_t {
  kPoints = 1,
  kRegressors = 2,
  kErrors = 3,
  kIndividualEffects = 4,
  kTimeEffects = 5,
  kMissingPattern = 6,
};

// SplitMix64's finaliser: a bijective 64-bit mix, used to derive stream seeds.
std::uint64_t MixBits(std::uint64_t value);

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, StreamPurpose purpose);

  std::uint64_t NextBits() { return generator_(); }
  // Uniform on [0, 1): the top 53 bits of one draw scaled by 2^-53.
  double Uniform();
  // Standard normal by Marsaglia's polar method (Marsaglia & Bray 1964); the second value is kept.
  double StandardNormal();
  // Uniform integer in [0, bound) without modulo bias (rejection of the top partial block).
  std::uint64_t UniformBelow(std::uint64_t bound);

 private:
  std::mt19937_64 generator_;
  double spare_normal_ = 0.0;
  bool has_spare_normal_ = false;
};

}  // namespace hinterland::generators
