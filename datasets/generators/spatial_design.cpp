// Builds simulation designs through engine/weights: BuildLattice, and GenerateUniformPoints followed by
// BuildKNearestNeighbours or BuildDistanceBand; then the weights style transformation.
#include "datasets/generators/spatial_design.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "datasets/generators/random_stream.hpp"
#include "engine/core/enum_words.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace hinterland::generators {
namespace {

using engine::OptionError;

// The weights builders index units with 32-bit integers.
constexpr std::int64_t kMaxUnits = std::numeric_limits<std::int32_t>::max();

engine::SpatialWeights BuildPointWeights(const DesignSpec& spec, const engine::Coordinates& points) {
  if (spec.distance > 0.0) {
    engine::SpatialWeights w =
        engine::BuildDistanceBand(points, spec.distance, engine::DistanceMetric::kPlanar);
    const std::vector<std::int64_t> islands = w.Islands();
    if (!islands.empty()) {
      std::vector<std::string> island_ids;
      for (std::size_t i = 0; i < islands.size() && i < 20; ++i) island_ids.push_back(w.Ids()[islands[i]]);
      throw OptionError(fmt::format(
          "`distance` {}: {} of {} points have no neighbour within the band (ids {}); use a larger "
          "`distance` or `k`",
          spec.distance, islands.size(), points.ids.size(),
          engine::JoinIds(island_ids, 20) +
              (islands.size() > 20 ? fmt::format(" and {} more", islands.size() - 20) : "")));
    }
    return w;
  }
  return engine::BuildKNearestNeighbours(points, spec.k, engine::DistanceMetric::kPlanar);
}

void ValidatePointsSpec(const DesignSpec& spec) {
  if (spec.points < 2 || spec.points > kMaxUnits) {
    throw OptionError(fmt::format("`n` {}: the points design needs 2 <= n <= {}", spec.points, kMaxUnits));
  }
  if (spec.distance < 0.0 || !std::isfinite(spec.distance)) {
    throw OptionError(fmt::format("`distance` {}: must be a positive number", spec.distance));
  }
  if (spec.distance == 0.0 && (spec.k < 1 || spec.k >= spec.points)) {
    throw OptionError(fmt::format("`k` {}: must be between 1 and n - 1 = {}", spec.k, spec.points - 1));
  }
}

}  // namespace

namespace {

constexpr engine::EnumWords<DesignKind, 2> kDesignWords = {
    {{DesignKind::kLattice, "lattice"}, {DesignKind::kPoints, "points"}}};

}  // namespace

std::string ToString(DesignKind kind) { return engine::WordOf(kDesignWords, kind); }

DesignKind ParseDesignKind(const std::string& text) {
  return engine::ParseWord(kDesignWords, text, "design");
}

engine::Coordinates GenerateUniformPoints(std::int64_t n, std::uint64_t seed) {
  RandomStream stream(seed, StreamPurpose::kPoints);
  engine::Coordinates points;
  points.ids.reserve(static_cast<std::size_t>(n));
  points.x.reserve(static_cast<std::size_t>(n));
  points.y.reserve(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) {
    points.ids.push_back(std::to_string(i + 1));
    points.x.push_back(stream.Uniform());
    points.y.push_back(stream.Uniform());
  }
  return points;
}

SpatialDesign BuildSpatialDesign(const DesignSpec& spec, std::uint64_t seed) {
  SpatialDesign design;
  engine::SpatialWeights binary;
  if (spec.kind == DesignKind::kLattice) {
    if (spec.rows < 1 || spec.columns < 1 || spec.rows * spec.columns < 2 ||
        spec.rows > kMaxUnits / spec.columns) {
      throw OptionError(fmt::format("`rows` {} `cols` {}: a lattice needs at least 2 and at most {} cells",
                                    spec.rows, spec.columns, kMaxUnits));
    }
    binary = engine::BuildLattice(spec.rows, spec.columns, spec.contiguity);
    design.description = binary.Source();
  } else {
    ValidatePointsSpec(spec);
    design.points = GenerateUniformPoints(spec.points, seed);
    binary = BuildPointWeights(spec, *design.points);
    design.description = spec.distance > 0.0
                             ? fmt::format("{} uniform points, distance band {}", spec.points, spec.distance)
                             : fmt::format("{} uniform points, {} nearest neighbours", spec.points, spec.k);
  }
  design.w = binary.Transform(spec.style);
  return design;
}

}  // namespace hinterland::generators
