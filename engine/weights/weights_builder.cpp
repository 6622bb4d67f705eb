// Lattice and point-based weights builders (spdep cell2nb, knearneigh + knn2nb, dnearneigh, nbdists).
// Points go into a nanoflann k-d tree: 2-D for planar coordinates, 3-D unit vectors for lon/lat, where
// the chord length 2 sin(d / 2R) is monotone in the arc length d, so nearest by chord = nearest on the
// sphere; reported distances are haversine km. O(n log n) for the tree, O(n (k + log n)) for queries.
#include "engine/weights/weights_builder.hpp"

#include <fmt/format.h>

#include <nanoflann.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>

#include "engine/core/enum_words.hpp"
#include "engine/core/error.hpp"

namespace hinterland::engine {

namespace {

constexpr EnumWords<Contiguity, 2> kContiguityWords = {
    {{Contiguity::kRook, "rook"}, {Contiguity::kQueen, "queen"}}};

// The first word of each metric is its name; the others are accepted aliases.
constexpr EnumWords<DistanceMetric, 5> kMetricWords = {{
    {DistanceMetric::kPlanar, "planar"},
    {DistanceMetric::kGreatCircle, "great-circle"},
    {DistanceMetric::kPlanar, "euclidean"},
    {DistanceMetric::kGreatCircle, "greatcircle"},
    {DistanceMetric::kGreatCircle, "lonlat"},
}};

}  // namespace

std::string ToString(Contiguity contiguity) { return WordOf(kContiguityWords, contiguity); }

Contiguity ParseContiguity(const std::string& text) {
  return ParseWord(kContiguityWords, text, "contiguity");
}

std::string ToString(DistanceMetric metric) { return WordOf(kMetricWords, metric); }

DistanceMetric ParseDistanceMetric(const std::string& text) {
  return ParseWord(kMetricWords, text, "metric");
}

namespace {

constexpr double kDegree = std::numbers::pi / 180.0;

double Haversine(double lon_a, double lat_a, double lon_b, double lat_b) {
  const double sin_lat = std::sin((lat_b - lat_a) * kDegree / 2.0);
  const double sin_lon = std::sin((lon_b - lon_a) * kDegree / 2.0);
  const double h =
      sin_lat * sin_lat + std::cos(lat_a * kDegree) * std::cos(lat_b * kDegree) * sin_lon * sin_lon;
  return 2.0 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

// ---------------------------------------------------------------------------------------------------
// Points in a k-d tree

// Row-major points of dimension `Dimension`, as nanoflann's dataset adaptor.
template <int Dimension>
struct PointCloud {
  std::vector<double> coordinates;  // n * Dimension
  std::size_t kdtree_get_point_count() const { return coordinates.size() / Dimension; }
  double kdtree_get_pt(std::uint32_t index, std::size_t axis) const {
    return coordinates[static_cast<std::size_t>(index) * Dimension + axis];
  }
  template <class BoundingBox>
  bool kdtree_get_bbox(BoundingBox& /*box*/) const {
    return false;
  }
  const double* Point(std::size_t index) const { return coordinates.data() + index * Dimension; }
};

template <int Dimension>
using KdTree = nanoflann::KDTreeSingleIndexAdaptor<
    nanoflann::L2_Simple_Adaptor<double, PointCloud<Dimension>, double, std::uint32_t>,
    PointCloud<Dimension>,
    Dimension,
    std::uint32_t>;

// The k smallest (squared distance, index) pairs in lexicographic order, skipping the query point itself,
// so that ties are broken by index whatever order the tree visits points in. worstDist() is nudged up
// one ulp because nanoflann only offers points strictly closer than it: an equally distant point with a
// smaller index must still reach AddPoint.
class NearestResultSet {
 public:
  using DistanceType = double;
  using IndexType = std::uint32_t;

  NearestResultSet(std::size_t capacity, std::uint32_t self, std::uint32_t* indices, double* distances)
      : capacity_(capacity), self_(self), indices_(indices), distances_(distances) {}

  std::size_t size() const { return count_; }
  bool full() const { return count_ == capacity_; }
  double worstDist() const {
    return full() ? std::nextafter(distances_[capacity_ - 1], std::numeric_limits<double>::infinity())
                  : std::numeric_limits<double>::max();
  }
  bool addPoint(double distance, std::uint32_t index) {
    if (index == self_) return true;
    if (full() && !Before(distance, index, capacity_ - 1)) return true;
    std::size_t position = full() ? capacity_ - 1 : count_++;
    while (position > 0 && Before(distance, index, position - 1)) {
      distances_[position] = distances_[position - 1];
      indices_[position] = indices_[position - 1];
      --position;
    }
    distances_[position] = distance;
    indices_[position] = index;
    return true;
  }

 private:
  bool Before(double distance, std::uint32_t index, std::size_t slot) const {
    return distance < distances_[slot] || (distance == distances_[slot] && index < indices_[slot]);
  }
  std::size_t capacity_;
  std::uint32_t self_;
  std::uint32_t* indices_;
  double* distances_;
  std::size_t count_ = 0;
};

// Every point closer than `radius` (squared distance) to the query.
class RadiusCollector {
 public:
  using DistanceType = double;
  using IndexType = std::uint32_t;

  RadiusCollector(double radius, std::vector<std::uint32_t>& found) : radius_(radius), found_(found) {}
  std::size_t size() const { return found_.size(); }
  bool full() const { return true; }
  double worstDist() const { return radius_; }
  bool addPoint(double distance, std::uint32_t index) {
    if (distance < radius_) found_.push_back(index);
    return true;
  }

 private:
  double radius_;
  std::vector<std::uint32_t>& found_;
};

void ValidateCoordinates(const Coordinates& points, DistanceMetric metric) {
  if (points.x.size() != points.ids.size() || points.y.size() != points.ids.size()) {
    throw DataError(fmt::format("coordinates: {} ids but {} x and {} y values", points.ids.size(),
                                points.x.size(), points.y.size()));
  }
  if (points.ids.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    throw DataError(
        fmt::format("coordinates: {} points exceed the 2^31 - 1 units supported", points.ids.size()));
  }
  for (std::size_t i = 0; i < points.ids.size(); ++i) {
    if (!std::isfinite(points.x[i]) || !std::isfinite(points.y[i])) {
      throw DataError(fmt::format("coordinates of unit \"{}\" are not finite ({}, {})", points.ids[i],
                                  points.x[i], points.y[i]));
    }
    if (metric == DistanceMetric::kGreatCircle &&
        (std::fabs(points.y[i]) > 90.0 || std::fabs(points.x[i]) > 360.0)) {
      throw DataError(
          fmt::format("unit \"{}\": ({}, {}) is not a longitude/latitude in degrees; great-circle "
                      "distances need |latitude| <= 90 and |longitude| <= 360",
                      points.ids[i], points.x[i], points.y[i]));
    }
  }
}

template <int Dimension>
PointCloud<Dimension> MakeCloud(const Coordinates& points) {
  PointCloud<Dimension> cloud;
  cloud.coordinates.resize(points.ids.size() * Dimension);
  for (std::size_t i = 0; i < points.ids.size(); ++i) {
    if constexpr (Dimension == 2) {
      cloud.coordinates[2 * i] = points.x[i];
      cloud.coordinates[2 * i + 1] = points.y[i];
    } else {
      const double longitude = points.x[i] * kDegree;
      const double latitude = points.y[i] * kDegree;
      cloud.coordinates[3 * i] = std::cos(latitude) * std::cos(longitude);
      cloud.coordinates[3 * i + 1] = std::cos(latitude) * std::sin(longitude);
      cloud.coordinates[3 * i + 2] = std::sin(latitude);
    }
  }
  return cloud;
}

// Row i of the result holds the k nearest neighbours of point i (n * k indices).
template <int Dimension>
std::vector<std::int32_t> NearestNeighbourIndices(const Coordinates& points, int k) {
  const PointCloud<Dimension> cloud = MakeCloud<Dimension>(points);
  const KdTree<Dimension> tree(Dimension, cloud, nanoflann::KDTreeSingleIndexAdaptorParams(16));
  const std::size_t n = points.ids.size();
  std::vector<std::int32_t> neighbours(n * static_cast<std::size_t>(k));
  std::vector<std::uint32_t> indices(k);
  std::vector<double> distances(k);
  // Queries in the tree's leaf order: consecutive queries then touch the same nodes (3-4x fewer cache
  // misses on large random inputs than file order).
  for (const std::uint32_t query : tree.vAcc) {
    const std::size_t i = query;
    NearestResultSet result(k, query, indices.data(), distances.data());
    tree.findNeighbors(result, cloud.Point(i), nanoflann::SearchParams());
    for (int r = 0; r < k; ++r) neighbours[i * k + r] = static_cast<std::int32_t>(indices[r]);
  }
  return neighbours;
}

// Squared search radius in the tree's space for a distance threshold (chord length on the unit sphere
// for great-circle), widened slightly so that rounding never loses a point; exact distances filter after.
double TreeRadius(double threshold, DistanceMetric metric) {
  double radius = threshold;
  if (metric == DistanceMetric::kGreatCircle) {
    const double half_angle = threshold / (2.0 * kEarthRadiusKm);
    radius = half_angle >= std::numbers::pi / 2 ? 2.0 : 2.0 * std::sin(half_angle);
  }
  return radius * radius * (1.0 + 1e-9) + 1e-300;
}

// For each point, (neighbour, distance) of every other point within `threshold`, as CSR rows.
template <int Dimension>
void PointsWithin(const Coordinates& points,
                  double threshold,
                  DistanceMetric metric,
                  std::vector<std::int64_t>& offsets,
                  std::vector<std::int32_t>& columns,
                  std::vector<double>& distances) {
  const PointCloud<Dimension> cloud = MakeCloud<Dimension>(points);
  const KdTree<Dimension> tree(Dimension, cloud, nanoflann::KDTreeSingleIndexAdaptorParams(16));
  const double radius = TreeRadius(threshold, metric);
  const std::size_t n = points.ids.size();
  // Queries in the tree's leaf order for cache locality; rows are gathered into index order after.
  std::vector<std::int32_t> found_columns;
  std::vector<double> found_distances;
  std::vector<std::int64_t> found_start(n, 0);
  std::vector<std::int64_t> found_count(n, 0);
  std::vector<std::uint32_t> found;
  for (const std::uint32_t i : tree.vAcc) {
    found.clear();
    RadiusCollector collector(radius, found);
    tree.findNeighbors(collector, cloud.Point(i), nanoflann::SearchParams());
    found_start[i] = static_cast<std::int64_t>(found_columns.size());
    for (const std::uint32_t j : found) {
      if (j == i) continue;
      const double distance = Distance(points, i, j, metric);
      if (distance <= threshold) {
        found_columns.push_back(static_cast<std::int32_t>(j));
        found_distances.push_back(distance);
      }
    }
    found_count[i] = static_cast<std::int64_t>(found_columns.size()) - found_start[i];
  }
  offsets.assign(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) offsets[i + 1] = offsets[i] + found_count[i];
  columns.resize(found_columns.size());
  distances.resize(found_distances.size());
  for (std::size_t i = 0; i < n; ++i) {
    std::copy_n(found_columns.begin() + found_start[i], found_count[i], columns.begin() + offsets[i]);
    std::copy_n(found_distances.begin() + found_start[i], found_count[i], distances.begin() + offsets[i]);
  }
}

void ValidateThreshold(double threshold) {
  if (!std::isfinite(threshold) || threshold <= 0) {
    throw OptionError(fmt::format("distance threshold {}: must be a positive number", threshold));
  }
}

}  // namespace

double Distance(const Coordinates& points, std::int64_t a, std::int64_t b, DistanceMetric metric) {
  if (metric == DistanceMetric::kGreatCircle)
    return Haversine(points.x[a], points.y[a], points.x[b], points.y[b]);
  return std::hypot(points.x[a] - points.x[b], points.y[a] - points.y[b]);
}

SpatialWeights BuildLattice(std::int64_t rows, std::int64_t columns, Contiguity contiguity) {
  if (rows < 1 || columns < 1) {
    throw OptionError(fmt::format("lattice {} x {}: rows and columns must be at least 1", rows, columns));
  }
  if (rows > std::numeric_limits<std::int32_t>::max() / columns) {
    throw OptionError(fmt::format("lattice {} x {}: more than 2^31 - 1 cells", rows, columns));
  }
  const std::int64_t n = rows * columns;
  std::vector<std::string> ids(n);
  std::vector<std::int64_t> offsets(n + 1, 0);
  std::vector<std::int32_t> neighbour_columns;
  neighbour_columns.reserve(static_cast<std::size_t>(n) * (contiguity == Contiguity::kQueen ? 8 : 4));
  for (std::int64_t r = 0; r < rows; ++r) {
    for (std::int64_t c = 0; c < columns; ++c) {
      const std::int64_t i = r * columns + c;
      ids[i] = std::to_string(i + 1);
      // Neighbours in increasing index order: the row above, the same row, the row below.
      for (int dr = -1; dr <= 1; ++dr) {
        for (int dc = -1; dc <= 1; ++dc) {
          if ((dr == 0 && dc == 0) || (contiguity == Contiguity::kRook && dr != 0 && dc != 0)) continue;
          const std::int64_t nr = r + dr;
          const std::int64_t nc = c + dc;
          if (nr < 0 || nr >= rows || nc < 0 || nc >= columns) continue;
          neighbour_columns.push_back(static_cast<std::int32_t>(nr * columns + nc));
        }
      }
      offsets[i + 1] = static_cast<std::int64_t>(neighbour_columns.size());
    }
  }
  std::vector<double> values(neighbour_columns.size(), 1.0);
  return SpatialWeights(std::move(ids), std::move(offsets), std::move(neighbour_columns), std::move(values),
                        WeightsStyle::kBinary,
                        fmt::format("{} lattice {} x {}", ToString(contiguity), rows, columns));
}

SpatialWeights BuildKNearestNeighbours(const Coordinates& points, int k, DistanceMetric metric) {
  ValidateCoordinates(points, metric);
  const auto n = static_cast<std::int64_t>(points.ids.size());
  if (k < 1 || k >= n) {
    throw OptionError(
        fmt::format("k = {}: the number of nearest neighbours must be between 1 and n - 1 = {}", k, n - 1));
  }
  std::vector<std::int32_t> columns = metric == DistanceMetric::kPlanar
                                          ? NearestNeighbourIndices<2>(points, k)
                                          : NearestNeighbourIndices<3>(points, k);
  std::vector<std::int64_t> offsets(n + 1);
  for (std::int64_t i = 0; i <= n; ++i) offsets[i] = i * k;
  std::vector<double> values(columns.size(), 1.0);
  return SpatialWeights(points.ids, std::move(offsets), std::move(columns), std::move(values),
                        WeightsStyle::kBinary,
                        fmt::format("{} nearest neighbours ({})", k, ToString(metric)));
}

SpatialWeights BuildDistanceBand(const Coordinates& points, double threshold, DistanceMetric metric) {
  ValidateCoordinates(points, metric);
  ValidateThreshold(threshold);
  std::vector<std::int64_t> offsets;
  std::vector<std::int32_t> columns;
  std::vector<double> distances;
  if (metric == DistanceMetric::kPlanar) {
    PointsWithin<2>(points, threshold, metric, offsets, columns, distances);
  } else {
    PointsWithin<3>(points, threshold, metric, offsets, columns, distances);
  }
  std::fill(distances.begin(), distances.end(), 1.0);
  return SpatialWeights(points.ids, std::move(offsets), std::move(columns), std::move(distances),
                        WeightsStyle::kBinary,
                        fmt::format("distance band {} ({})", threshold, ToString(metric)));
}

SpatialWeights BuildInverseDistance(const Coordinates& points,
                                    double threshold,
                                    double power,
                                    DistanceMetric metric) {
  ValidateCoordinates(points, metric);
  ValidateThreshold(threshold);
  if (!std::isfinite(power) || power <= 0) {
    throw OptionError(fmt::format("inverse-distance power {}: must be a positive number", power));
  }
  std::vector<std::int64_t> offsets;
  std::vector<std::int32_t> columns;
  std::vector<double> weights;
  if (metric == DistanceMetric::kPlanar) {
    PointsWithin<2>(points, threshold, metric, offsets, columns, weights);
  } else {
    PointsWithin<3>(points, threshold, metric, offsets, columns, weights);
  }
  for (std::size_t i = 0; i + 1 < offsets.size(); ++i) {
    for (std::int64_t p = offsets[i]; p < offsets[i + 1]; ++p) {
      if (weights[p] == 0.0) {
        throw DataError(
            fmt::format("units \"{}\" and \"{}\" are at the same location; inverse-distance weights "
                        "would be infinite",
                        points.ids[i], points.ids[columns[p]]));
      }
      weights[p] = std::pow(weights[p], -power);
    }
  }
  return SpatialWeights(
      points.ids, std::move(offsets), std::move(columns), std::move(weights), WeightsStyle::kGeneral,
      fmt::format("inverse distance^{} within {} ({})", power, threshold, ToString(metric)));
}

}  // namespace hinterland::engine
