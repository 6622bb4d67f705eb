// Polygon contiguity (queen and rook) from a GeoJSON file or shapefile read with GDAL/OGR, as spdep's
// poly2nb with a snap distance. Vertices are clustered on a hashed grid of cell size `tolerance` (each
// cell compared only with its 8 neighbours), so the cost is O(V log V) in the number of vertices V and
// never O(n^2) in polygons. Queen: polygons sharing a vertex cluster. Rook: polygons whose boundaries
// leave a shared vertex cluster in the same direction, i.e. share a boundary segment of positive length.
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <mutex>
#include <numeric>
#include <unordered_map>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/weights/weights_builder.hpp"

namespace hinterland::engine {
namespace {

// Silences GDAL's default stderr printing for the reader's scope (the library never prints); the last
// GDAL message is put into our own errors instead.
class QuietGdalErrors {
 public:
  QuietGdalErrors() {
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
  }
  ~QuietGdalErrors() { CPLPopErrorHandler(); }
  QuietGdalErrors(const QuietGdalErrors&) = delete;
  QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
};

// Every ring of every polygon, flattened: vertices in ring order, closing duplicates dropped.
struct PolygonVertices {
  std::vector<std::string> ids;           // one per feature (unit)
  std::vector<double> x;                  // V
  std::vector<double> y;                  // V
  std::vector<std::int32_t> unit;         // V
  std::vector<std::int64_t> ring_starts;  // rings + 1

