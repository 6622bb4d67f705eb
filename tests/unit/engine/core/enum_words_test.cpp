// EnumWords (one case rule, one message, did-you-mean everywhere) and NameOptions (options named by key in
// library text, named by each front end in its own words).
#include "engine/core/enum_words.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/core/error.hpp"

namespace hinterland::engine {
namespace {

using ::testing::HasSubstr;

enum class Colour { kRed, kGreen, kBlue };
constexpr EnumWords<Colour, 3> kColourWords = {
    {{Colour::kRed, "red"}, {Colour::kGreen, "green"}, {Colour::kBlue, "HSV"}}};

TEST(EnumWordsTest, WordsRoundTripIgnoringCase) {
  EXPECT_EQ(WordOf(kColourWords, Colour::kGreen), "green");
  EXPECT_EQ(ParseWord(kColourWords, "GREEN", "colour"), Colour::kGreen);
  EXPECT_EQ(ParseWord(kColourWords, "hsv", "colour"), Colour::kBlue);
}

TEST(EnumWordsTest, AnUnknownWordIsOneKeyedProblemWithTheWordsAndASuggestion) {
  try {
    ParseWord(kColourWords, "gren", "colour");
    FAIL() << "expected an OptionError";
  } catch (const OptionError& error) {
    ASSERT_EQ(error.Problems().size(), 1u);
    EXPECT_EQ(error.Problems()[0].key, "colour");
    EXPECT_EQ(error.Problems()[0].value, "gren");
    EXPECT_EQ(error.Problems()[0].constraint, "gren: not one of red, green or HSV; did you mean \"green\"?");
  }
}

TEST(NameOptionsTest, NamesKnownKeysAndLeavesOtherBackquotedTextAlone) {
  const auto flag = [](const std::string& key) { return key == "islands" ? std::string("--islands") : ""; };
  EXPECT_EQ(NameOptions("pass `islands` drop; the term `odd name` stays", flag),
            "pass --islands drop; the term `odd name` stays");
  EXPECT_EQ(NameOptions("`islands` keep", {}), "`islands` keep");
  EXPECT_EQ(NameOptions("unpaired ` quote and `islands`", flag), "unpaired ` quote and `islands`");
}

TEST(OptionErrorTest, MessageOnlyErrorsCarryNoProblems) {
  const OptionError error("plain message");
  EXPECT_TRUE(error.Problems().empty());
  EXPECT_THAT(error.what(), HasSubstr("plain message"));
}

}  // namespace
}  // namespace hinterland::engine
