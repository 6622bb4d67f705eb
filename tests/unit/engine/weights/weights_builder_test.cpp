// Weights builders: lattice link counts (rook 2(r(c-1) + c(r-1)), queen adds 4(r-1)(c-1) diagonal links),
// k nearest neighbours, distance bands and inverse distances against brute-force oracles on seeded
// random points (planar and great-circle), and polygon contiguity on GeoJSON and a shapefile written here.
#include "engine/weights/weights_builder.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <set>

#include "engine/core/error.hpp"
#include "tests/unit/engine/weights/weights_test_helpers.hpp"

namespace hinterland::engine {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

// ---------------------------------------------------------------------------------------------------
// Lattices

TEST(LatticeTest, RookAndQueenLinkCounts) {
  for (const auto& [rows, columns] :
       std::vector<std::pair<std::int64_t, std::int64_t>>{{1, 1}, {1, 7}, {5, 5}, {7, 3}}) {
    const SpatialWeights rook = BuildLattice(rows, columns, Contiguity::kRook);
    const SpatialWeights queen = BuildLattice(rows, columns, Contiguity::kQueen);
    const std::int64_t rook_links = 2 * (rows * (columns - 1) + columns * (rows - 1));
    EXPECT_EQ(rook.n(), rows * columns);
    EXPECT_EQ(rook.LinkCount(), rook_links) << rows << " x " << columns;
    EXPECT_EQ(queen.LinkCount(), rook_links + 4 * (rows - 1) * (columns - 1)) << rows << " x " << columns;
    EXPECT_TRUE(rook.IsSymmetric());
    EXPECT_TRUE(queen.IsSymmetric());
  }
}

TEST(LatticeTest, IdsAreRowMajorFromOne) {
  const SpatialWeights rook = BuildLattice(3, 4, Contiguity::kRook);
  EXPECT_EQ(rook.Ids().front(), "1");
  EXPECT_EQ(rook.Ids().back(), "12");
  // Cell 6 is row 2, column 2 of a 3 x 4 grid: above 2, left 5, right 7, below 10.
  EXPECT_THAT(testing::NeighbourIds(rook, "6"), ::testing::ElementsAre("2", "5", "7", "10"));
  const SpatialWeights queen = BuildLattice(3, 4, Contiguity::kQueen);
  EXPECT_THAT(testing::NeighbourIds(queen, "1"), ::testing::ElementsAre("2", "5", "6"));
}

TEST(LatticeTest, RejectsEmptyGrids) {
  EXPECT_THAT([] { BuildLattice(0, 4, Contiguity::kRook); },
              ThrowsMessage<OptionError>(HasSubstr("lattice 0 x 4")));
}

// ---------------------------------------------------------------------------------------------------
// Points

Coordinates RandomPlanarPoints(std::size_t n, unsigned seed) {
  std::mt19937_64 generator(seed);
  std::uniform_real_distribution<double> uniform(0.0, 100.0);
  Coordinates points;
  for (std::size_t i = 0; i < n; ++i) {
    points.ids.push_back("p" + std::to_string(i));
    points.x.push_back(uniform(generator));
    points.y.push_back(uniform(generator));
  }
  return points;
}

// Uniform on the sphere: longitude uniform, sine of latitude uniform.
Coordinates RandomLonLatPoints(std::size_t n, unsigned seed) {
  std::mt19937_64 generator(seed);
  std::uniform_real_distribution<double> longitude(-180.0, 180.0);
  std::uniform_real_distribution<double> sine(-1.0, 1.0);
  Coordinates points;
  for (std::size_t i = 0; i < n; ++i) {
    points.ids.push_back("g" + std::to_string(i));
    points.x.push_back(longitude(generator));
    points.y.push_back(std::asin(sine(generator)) * 180.0 / std::numbers::pi);
  }
  return points;
}

std::string MetricName(const ::testing::TestParamInfo<DistanceMetric>& param) {
  return param.param == DistanceMetric::kPlanar ? "Planar" : "GreatCircle";
}

// Oracle: all other points sorted by (distance, index), first k.
std::vector<std::string> BruteForceNearest(const Coordinates& points,
                                           std::int64_t i,
                                           int k,
                                           DistanceMetric metric) {
  std::vector<std::pair<double, std::int64_t>> candidates;
  for (std::int64_t j = 0; j < static_cast<std::int64_t>(points.ids.size()); ++j) {
    if (j != i) candidates.emplace_back(Distance(points, i, j, metric), j);
  }
  std::sort(candidates.begin(), candidates.end());
  std::vector<std::string> nearest;
  for (int r = 0; r < k; ++r) nearest.push_back(points.ids[candidates[r].second]);
  return nearest;
}

std::set<std::string> AsSet(const std::vector<std::string>& ids) { return {ids.begin(), ids.end()}; }

class NearestNeighboursOracleTest : public ::testing::TestWithParam<DistanceMetric> {};

TEST_P(NearestNeighboursOracleTest, MatchesBruteForceOnRandomPoints) {
  const DistanceMetric metric = GetParam();
  const Coordinates points = metric == DistanceMetric::kPlanar ? RandomPlanarPoints(600, 20240601)
                                                               : RandomLonLatPoints(600, 20240602);
  for (const int k : {1, 4, 8}) {
    const SpatialWeights knn = BuildKNearestNeighbours(points, k, metric);
    EXPECT_EQ(knn.LinkCount(), 600 * k);
    EXPECT_EQ(knn.Style(), WeightsStyle::kBinary);
    for (std::int64_t i = 0; i < knn.n(); ++i) {
      ASSERT_EQ(AsSet(testing::NeighbourIds(knn, points.ids[i])),
                AsSet(BruteForceNearest(points, i, k, metric)))
          << "unit " << points.ids[i] << ", k = " << k;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Metrics,
                         NearestNeighboursOracleTest,
                         ::testing::Values(DistanceMetric::kPlanar, DistanceMetric::kGreatCircle),
                         MetricName);

TEST(NearestNeighboursTest, BreaksTiesByDistanceThenIndex) {
  // Points on an integer grid have many equal distances; squared distances are exact integers, so the
  // oracle's order (squared distance, index) is unambiguous.
  Coordinates points;
  for (int r = 0; r < 9; ++r) {
    for (int c = 0; c < 9; ++c) {
      points.ids.push_back(std::to_string(r * 9 + c));
      points.x.push_back(c);
      points.y.push_back(r);
    }
  }
  for (const int k : {1, 2, 3, 5, 6}) {
    const SpatialWeights knn = BuildKNearestNeighbours(points, k, DistanceMetric::kPlanar);
    for (std::int64_t i = 0; i < knn.n(); ++i) {
      std::vector<std::pair<double, std::int64_t>> candidates;
      for (std::int64_t j = 0; j < knn.n(); ++j) {
        const double dx = points.x[i] - points.x[j];
        const double dy = points.y[i] - points.y[j];
        if (j != i) candidates.emplace_back(dx * dx + dy * dy, j);
      }
      std::sort(candidates.begin(), candidates.end());
      std::set<std::string> expected;
      for (int r = 0; r < k; ++r) expected.insert(points.ids[candidates[r].second]);
      ASSERT_EQ(AsSet(testing::NeighbourIds(knn, points.ids[i])), expected) << "unit " << i << ", k = " << k;
    }
  }
}

TEST(NearestNeighboursTest, CoincidentPointsAreNeighboursAndSelfIsNever) {
  const Coordinates points{{"a", "b", "c", "d"}, {0, 0, 0, 5}, {0, 0, 0, 5}};
  const SpatialWeights knn = BuildKNearestNeighbours(points, 2, DistanceMetric::kPlanar);
  EXPECT_THAT(testing::NeighbourIds(knn, "a"), ::testing::ElementsAre("b", "c"));
  EXPECT_THAT(testing::NeighbourIds(knn, "c"), ::testing::ElementsAre("a", "b"));
  EXPECT_THAT(testing::NeighbourIds(knn, "d"), ::testing::ElementsAre("a", "b"));
}

TEST(NearestNeighboursTest, GreatCircleWrapsAroundTheAntimeridian) {
  const Coordinates points{{"east", "west", "far"}, {179.9, -179.9, 170.0}, {0, 0, 0}};
  const SpatialWeights knn = BuildKNearestNeighbours(points, 1, DistanceMetric::kGreatCircle);
  EXPECT_THAT(testing::NeighbourIds(knn, "east"), ::testing::ElementsAre("west"));
  EXPECT_THAT(testing::NeighbourIds(knn, "far"), ::testing::ElementsAre("east"));
  // One degree of longitude on the equator: 2 pi R / 360 km with R = 6371.0088 km.
  const Coordinates degree{{"a", "b"}, {0, 1}, {0, 0}};
  EXPECT_NEAR(Distance(degree, 0, 1, DistanceMetric::kGreatCircle), 2 * std::numbers::pi * 6371.0088 / 360,
              1e-9);
}

TEST(NearestNeighboursTest, RejectsBadKAndCoordinates) {
  const Coordinates points{{"a", "b", "c"}, {0, 1, 2}, {0, 0, 0}};
  EXPECT_THAT([&] { BuildKNearestNeighbours(points, 3, DistanceMetric::kPlanar); },
              ThrowsMessage<OptionError>(HasSubstr("k = 3")));
  const Coordinates projected{{"a", "b"}, {500000, 500100}, {4500000, 4500100}};
  EXPECT_THAT([&] { BuildKNearestNeighbours(projected, 1, DistanceMetric::kGreatCircle); },
              ThrowsMessage<DataError>(AllOf(HasSubstr("unit \"a\""), HasSubstr("longitude/latitude"))));
  const Coordinates missing{{"a", "b"}, {0, NAN}, {0, 0}};
  EXPECT_THAT([&] { BuildKNearestNeighbours(missing, 1, DistanceMetric::kPlanar); },
              ThrowsMessage<DataError>(HasSubstr("unit \"b\" are not finite")));
}

class DistanceBandOracleTest : public ::testing::TestWithParam<DistanceMetric> {};

TEST_P(DistanceBandOracleTest, DistanceBandAndInverseDistanceMatchBruteForce) {
  const DistanceMetric metric = GetParam();
  const bool planar = metric == DistanceMetric::kPlanar;
  const Coordinates points = planar ? RandomPlanarPoints(400, 7) : RandomLonLatPoints(400, 8);
  const double threshold = planar ? 9.0 : 1500.0;
  const SpatialWeights band = BuildDistanceBand(points, threshold, metric);
  const SpatialWeights inverse = BuildInverseDistance(points, threshold, 2.0, metric);
  EXPECT_TRUE(band.IsSymmetric());
  EXPECT_EQ(inverse.Style(), WeightsStyle::kGeneral);
  const auto dense_band = testing::Dense(band);
  const auto dense_inverse = testing::Dense(inverse);
  std::int64_t links = 0;
  for (std::int64_t i = 0; i < band.n(); ++i) {
    for (std::int64_t j = 0; j < band.n(); ++j) {
      const double distance = Distance(points, i, j, metric);
      const bool within = i != j && distance <= threshold;
      links += within;
      ASSERT_EQ(dense_band[i][j], within ? 1.0 : 0.0) << i << " " << j;
      ASSERT_NEAR(dense_inverse[i][j], within ? 1.0 / (distance * distance) : 0.0,
                  1e-12 * dense_inverse[i][j]);
    }
  }
  EXPECT_GT(links, 1000);  // the threshold gives a real test: several neighbours per point
  EXPECT_EQ(band.LinkCount(), links);
}

INSTANTIATE_TEST_SUITE_P(Metrics,
                         DistanceBandOracleTest,
                         ::testing::Values(DistanceMetric::kPlanar, DistanceMetric::kGreatCircle),
                         MetricName);

TEST(DistanceBandTest, IncludesPointsExactlyAtTheThreshold) {
  const Coordinates points{{"a", "b", "c"}, {0, 3, 10}, {0, 4, 0}};
  const SpatialWeights band = BuildDistanceBand(points, 5.0, DistanceMetric::kPlanar);
  EXPECT_THAT(testing::NeighbourIds(band, "a"), ::testing::ElementsAre("b"));
  EXPECT_EQ(band.Islands(), (std::vector<std::int64_t>{2}));
}

TEST(DistanceBandTest, RejectsBadThresholdsPowersAndCoincidentPointsForInverseDistance) {
  const Coordinates points{{"a", "b", "c"}, {0, 0, 1}, {0, 0, 1}};
  EXPECT_THAT([&] { BuildDistanceBand(points, 0.0, DistanceMetric::kPlanar); },
              ThrowsMessage<OptionError>(HasSubstr("distance threshold 0")));
  EXPECT_THAT([&] { BuildInverseDistance(points, 2.0, -1.0, DistanceMetric::kPlanar); },
              ThrowsMessage<OptionError>(HasSubstr("power -1")));
  EXPECT_THAT([&] { BuildInverseDistance(points, 2.0, 1.0, DistanceMetric::kPlanar); },
              ThrowsMessage<DataError>(HasSubstr("\"a\" and \"b\" are at the same location")));
}

// ---------------------------------------------------------------------------------------------------
// Polygons

using Ring = std::vector<std::pair<double, double>>;
using Polygon = std::vector<Ring>;  // exterior first, then holes
struct Feature {
  std::string id;
  std::vector<Polygon> polygons;  // more than one: a MultiPolygon
};

Ring Rectangle(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
}

std::string RingJson(const Ring& ring) {
  std::string text = "[";
  for (std::size_t p = 0; p < ring.size(); ++p) {
    text += (p ? "," : "") + fmt::format("[{},{}]", ring[p].first, ring[p].second);
  }
  return text + "]";
}

std::string PolygonJson(const Polygon& polygon) {
  std::string text = "[";
  for (std::size_t r = 0; r < polygon.size(); ++r) text += (r ? "," : "") + RingJson(polygon[r]);
  return text + "]";
}

std::string GeoJson(const std::vector<Feature>& features, bool numeric_ids = false) {
  std::string text = R"({"type":"FeatureCollection","features":[)";
  for (std::size_t f = 0; f < features.size(); ++f) {
    const Feature& feature = features[f];
    std::string geometry;
    if (feature.polygons.size() == 1) {
      geometry = R"({"type":"Polygon","coordinates":)" + PolygonJson(feature.polygons[0]) + "}";
    } else {
      geometry = R"({"type":"MultiPolygon","coordinates":[)";
      for (std::size_t p = 0; p < feature.polygons.size(); ++p) {
        geometry += (p ? "," : "") + PolygonJson(feature.polygons[p]);
      }
      geometry += "]}";
    }
    const std::string id = numeric_ids ? feature.id : "\"" + feature.id + "\"";
    text += (f ? "," : "") +
            fmt::format(R"({{"type":"Feature","properties":{{"UNIT":{},"NAME":"n{}"}},"geometry":{}}})", id,
                        feature.id, geometry);
  }
  return text + "]}";
}

// A rows x columns grid of unit squares, features in row-major order with ids "1".."n".
std::vector<Feature> SquareGrid(int rows, int columns) {
  std::vector<Feature> features;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < columns; ++c) {
      features.push_back({std::to_string(r * columns + c + 1), {{Rectangle(c, r, c + 1, r + 1)}}});
    }
  }
  return features;
}

void ExpectSameStructure(const SpatialWeights& actual, const SpatialWeights& expected) {
  EXPECT_EQ(actual.Ids(), expected.Ids());
  EXPECT_EQ(actual.RowOffsets(), expected.RowOffsets());
  EXPECT_EQ(actual.ColumnIndices(), expected.ColumnIndices());
}

TEST(PolygonContiguityTest, SquareGridGeoJsonMatchesTheLatticeBuilder) {
  const auto folder = testing::ScratchFolder();
  const std::string path = testing::WriteText(folder / "grid.geojson", GeoJson(SquareGrid(4, 6), true));
  const SpatialWeights queen = BuildPolygonContiguity(path, "UNIT", Contiguity::kQueen, 0.0);
  const SpatialWeights rook = BuildPolygonContiguity(path, "UNIT", Contiguity::kRook, 0.0);
  EXPECT_EQ(queen.LinkCount(), BuildLattice(4, 6, Contiguity::kQueen).LinkCount());
  EXPECT_EQ(rook.LinkCount(), BuildLattice(4, 6, Contiguity::kRook).LinkCount());
  ExpectSameStructure(queen, BuildLattice(4, 6, Contiguity::kQueen));
  ExpectSameStructure(rook, BuildLattice(4, 6, Contiguity::kRook));
}

TEST(PolygonContiguityTest, RookFindsSegmentsSharedInPartAndQueenFindsCorners) {
  // A = [0,1]x[0,2] has no vertex at (1,1), where B = [1,2]x[0,1] and C = [1,2]x[1,2] meet; D = [2,3]x[1,2]
  // touches B at the corner (2,1) only.
  const auto folder = testing::ScratchFolder();
  const std::vector<Feature> features = {{"A", {{Rectangle(0, 0, 1, 2)}}},
                                         {"B", {{Rectangle(1, 0, 2, 1)}}},
                                         {"C", {{Rectangle(1, 1, 2, 2)}}},
                                         {"D", {{Rectangle(2, 1, 3, 2)}}}};
  const std::string path = testing::WriteText(folder / "t.json", GeoJson(features));
  const SpatialWeights rook = BuildPolygonContiguity(path, "UNIT", Contiguity::kRook, 0.0);
  EXPECT_THAT(testing::NeighbourIds(rook, "A"), ::testing::ElementsAre("B", "C"));
  EXPECT_THAT(testing::NeighbourIds(rook, "B"), ::testing::ElementsAre("A", "C"));
  EXPECT_THAT(testing::NeighbourIds(rook, "D"), ::testing::ElementsAre("C"));
  const SpatialWeights queen = BuildPolygonContiguity(path, "UNIT", Contiguity::kQueen, 0.0);
  EXPECT_THAT(testing::NeighbourIds(queen, "D"), ::testing::ElementsAre("B", "C"));
}

TEST(PolygonContiguityTest, MultiPolygonsAndHolesAreOneUnit) {
  // "M" is two squares, one left of "L" and one right of "R"; "H" fills the hole of the frame "F".
  const auto folder = testing::ScratchFolder();
  const std::vector<Feature> features = {{"L", {{Rectangle(1, 0, 2, 1)}}},
                                         {"M", {{Rectangle(0, 0, 1, 1)}, {Rectangle(5, 0, 6, 1)}}},
                                         {"R", {{Rectangle(4, 0, 5, 1)}}},
                                         {"F", {{Rectangle(10, 10, 13, 13), Rectangle(11, 11, 12, 12)}}},
                                         {"H", {{Rectangle(11, 11, 12, 12)}}}};
  const std::string path = testing::WriteText(folder / "multi.geojson", GeoJson(features));
  const SpatialWeights rook = BuildPolygonContiguity(path, "UNIT", Contiguity::kRook, 0.0);
  EXPECT_THAT(testing::NeighbourIds(rook, "M"), ::testing::ElementsAre("L", "R"));
  EXPECT_THAT(testing::NeighbourIds(rook, "H"), ::testing::ElementsAre("F"));
  EXPECT_EQ(rook.LinkCount(), 6);
}

TEST(PolygonContiguityTest, ToleranceJoinsNearlyCoincidentVertices) {
  // A gap of 2e-7 between the squares, with the facing vertices on either side of a grid-cell edge for
  // a tolerance of 1e-6 (x = 0.9999999 and x = 1.0000001 fall in cells 999999 and 1000000).
  const auto folder = testing::ScratchFolder();
  const std::vector<Feature> features = {{"a", {{Rectangle(0, 0, 0.9999999, 1)}}},
                                         {"b", {{Rectangle(1.0000001, 0, 2, 1)}}}};
  const std::string path = testing::WriteText(folder / "gap.geojson", GeoJson(features));
  EXPECT_EQ(BuildPolygonContiguity(path, "UNIT", Contiguity::kRook, 0.0).LinkCount(), 0);
  EXPECT_EQ(BuildPolygonContiguity(path, "UNIT", Contiguity::kRook, 1e-6).LinkCount(), 2);
  EXPECT_EQ(BuildPolygonContiguity(path, "UNIT", Contiguity::kQueen, 1e-6).LinkCount(), 2);
  EXPECT_EQ(BuildPolygonContiguity(path, "UNIT", Contiguity::kQueen, 1e-8).LinkCount(), 0);
}

TEST(PolygonContiguityTest, ReadsAShapefileWrittenWithGdal) {
  const auto folder = testing::ScratchFolder();
  const std::string path = (folder / "cells.shp").string();
  GDALAllRegister();
  {
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
    ASSERT_NE(driver, nullptr);
    GDALDatasetUniquePtr dataset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_NE(dataset, nullptr);
    OGRLayer* layer = dataset->CreateLayer("cells", nullptr, wkbPolygon, nullptr);
    ASSERT_NE(layer, nullptr);
    OGRFieldDefn field("CELL", OFTString);
    ASSERT_EQ(layer->CreateField(&field), OGRERR_NONE);
    for (const Feature& feature : SquareGrid(3, 5)) {
      OGRFeature ogr_feature(layer->GetLayerDefn());
      ogr_feature.SetField("CELL", ("c" + feature.id).c_str());
      OGRLinearRing ring;
      for (const auto& [x, y] : feature.polygons[0][0]) ring.addPoint(x, y);
      OGRPolygon polygon;
      polygon.addRing(&ring);
      ogr_feature.SetGeometry(&polygon);
      ASSERT_EQ(layer->CreateFeature(&ogr_feature), OGRERR_NONE);
    }
  }
  const SpatialWeights rook = BuildPolygonContiguity(path, "CELL", Contiguity::kRook, 0.0);
  const SpatialWeights queen = BuildPolygonContiguity(path, "CELL", Contiguity::kQueen, 0.0);
  EXPECT_EQ(rook.Ids().front(), "c1");
  EXPECT_EQ(rook.LinkCount(), BuildLattice(3, 5, Contiguity::kRook).LinkCount());
  EXPECT_EQ(queen.LinkCount(), BuildLattice(3, 5, Contiguity::kQueen).LinkCount());
  EXPECT_EQ(rook.ColumnIndices(), BuildLattice(3, 5, Contiguity::kRook).ColumnIndices());
}

TEST(PolygonContiguityTest, ErrorsNameTheFileAndTheField) {
  const auto folder = testing::ScratchFolder();
  const std::string grid = testing::WriteText(folder / "grid.geojson", GeoJson(SquareGrid(2, 2)));
  EXPECT_THAT([&] { BuildPolygonContiguity(grid, "UNTI", Contiguity::kQueen, 0.0); },
              ThrowsMessage<WeightsError>(AllOf(HasSubstr("grid.geojson"), HasSubstr("no field \"UNTI\""),
                                                HasSubstr("did you mean \"UNIT\""))));
  const std::string points = testing::WriteText(
      folder / "points.geojson",
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"UNIT":"p"},)"
      R"("geometry":{"type":"Point","coordinates":[0,0]}}]})");
  EXPECT_THAT(
      [&] { BuildPolygonContiguity(points, "UNIT", Contiguity::kQueen, 0.0); },
      ThrowsMessage<WeightsError>(AllOf(HasSubstr("points.geojson"), HasSubstr("unit \"p\" has a POINT"))));
  const std::string broken = testing::WriteText(folder / "broken.geojson", "{ not json");
  EXPECT_THAT([&] { BuildPolygonContiguity(broken, "UNIT", Contiguity::kQueen, 0.0); },
              ThrowsMessage<WeightsError>(AllOf(HasSubstr("broken.geojson"), HasSubstr("cannot open"))));
  EXPECT_THAT([&] { BuildPolygonContiguity(grid, "UNIT", Contiguity::kQueen, -1.0); },
              ThrowsMessage<OptionError>(HasSubstr("snap tolerance -1")));
  const std::string twice =
      testing::WriteText(folder / "twice.geojson",
                         GeoJson({{"x", {{Rectangle(0, 0, 1, 1)}}}, {"x", {{Rectangle(1, 0, 2, 1)}}}}));
  EXPECT_THAT([&] { BuildPolygonContiguity(twice, "UNIT", Contiguity::kQueen, 0.0); },
              ThrowsMessage<WeightsError>(
                  AllOf(HasSubstr("twice.geojson"), HasSubstr("\"x\" appears more than once"))));
}

}  // namespace
}  // namespace hinterland::engine
