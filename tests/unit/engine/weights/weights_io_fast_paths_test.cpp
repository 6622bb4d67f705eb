// The readers' fast paths give the W the general paths give: numeric ids looked up by value next to
// ids that must go through the hash table ("007" is not "7"), links listed out of unit order (the
// counting sort) against the same links in order, and Subset to W's own ids against a permuted round
// trip. Oracles are W built directly from CSR arrays; equality is exact (same ids, arrays and doubles).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/core/error.hpp"
#include "engine/weights/spatial_weights.hpp"
#include "engine/weights/weights_builder.hpp"
#include "engine/weights/weights_io.hpp"
#include "tests/support/same_weights.hpp"
#include "tests/unit/engine/weights/weights_test_helpers.hpp"

namespace hinterland::engine {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

using hinterland::testing::ExpectSameWeights;

class WeightsFastPathTest : public ::testing::Test {
 protected:
  void SetUp() override { folder_ = testing::ScratchFolder(); }
  std::string File(const std::string& name, const std::string& text) {
    return testing::WriteText(folder_ / name, text);
  }
  std::filesystem::path folder_;
};

// Plain numbers ("7", "0", "10"), numbers with a leading zero, a sign or more than nine digits, a number
// far above the unit count, and words: each id must find exactly its own unit.
TEST_F(WeightsFastPathTest, GalMixesIdsLookedUpByValueAndByHash) {
  const std::string path = File("mixed.gal",
                                "0 8 mixed id\n"
                                "7 2\n007 10\n"
                                "007 1\n7\n"
                                "0 1\nnorth\n"
                                "10 1\n1234567890\n"
                                "1234567890 1\n99999999\n"
                                "99999999 1\n-3\n"
                                "-3 1\n0\n"
                                "north 2\n0 7\n");
  const SpatialWeights expected({"7", "007", "0", "10", "1234567890", "99999999", "-3", "north"},
                                {0, 2, 3, 4, 5, 6, 7, 8, 10}, {1, 3, 0, 7, 4, 5, 6, 2, 0, 2},
                                std::vector<double>(10, 1.0), WeightsStyle::kBinary, path);
  ExpectSameWeights(ReadGal(path), expected);
}

TEST_F(WeightsFastPathTest, GalNeighbourSpelledDifferentlyFromEveryUnitIsUnknown) {
  // "07" is neither "7" nor "007".
  const std::string path = File("spelling.gal", "2\n7 1\n07\n007 1\n7\n");
  EXPECT_THAT([&] { ReadGal(path); },
              ThrowsMessage<WeightsError>(AllOf(HasSubstr("spelling.gal:3"), HasSubstr("neighbour \"07\""))));
}

// The same GWT links grouped by unit, and shuffled across and within rows.
TEST_F(WeightsFastPathTest, GwtLinksOutOfOrderGiveTheSameWeights) {
  const std::string ordered = File("ordered.gwt",
                                   "0 4 w id\n"
                                   "1 2 0.5\n1 4 0.25\n"
                                   "2 1 1.5\n2 3 2\n"
                                   "3 2 0.125\n"
                                   "4 1 3\n4 2 1e-3\n4 3 7\n");
  const std::string shuffled = File("shuffled.gwt",
                                    "0 4 w id\n"
                                    "1 4 0.25\n4 3 7\n2 3 2\n"
                                    "3 2 0.125\n4 1 3\n1 2 0.5\n"
                                    "2 1 1.5\n4 2 1e-3\n");
  const SpatialWeights from_ordered = ReadGwt(ordered);
  const SpatialWeights from_shuffled = ReadGwt(shuffled);
  // Units are numbered in order of first appearance, so the shuffled file lists them 1, 4, 3, 2.
  ASSERT_EQ(from_shuffled.Ids(), (std::vector<std::string>{"1", "4", "3", "2"}));
  ExpectSameWeights(from_shuffled.Subset(from_ordered.Ids()), from_ordered);
  // "1 4" names unit 4 before unit 3 appears: units 1, 2, 4, 3.
  const SpatialWeights expected({"1", "2", "4", "3"}, {0, 2, 4, 7, 8}, {1, 2, 0, 3, 0, 1, 3, 1},
                                {0.5, 0.25, 1.5, 2, 3, 1e-3, 7, 0.125}, WeightsStyle::kGeneral, ordered);
  ExpectSameWeights(from_ordered, expected);
}

// Links sorted by (from unit, to unit, line): the duplicate reported is the first in that order, here
// the one of unit "c" (first unit of the file) though "b"'s duplicate comes first in the file.
TEST_F(WeightsFastPathTest, DuplicateInUngroupedLinksIsReportedInUnitOrder) {
  const std::string path = File("dup.gwt", "0 3 w id\nc a 1\nb a 1\nb a 2\nc a 3\n");
  EXPECT_THAT([&] { ReadGwt(path); },
              ThrowsMessage<WeightsError>(
                  AllOf(HasSubstr("dup.gwt:5"), HasSubstr("link c -> a appears again (first on line 2)"))));
}

TEST(SpatialWeightsFastPathTest, SubsetToItsOwnIdsEqualsAPermutedRoundTrip) {
  const SpatialWeights lattice =
      BuildLattice(3, 4, Contiguity::kQueen).Transform(WeightsStyle::kRowStandardised);
  std::vector<std::string> permuted(lattice.Ids().rbegin(), lattice.Ids().rend());
  std::swap(permuted[1], permuted[5]);
  const SpatialWeights round_trip = lattice.Subset(permuted).Subset(lattice.Ids());
  ExpectSameWeights(lattice.Subset(lattice.Ids()), round_trip);
  ExpectSameWeights(round_trip, lattice);
  EXPECT_EQ(round_trip.IndexOf("7"), lattice.IndexOf("7"));
  EXPECT_EQ(lattice.Subset(permuted).IndexOf(permuted[3]), 3);
}

}  // namespace
}  // namespace hinterland::engine
