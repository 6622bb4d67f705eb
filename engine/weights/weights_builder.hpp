// Builders of spatial weights from geometry: regular lattices, k nearest neighbours, distance bands,
// inverse-distance weights (points, via a nanoflann k-d tree) and polygon contiguity (GDAL/OGR).
// Definitions follow spdep (cell2nb, knearneigh/knn2nb, dnearneigh, poly2nb). Never O(n^2): k-d tree
// searches for points, hashed vertex grids for polygons.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/weights/spatial_weights.hpp"

namespace hinterland::engine {

enum class Contiguity { kRook, kQueen };
std::string ToString(Contiguity contiguity);
Contiguity ParseContiguity(const std::string& text);  // "rook", "queen" (OptionError keyed "contiguity")

// kPlanar: Euclidean distance in the units of the coordinates. kGreatCircle: x = longitude and y = latitude
// in degrees; distances in km on a sphere of radius kEarthRadiusKm (haversine).
enum class DistanceMetric { kPlanar, kGreatCircle };
std::string ToString(DistanceMetric metric);
DistanceMetric ParseDistanceMetric(const std::string& text);  // "planar", "great-circle" (and aliases)

inline constexpr double kEarthRadiusKm = 6371.0088;  // IUGG mean Earth radius

struct Coordinates {
  std::vector<std::string> ids;
  std::vector<double> x;  // n; longitude (degrees) for great-circle
  std::vector<double> y;  // n; latitude (degrees) for great-circle
};

// Distance between points a and b of `points` under `metric` (km for great-circle).
double Distance(const Coordinates& points, std::int64_t a, std::int64_t b, DistanceMetric metric);

// A rows x columns grid of cells with ids "1".."n" in row-major order (spdep cell2nb). Rook: cells sharing
// an edge (2(r(c-1) + c(r-1)) directed links); queen: also cells sharing a corner. Binary.
SpatialWeights BuildLattice(std::int64_t rows, std::int64_t columns, Contiguity contiguity);

// Each point's k nearest other points (binary, generally asymmetric). Ties are broken deterministically:
// by distance, then by the point's position in `points`. Needs 1 <= k < n.
SpatialWeights BuildKNearestNeighbours(const Coordinates& points, int k, DistanceMetric metric);

// Binary links between distinct points at distance <= threshold (symmetric; may leave islands).
SpatialWeights BuildDistanceBand(const Coordinates& points, double threshold, DistanceMetric metric);

// w_ij = 1 / d_ij^power for points at distance 0 < d_ij <= threshold (kGeneral). Two points at the same
// location are a DataError (their weight would be infinite).
SpatialWeights BuildInverseDistance(const Coordinates& points,
                                    double threshold,
                                    double power,
                                    DistanceMetric metric);

// Contiguity of the polygons (or multipolygons) of a GeoJSON file or shapefile, one unit per feature in
// file order, ids from the attribute `id_field`. Vertices within `tolerance` of each other (in x and in
// y) are the same point. Queen: the polygons share at least one point. Rook: they share at least one
// boundary segment, i.e. from a shared point both boundaries run along the same direction (this finds
// identical edges and edges that overlap in part). Binary and symmetric.
SpatialWeights BuildPolygonContiguity(const std::string& path,
                                      const std::string& id_field,
                                      Contiguity contiguity,
                                      double tolerance);

}  // namespace hinterland::engine
