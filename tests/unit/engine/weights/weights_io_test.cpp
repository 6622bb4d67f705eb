// Weights readers and writers: round trips through GAL, GWT, edge lists and Matrix Market, the bundled
// Columbus GAL files (counts from spdep: tests/reference/data/columbus/weights_summary.json), and every
// reader error with the file:line it must name.
#include "engine/weights/weights_io.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/core/error.hpp"
#include "engine/weights/weights_builder.hpp"
#include "test_paths.hpp"
#include "tests/support/same_weights.hpp"
#include "tests/unit/engine/weights/weights_test_helpers.hpp"

namespace hinterland::engine {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

std::string Columbus(const std::string& file) {
  return std::string(hinterland::testing::kDatasetsDir) + "/columbus/" + file;
}

using hinterland::testing::ExpectSameLinks;

// An asymmetric weighted W with awkward values, string ids and an island.
SpatialWeights AsymmetricGeneral() {
  return SpatialWeights({"north", "b-2", "007", "island"}, {0, 2, 3, 4, 4}, {1, 2, 0, 1},
                        {0.1, 1.0 / 3.0, 2.5e-7, 12345.678901234567}, WeightsStyle::kGeneral);
}

TEST(WeightsIoTest, ReadsColumbusQueenGal) {
  // spdep (weights_summary.json, columbus_queen): 49 regions, 230 links; unit 20 has 10 neighbours.
  const SpatialWeights w = ReadGal(Columbus("columbus_queen.gal"));
  EXPECT_EQ(w.n(), 49);
  EXPECT_EQ(w.LinkCount(), 230);
  EXPECT_EQ(w.Style(), WeightsStyle::kBinary);
  EXPECT_EQ(w.NeighbourCount(*w.IndexOf("20")), 10);
  EXPECT_THAT(testing::NeighbourIds(w, "1"), ::testing::ElementsAre("2", "3"));
  EXPECT_TRUE(w.IsSymmetric());
}

TEST(WeightsIoTest, ReadsColumbusAnselinGalKeyedById) {
  const SpatialWeights w = ReadGal(Columbus("columbus_anselin1988.gal"));
  EXPECT_EQ(w.n(), 49);
  EXPECT_EQ(w.LinkCount(), 232);
  EXPECT_EQ(w.Ids().front(), "1001");
  EXPECT_THAT(testing::NeighbourIds(w, "1001"), ::testing::ElementsAre("1002", "1005", "1006"));
}

TEST(WeightsIoTest, GalRoundTripKeepsStructureIslandsAndAsymmetry) {
  const auto folder = testing::ScratchFolder();
  const SpatialWeights w = AsymmetricGeneral().Transform(WeightsStyle::kBinary);
  WriteGal(w, (folder / "w.gal").string());
  ExpectSameLinks(ReadGal((folder / "w.gal").string()), w);
  const SpatialWeights columbus = ReadGal(Columbus("columbus_queen.gal"));
  WriteGal(columbus, (folder / "columbus.gal").string());
  ExpectSameLinks(ReadGal((folder / "columbus.gal").string()), columbus);
}

TEST(WeightsIoTest, GwtRoundTripKeepsWeightsExactly) {
  const auto folder = testing::ScratchFolder();
  // No island: a GWT file cannot list units without links.
  const SpatialWeights w = AsymmetricGeneral().Subset({"north", "b-2", "007"});
  WriteGwt(w, (folder / "w.gwt").string());
  const SpatialWeights read = ReadGwt((folder / "w.gwt").string());
  ExpectSameLinks(read, w);
  EXPECT_EQ(read.Style(), WeightsStyle::kGeneral);
}

TEST(WeightsIoTest, EdgeListWriterRoundTripKeepsWeightsAndIslands) {
  const auto folder = testing::ScratchFolder();
  const SpatialWeights w = AsymmetricGeneral();  // "island" has no links: written as "island,,"
  WriteEdgeList(w, (folder / "edges.csv").string());
  const SpatialWeights read = ReadEdgeList((folder / "edges.csv").string(), false);
  ExpectSameLinks(read, w);
  EXPECT_TRUE(read.SameLinks(w));
  EXPECT_FALSE(read.SameLinks(AsymmetricGeneral()
                                  .Subset({"north", "b-2", "007", "island"})
                                  .Transform(WeightsStyle::kRowStandardised)));
}

TEST(WeightsIoTest, MatrixMarketRoundTripKeepsWeightsAndStyle) {
  const auto folder = testing::ScratchFolder();
  const SpatialWeights w = AsymmetricGeneral();
  WriteMatrixMarket(w, (folder / "w.mtx").string());
  ExpectSameLinks(ReadMatrixMarket((folder / "w.mtx").string(), w.Ids()), w);
  const SpatialWeights lattice = BuildLattice(4, 3, Contiguity::kQueen);
  WriteMatrixMarket(lattice, (folder / "lattice.mtx").string());
  const SpatialWeights read = ReadMatrixMarket((folder / "lattice.mtx").string());
  ExpectSameLinks(read, lattice);  // ids "1".."n" when none are given
  EXPECT_EQ(read.Style(), WeightsStyle::kBinary);
}

TEST(WeightsIoTest, MatrixMarketSymmetricStorageIsMirrored) {
  const auto folder = testing::ScratchFolder();
  const std::string path = testing::WriteText(folder / "s.mtx",
                                              "%%MatrixMarket matrix coordinate real symmetric\n"
                                              "% a comment\n3 3 2\n2 1 0.5\n3 2 2\n");
  const SpatialWeights w = ReadMatrixMarket(path, {"a", "b", "c"});
  EXPECT_EQ(w.LinkCount(), 4);
  EXPECT_EQ(testing::Dense(w)[0][1], 0.5);
  EXPECT_EQ(testing::Dense(w)[2][1], 2.0);
  EXPECT_TRUE(w.IsSymmetric());
}

TEST(WeightsIoTest, EdgeListRoundTripWithWeightsAndNeighbourOnlyUnits) {
  const auto folder = testing::ScratchFolder();
  const std::string path = testing::WriteText(folder / "edges.csv",
                                              "from,to,weight\n"
                                              "a,b,0.5\n"
                                              "\"b\",c,2\n"
                                              "d,,\n");
  const SpatialWeights w = ReadEdgeList(path, false);
  // c appears only as a neighbour and d only with an empty "to": both are units.
  EXPECT_EQ(w.Ids(), (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(w.Style(), WeightsStyle::kGeneral);
  EXPECT_EQ(w.LinkCount(), 2);
  EXPECT_FALSE(w.IsSymmetric());
  EXPECT_EQ(w.Islands(), (std::vector<std::int64_t>{2, 3}));
  const SpatialWeights symmetric = ReadEdgeList(path, true);
  EXPECT_EQ(symmetric.LinkCount(), 4);
  EXPECT_TRUE(symmetric.IsSymmetric());
}

TEST(WeightsIoTest, BinaryEdgeListAgreesWithTheGalFile) {
  const auto folder = testing::ScratchFolder();
  const SpatialWeights gal = ReadGal(Columbus("columbus_queen.gal"));
  std::string text = "origin\tdestination\n";
  for (std::int64_t i = 0; i < gal.n(); ++i) {
    for (std::int64_t p = gal.RowOffsets()[i]; p < gal.RowOffsets()[i + 1]; ++p) {
      text += gal.Ids()[i] + "\t" + gal.Ids()[gal.ColumnIndices()[p]] + "\n";
    }
  }
  const SpatialWeights edges = ReadEdgeList(testing::WriteText(folder / "edges.tsv", text), false);
  EXPECT_EQ(edges.Style(), WeightsStyle::kBinary);
  // Edge-list units are numbered in order of first appearance (2 appears as a neighbour of 1 before 3).
  EXPECT_THAT(std::vector<std::string>(edges.Ids().begin(), edges.Ids().begin() + 3),
              ::testing::ElementsAre("1", "2", "3"));
  ExpectSameLinks(edges.Subset(gal.Ids()), gal);
}

TEST(WeightsIoTest, ReadWeightsChoosesTheReaderByExtension) {
  const auto folder = testing::ScratchFolder();
  const SpatialWeights gal = ReadWeights(Columbus("columbus_queen.gal"), {});
  EXPECT_EQ(gal.LinkCount(), 230);
  WriteGwt(gal, (folder / "w.GWT").string());
  EXPECT_EQ(ReadWeights((folder / "w.GWT").string(), {}).LinkCount(), 230);
  const std::string edges = testing::WriteText(folder / "e.txt", "from to\n1 2\n");
  EXPECT_EQ(ReadWeights(edges, {}).LinkCount(), 1);
  WeightsReadOptions symmetrize;
  symmetrize.symmetrize = true;
  EXPECT_EQ(ReadWeights(edges, symmetrize).LinkCount(), 2);
  EXPECT_THAT([&] { ReadWeights((folder / "w.xyz").string(), {}); },
              ThrowsMessage<WeightsError>(HasSubstr("unknown weights file extension \".xyz\"")));
  EXPECT_THAT([&] { ReadWeights((folder / "map.geojson").string(), {}); },
              ThrowsMessage<OptionError>(HasSubstr("field that holds the unit ids")));
}

// ---------------------------------------------------------------------------------------------------
// Reader errors: each names the file and the line.

class WeightsReaderErrorTest : public ::testing::Test {
 protected:
  void SetUp() override { folder_ = testing::ScratchFolder(); }
  std::string File(const std::string& name, const std::string& text) {
    return testing::WriteText(folder_ / name, text);
  }
  std::filesystem::path folder_;
};

TEST_F(WeightsReaderErrorTest, MissingFile) {
  EXPECT_THAT([&] { ReadGal((folder_ / "none.gal").string()); },
              ThrowsMessage<WeightsError>(AllOf(HasSubstr("none.gal"), HasSubstr("cannot open"))));
}

TEST_F(WeightsReaderErrorTest, GalNeighbourCountMismatch) {
  const std::string path = File("count.gal", "0 2 test id\n1 2\n2\n2 1\n1\n");
  EXPECT_THAT([&] { ReadGal(path); },
              ThrowsMessage<WeightsError>(AllOf(
                  HasSubstr("count.gal:3"), HasSubstr("unit \"1\" declares 2 neighbours (line 2) but 1"))));
}

TEST_F(WeightsReaderErrorTest, GalUnknownNeighbour) {
  const std::string path = File("unknown.gal", "2\n1 1\n2\n2 1\n77\n");
  EXPECT_THAT([&] { ReadGal(path); },
              ThrowsMessage<WeightsError>(AllOf(HasSubstr("unknown.gal:5"), HasSubstr("neighbour \"77\""))));
}

TEST_F(WeightsReaderErrorTest, GalBadHeaderCountAndRecords) {
  EXPECT_THAT([&] { ReadGal(File("header.gal", "zero units\n")); },
              ThrowsMessage<WeightsError>(AllOf(HasSubstr("header.gal:1"), HasSubstr("header"))));
  EXPECT_THAT([&] { ReadGal(File("few.gal", "0 3 x id\n1 1\n2\n2 1\n1\n")); },
              ThrowsMessage<WeightsError>(
                  AllOf(HasSubstr("few.gal"), HasSubstr("declares 3 units but the file has 2"))));
  EXPECT_THAT([&] { ReadGal(File("many.gal", "1\n1 0\n\n2 0\n")); },
              ThrowsMessage<WeightsError>(
                  AllOf(HasSubstr("many.gal:4"), HasSubstr("more records than the 1 units"))));
  EXPECT_THAT([&] { ReadGal(File("count.gal", "1\n1 two\n")); },
              ThrowsMessage<WeightsError>(AllOf(HasSubstr("count.gal:2"), HasSubstr("\"two\""))));
  EXPECT_THAT([&] { ReadGal(File("twice.gal", "2\n1 0\n1 0\n")); },
              ThrowsMessage<WeightsError>(AllOf(HasSubstr("twice.gal:3"), HasSubstr("first on line 2"))));
}

TEST_F(WeightsReaderErrorTest, GalSelfNeighbourAndDuplicateNeighbour) {
  EXPECT_THAT([&] { ReadGal(File("self.gal", "2\n1 1\n1\n2 0\n")); },
              ThrowsMessage<WeightsError>(AllOf(HasSubstr("self.gal:3"), HasSubstr("its own neighbour"))));
  EXPECT_THAT(
      [&] { ReadGal(File("dup.gal", "2\n1 2\n2 2\n2 1\n1\n")); },
      ThrowsMessage<WeightsError>(AllOf(HasSubstr("dup.gal:3"), HasSubstr("link 1 -> 2 appears again"))));
}

TEST_F(WeightsReaderErrorTest, GwtNonNumericAndNegativeWeight) {
  EXPECT_THAT([&] { ReadGwt(File("text.gwt", "0 2 x id\n1 2 0.5\n2 1 abc\n")); },
              ThrowsMessage<WeightsError>(AllOf(HasSubstr("text.gwt:3"), HasSubstr("column 3"),
                                                HasSubstr("\"abc\" is not a number"))));
  EXPECT_THAT([&] { ReadGwt(File("negative.gwt", "2\n1 2 -1\n")); },
              ThrowsMessage<WeightsError>(AllOf(HasSubstr("negative.gwt:2"), HasSubstr("negative"))));
  EXPECT_THAT([&] { ReadGwt(File("nan.gwt", "2\n1 2 nan\n")); },
              ThrowsMessage<WeightsError>(AllOf(HasSubstr("nan.gwt:2"), HasSubstr("is not a number"))));
}

TEST_F(WeightsReaderErrorTest, GwtDuplicateLinkShapeAndUnitCount) {
  EXPECT_THAT([&] { ReadGwt(File("dup.gwt", "2\n1 2 1\n2 1 1\n1 2 3\n")); },
              ThrowsMessage<WeightsError>(
                  AllOf(HasSubstr("dup.gwt:4"), HasSubstr("link 1 -> 2 appears again (first on line 2)"))));
  EXPECT_THAT(
      [&] { ReadGwt(File("short.gwt", "2\n1 2\n")); },
      ThrowsMessage<WeightsError>(AllOf(HasSubstr("short.gwt:2"), HasSubstr("<from id> <to id> <weight>"))));
  EXPECT_THAT([&] { ReadGwt(File("units.gwt", "3\n1 2 1\n")); },
              ThrowsMessage<WeightsError>(
                  AllOf(HasSubstr("units.gwt"), HasSubstr("declares 3 units but the links name 2"))));
  EXPECT_THAT([&] { ReadGwt(File("self.gwt", "1\n1 1 1\n")); },
              ThrowsMessage<WeightsError>(AllOf(HasSubstr("self.gwt:2"), HasSubstr("its own neighbour"))));
}

TEST_F(WeightsReaderErrorTest, EdgeListErrors) {
  EXPECT_THAT([&] { ReadEdgeList(File("dup.csv", "from,to\na,b\nb,a\na,b\n"), false); },
              ThrowsMessage<WeightsError>(
                  AllOf(HasSubstr("dup.csv:4"), HasSubstr("link a -> b appears again (first on line 2)"))));
  EXPECT_THAT(
      [&] { ReadEdgeList(File("weight.csv", "from,to,w\na,b,1\nb,a,x1\n"), false); },
      ThrowsMessage<WeightsError>(AllOf(HasSubstr("weight.csv:3"), HasSubstr("\"x1\" is not a number"))));
  EXPECT_THAT([&] { ReadEdgeList(File("fields.csv", "from,to\na,b,1\n"), false); },
              ThrowsMessage<WeightsError>(AllOf(HasSubstr("fields.csv:2"), HasSubstr("expected 2 fields"))));
  EXPECT_THAT([&] { ReadEdgeList(File("header.csv", "a,b,c,d\n"), false); },
              ThrowsMessage<WeightsError>(AllOf(HasSubstr("header.csv:1"), HasSubstr("2 or 3 columns"))));
  EXPECT_THAT([&] { ReadEdgeList(File("self.csv", "from,to\na,a\n"), false); },
              ThrowsMessage<WeightsError>(AllOf(HasSubstr("self.csv:2"), HasSubstr("its own neighbour"))));
  EXPECT_THAT([&] { ReadEdgeList(File("empty.csv", ""), false); },
              ThrowsMessage<WeightsError>(HasSubstr("empty.csv: the file is empty")));
}

TEST_F(WeightsReaderErrorTest, MatrixMarketErrors) {
  const std::string banner = "%%MatrixMarket matrix coordinate real general\n";
  EXPECT_THAT(
      [&] { ReadMatrixMarket(File("range.mtx", banner + "2 2 1\n3 1 1\n")); },
      ThrowsMessage<WeightsError>(AllOf(HasSubstr("range.mtx:3"), HasSubstr("outside the 2 x 2 matrix"))));
  EXPECT_THAT([&] { ReadMatrixMarket(File("square.mtx", banner + "2 3 0\n")); },
              ThrowsMessage<WeightsError>(AllOf(HasSubstr("square.mtx:2"), HasSubstr("must be square"))));
  EXPECT_THAT([&] { ReadMatrixMarket(File("count.mtx", banner + "2 2 2\n1 2 1\n")); },
              ThrowsMessage<WeightsError>(
                  AllOf(HasSubstr("count.mtx"), HasSubstr("declares 2 entries but the file has 1"))));
  EXPECT_THAT(
      [&] { ReadMatrixMarket(File("value.mtx", banner + "2 2 1\n1 2 w\n")); },
      ThrowsMessage<WeightsError>(AllOf(HasSubstr("value.mtx:3"), HasSubstr("\"w\" is not a number"))));
  EXPECT_THAT([&] { ReadMatrixMarket(File("dense.mtx", "%%MatrixMarket matrix array real general\n2 2\n")); },
              ThrowsMessage<WeightsError>(AllOf(HasSubstr("dense.mtx:1"), HasSubstr("coordinate"))));
  EXPECT_THAT([&] { ReadMatrixMarket(File("ids.mtx", banner + "2 2 0\n"), {"a"}); },
              ThrowsMessage<WeightsError>(AllOf(HasSubstr("ids.mtx"), HasSubstr("2 rows but 1 unit ids"))));
  EXPECT_THAT(
      [&] { ReadMatrixMarket(File("plain.mtx", "2 2 0\n")); },
      ThrowsMessage<WeightsError>(AllOf(HasSubstr("plain.mtx:1"), HasSubstr("not a Matrix Market file"))));
  EXPECT_THAT([&] { ReadMatrixMarket(File("diagonal.mtx", banner + "2 2 1\n2 2 1\n")); },
              ThrowsMessage<WeightsError>(AllOf(HasSubstr("diagonal.mtx:3"), HasSubstr("own neighbour"))));
}

TEST_F(WeightsReaderErrorTest, WritersRefuseIdsWithSpaces) {
  const SpatialWeights w({"New York", "b"}, {0, 1, 2}, {1, 0}, {1, 1}, WeightsStyle::kBinary);
  EXPECT_THAT([&] { WriteGal(w, (folder_ / "w.gal").string()); },
              ThrowsMessage<WeightsError>(HasSubstr("\"New York\" cannot be written")));
  EXPECT_FALSE(std::filesystem::exists(folder_ / "w.gal"));
}

}  // namespace
}  // namespace hinterland::engine