  void AddRing(const OGRLinearRing& ring, std::int32_t owner) {
    int points = ring.getNumPoints();
    if (points > 1 && ring.getX(0) == ring.getX(points - 1) && ring.getY(0) == ring.getY(points - 1))
      --points;
    if (points < 1) return;
    for (int p = 0; p < points; ++p) {
      x.push_back(ring.getX(p));
      y.push_back(ring.getY(p));
      unit.push_back(owner);
    }
    ring_starts.push_back(static_cast<std::int64_t>(x.size()));
  }
};

void AddGeometry(const std::string& path,
                 const OGRGeometry& geometry,
                 std::int32_t owner,
                 PolygonVertices& sink) {
  switch (wkbFlatten(geometry.getGeometryType())) {
    case wkbPolygon: {
      const OGRPolygon& polygon = *geometry.toPolygon();
      if (polygon.IsEmpty()) return;
      sink.AddRing(*polygon.getExteriorRing(), owner);
      for (int r = 0; r < polygon.getNumInteriorRings(); ++r)
        sink.AddRing(*polygon.getInteriorRing(r), owner);
      return;
    }
    case wkbMultiPolygon:
    case wkbGeometryCollection: {
      const OGRGeometryCollection& collection = *geometry.toGeometryCollection();
      for (int g = 0; g < collection.getNumGeometries(); ++g) {
        AddGeometry(path, *collection.getGeometryRef(g), owner, sink);
      }
      return;
    }
    case wkbCurvePolygon:
    case wkbMultiSurface: {
      std::unique_ptr<OGRGeometry> linear(geometry.getLinearGeometry());
      if (linear) AddGeometry(path, *linear, owner, sink);
      return;
    }
    default:
      throw WeightsError(fmt::format("{}: unit \"{}\" has a {} geometry; contiguity needs polygons", path,
                                     sink.ids[owner], geometry.getGeometryName()));
  }
}

PolygonVertices ReadPolygons(const std::string& path, const std::string& id_field) {
  static std::once_flag registered;
  std::call_once(registered, [] { GDALAllRegister(); });
  QuietGdalErrors quiet;
  GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!dataset) {
    const std::string reason = CPLGetLastErrorMsg();
    throw WeightsError(
        fmt::format("{}: cannot open as a polygon file: {}", path,
                    reason.empty() ? "GDAL does not recognise it as a vector data set" : reason));
  }
  if (dataset->GetLayerCount() < 1) throw WeightsError(path + ": the file has no layer of features");
  OGRLayer& layer = *dataset->GetLayer(0);
  const OGRFeatureDefn& definition = *layer.GetLayerDefn();
  const int field = definition.GetFieldIndex(id_field.c_str());
  if (field < 0) {
    std::vector<std::string> names;
    for (int f = 0; f < definition.GetFieldCount(); ++f)
      names.emplace_back(definition.GetFieldDefn(f)->GetNameRef());
    throw WeightsError(fmt::format("{}: there is no field \"{}\" to take unit ids from{}; fields: {}", path,
                                   id_field, DidYouMean(id_field, names), JoinIds(names)));
  }
  PolygonVertices vertices;
  vertices.ring_starts.push_back(0);
  layer.ResetReading();
  while (OGRFeatureUniquePtr feature{layer.GetNextFeature()}) {
    if (!feature->IsFieldSetAndNotNull(field)) {
      throw WeightsError(fmt::format("{}: feature {} has no value in the id field \"{}\"", path,
                                     static_cast<long long>(feature->GetFID()), id_field));
    }
    if (vertices.ids.size() >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
      throw WeightsError(path + ": more than 2^31 - 1 features");
    }
    const auto owner = static_cast<std::int32_t>(vertices.ids.size());
    vertices.ids.emplace_back(feature->GetFieldAsString(field));
    // A feature without geometry is a unit without neighbours (an island), as in spdep.
    if (const OGRGeometry* geometry = feature->GetGeometryRef())
      AddGeometry(path, *geometry, owner, vertices);
  }
  return vertices;
}

// ---------------------------------------------------------------------------------------------------
// Vertex clusters

class UnionFind {
 public:
  explicit UnionFind(std::size_t size) : parent_(size) { std::iota(parent_.begin(), parent_.end(), 0); }
  std::int64_t Find(std::int64_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  void Join(std::int64_t a, std::int64_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<std::int64_t> parent_;
};

struct CellHash {
  std::size_t operator()(const std::pair<std::int64_t, std::int64_t>& cell) const {
    return std::hash<std::int64_t>()(cell.first * 0x9E3779B97F4A7C15LL ^ cell.second);
  }
};

// A cluster label per vertex, 0-based. With tolerance 0, equal coordinates; otherwise vertices joined
// (transitively) when |dx| <= tolerance and |dy| <= tolerance. On a grid of cell size `tolerance` such
// vertices lie in the same or in adjacent cells, so each cell is compared with its 8 neighbours only.
std::vector<std::int64_t> ClusterVertices(const PolygonVertices& vertices, double tolerance) {
  const std::size_t count = vertices.x.size();
  std::vector<std::int64_t> order(count);
  std::iota(order.begin(), order.end(), 0);
  std::vector<std::int64_t> label(count);
  if (tolerance == 0.0) {
    std::sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
      return std::pair(vertices.x[a], vertices.y[a]) < std::pair(vertices.x[b], vertices.y[b]);
    });
    std::int64_t next = -1;
    for (std::size_t r = 0; r < count; ++r) {
      const std::int64_t v = order[r];
      if (r == 0 || vertices.x[v] != vertices.x[order[r - 1]] || vertices.y[v] != vertices.y[order[r - 1]])
        ++next;
      label[v] = next;
    }
    return label;
  }
  std::vector<std::pair<std::int64_t, std::int64_t>> cell(count);
  for (std::size_t v = 0; v < count; ++v) {
    cell[v] = {static_cast<std::int64_t>(std::floor(vertices.x[v] / tolerance)),
               static_cast<std::int64_t>(std::floor(vertices.y[v] / tolerance))};
  }
  std::sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) { return cell[a] < cell[b]; });
  // Cell -> [begin, end) in `order`.
  std::unordered_map<std::pair<std::int64_t, std::int64_t>, std::pair<std::size_t, std::size_t>, CellHash>
      range;
  for (std::size_t r = 0; r < count;) {
    std::size_t end = r;
    while (end < count && cell[order[end]] == cell[order[r]]) ++end;
    range.emplace(cell[order[r]], std::pair(r, end));
    r = end;
  }
  UnionFind clusters(count);
  for (const auto& [here, span] : range) {
    for (std::size_t r = span.first + 1; r < span.second; ++r) clusters.Join(order[span.first], order[r]);
  }
  // Half of the 8 neighbouring cells, so each pair of cells is compared once.
  constexpr std::array<std::pair<int, int>, 4> kForward = {{{0, 1}, {1, -1}, {1, 0}, {1, 1}}};
  for (const auto& [here, span] : range) {
    for (const auto& [dx, dy] : kForward) {
      const auto other = range.find({here.first + dx, here.second + dy});
      if (other == range.end()) continue;
      const auto& [other_begin, other_end] = other->second;
      if (clusters.Find(order[span.first]) == clusters.Find(order[other_begin])) continue;
      bool joined = false;
      for (std::size_t a = span.first; a < span.second && !joined; ++a) {
        for (std::size_t b = other_begin; b < other_end && !joined; ++b) {
          const std::int64_t u = order[a];
          const std::int64_t v = order[b];
          if (std::fabs(vertices.x[u] - vertices.x[v]) <= tolerance &&
              std::fabs(vertices.y[u] - vertices.y[v]) <= tolerance) {
            clusters.Join(u, v);
            joined = true;  // every vertex of each cell is already in one cluster
          }
        }
      }
    }
  }
  std::vector<std::int64_t> compact(count, -1);
  std::int64_t next = 0;
  for (std::size_t v = 0; v < count; ++v) {
    const std::int64_t root = clusters.Find(static_cast<std::int64_t>(v));
    if (compact[root] < 0) compact[root] = next++;
    label[v] = compact[root];
  }
  return label;
}

// ---------------------------------------------------------------------------------------------------
// Rook: boundaries that leave a shared point in the same direction

struct Direction {
  double dx;
  double dy;
};

