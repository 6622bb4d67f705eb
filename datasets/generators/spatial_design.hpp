// Spatial designs for simulation: a rows x columns lattice (rook or queen, spdep cell2nb) or n points
// uniform in the unit square with k-nearest-neighbour or distance-band links (spdep knearneigh /
// dnearneigh). Weights are built sparse through engine/weights (O(n + links) memory, no dense matrix)
// and transformed to the style the DGP uses (row-standardised by default). Unit ids are "1".."n".
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/weights/spatial_weights.hpp"
#include "engine/weights/weights_builder.hpp"

namespace hinterland::generators {

enum class DesignKind { kLattice, kPoints };
std::string ToString(DesignKind kind);
DesignKind ParseDesignKind(const std::string& text);  // "lattice", "points" (OptionError keyed "design")

// Points get k nearest neighbours when `distance` is 0, else a distance band of that radius (in the
// units of the unit square).
struct DesignSpec {
  DesignKind kind = DesignKind::kLattice;
  std::int64_t rows = 0;     // lattice
  std::int64_t columns = 0;  // lattice
  engine::Contiguity contiguity = engine::Contiguity::kRook;
  std::int64_t points = 0;  // points: n
  int k = 8;                // points: neighbours per point
  double distance = 0.0;    // points: band radius; 0 means kNN
  engine::WeightsStyle style = engine::WeightsStyle::kRowStandardised;
};

struct SpatialDesign {
  engine::SpatialWeights w;  // n x n, in `style`; its binary structure is the neighbour relation
  std::optional<engine::Coordinates> points;  // the points design only
  std::string description;                    // e.g. "rook lattice 20 x 30"
};

// n points uniform in [0, 1)^2 with ids "1".."n", x then y drawn per point from the kPoints stream.
engine::Coordinates GenerateUniformPoints(std::int64_t n, std::uint64_t seed);

// Builds the design's weights. Throws OptionError for sizes out of range, and for a distance band that
// leaves islands (units without neighbours), which the DGP and the GWT format cannot represent.
SpatialDesign BuildSpatialDesign(const DesignSpec& spec, std::uint64_t seed);

}  // namespace hinterland::generators