// The directions in which vertex v's ring leaves v towards the previous and the next vertex of another
// cluster (none when the whole ring collapsed into one cluster).
std::vector<Direction> LeavingDirections(const PolygonVertices& vertices,
                                         const std::vector<std::int64_t>& label,
                                         const std::vector<std::int64_t>& ring_of,
                                         std::int64_t v) {
  const std::int64_t begin = vertices.ring_starts[ring_of[v]];
  const std::int64_t size = vertices.ring_starts[ring_of[v] + 1] - begin;
  std::vector<Direction> directions;
  for (const std::int64_t step : {std::int64_t{1}, size - 1}) {
    std::int64_t w = v;
    for (std::int64_t moved = 1; moved < size; ++moved) {
      w = begin + (w - begin + step) % size;
      if (label[w] != label[v]) {
        directions.push_back({vertices.x[w] - vertices.x[v], vertices.y[w] - vertices.y[v]});
        break;
      }
    }
  }
  return directions;
}

// Two boundary pieces leaving the same point overlap when they point the same way: the tip of the
// shorter lies within `tolerance` (or a relative 1e-9 of its length) of the longer one's line.
bool SameDirection(const Direction& a, const Direction& b, double tolerance) {
  const double length_a = std::hypot(a.dx, a.dy);
  const double length_b = std::hypot(b.dx, b.dy);
  if (a.dx * b.dx + a.dy * b.dy <= 0) return false;
  const double longer = std::max(length_a, length_b);
  const double shorter = std::min(length_a, length_b);
  const double offset = std::fabs(a.dx * b.dy - a.dy * b.dx) / longer;
  return offset <= std::max(tolerance, 1e-9 * shorter);
}

}  // namespace

SpatialWeights BuildPolygonContiguity(const std::string& path,
                                      const std::string& id_field,
                                      Contiguity contiguity,
                                      double tolerance) {
  if (!std::isfinite(tolerance) || tolerance < 0) {
    throw OptionError(fmt::format("snap tolerance {}: must be a non-negative number", tolerance));
  }
  const PolygonVertices vertices = ReadPolygons(path, id_field);
  const std::vector<std::int64_t> label = ClusterVertices(vertices, tolerance);
  std::vector<std::int64_t> ring_of(vertices.x.size());
  for (std::size_t r = 0; r + 1 < vertices.ring_starts.size(); ++r) {
    std::fill(ring_of.begin() + vertices.ring_starts[r], ring_of.begin() + vertices.ring_starts[r + 1],
              static_cast<std::int64_t>(r));
  }
  // Vertices grouped by cluster, then by unit.
  std::vector<std::int64_t> order(vertices.x.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
    return std::pair(label[a], vertices.unit[a]) < std::pair(label[b], vertices.unit[b]);
  });
  std::vector<std::pair<std::int32_t, std::int32_t>> pairs;  // both directions
  std::vector<std::size_t> group_units;                      // first position of each unit in the group
  for (std::size_t begin = 0; begin < order.size();) {
    std::size_t end = begin;
    group_units.clear();
    while (end < order.size() && label[order[end]] == label[order[begin]]) {
      if (end == begin || vertices.unit[order[end]] != vertices.unit[order[end - 1]])
        group_units.push_back(end);
      ++end;
    }
    group_units.push_back(end);
    for (std::size_t a = 0; a + 1 < group_units.size(); ++a) {
      for (std::size_t b = a + 1; b + 1 < group_units.size(); ++b) {
        const std::int32_t unit_a = vertices.unit[order[group_units[a]]];
        const std::int32_t unit_b = vertices.unit[order[group_units[b]]];
        bool linked = contiguity == Contiguity::kQueen;
        for (std::size_t p = group_units[a]; p < group_units[a + 1] && !linked; ++p) {
          for (const Direction& from_a : LeavingDirections(vertices, label, ring_of, order[p])) {
            for (std::size_t q = group_units[b]; q < group_units[b + 1] && !linked; ++q) {
              for (const Direction& from_b : LeavingDirections(vertices, label, ring_of, order[q])) {
                linked = linked || SameDirection(from_a, from_b, tolerance);
              }
            }
          }
        }
        if (linked) {
          pairs.emplace_back(unit_a, unit_b);
          pairs.emplace_back(unit_b, unit_a);
        }
      }
    }
    begin = end;
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  const std::size_t n = vertices.ids.size();
  std::vector<std::int64_t> offsets(n + 1, 0);
  std::vector<std::int32_t> columns(pairs.size());
  for (std::size_t p = 0; p < pairs.size(); ++p) {
    ++offsets[pairs[p].first + 1];
    columns[p] = pairs[p].second;
  }
  for (std::size_t i = 0; i < n; ++i) offsets[i + 1] += offsets[i];
  std::vector<double> values(columns.size(), 1.0);
  return SpatialWeights(vertices.ids, std::move(offsets), std::move(columns), std::move(values),
                        WeightsStyle::kBinary, path);
}

}  // namespace hinterland::engine
