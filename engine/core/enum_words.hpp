// EnumWords: the one way an option word becomes an enum value and back, for every enum a user can name
// (model, vcov, logdet, style, islands, missing, format, impacts method, ...), as Ceres pairs each enum with
// its ...ToString / StringTo... One table per enum beside the enum, one case rule (words are matched
// ignoring case and written as the table spells them), one message with the words and a "did you mean".
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace hinterland::engine {

template <typename Enum>
struct EnumWord {
  Enum value;
  const char* word;
};

template <typename Enum, std::size_t N>
using EnumWords = std::array<EnumWord<Enum>, N>;

// The word of `value`. A value missing from its table is a bug, never user input: it aborts.
template <typename Enum, std::size_t N>
std::string WordOf(const EnumWords<Enum, N>& table, Enum value) {
  for (const EnumWord<Enum>& entry : table) {
    if (entry.value == value) return entry.word;
  }
  HINTERLAND_CHECK(false, "an enum value without a word in its table");
  return "";
}

// The table's words in order, e.g. for help texts and messages.
template <typename Enum, std::size_t N>
std::vector<std::string> WordsOf(const EnumWords<Enum, N>& table) {
  std::vector<std::string> words;
  for (const EnumWord<Enum>& entry : table) words.emplace_back(entry.word);
  return words;
}

// The value whose word equals `text` ignoring case. Otherwise an OptionError with the problem
// {key, text, "<text>: not one of a, b or c; did you mean \"b\"?"}, `key` being the option's library name.
template <typename Enum, std::size_t N>
Enum ParseWord(const EnumWords<Enum, N>& table, const std::string& text, const std::string& key) {
  for (const EnumWord<Enum>& entry : table) {
    if (EqualsIgnoringCase(text, entry.word)) return entry.value;
  }
  const std::vector<std::string> words = WordsOf(table);
  throw OptionError(
      {OptionProblem{key, text, text + ": not one of " + JoinWords(words, "or") + DidYouMean(text, words)}});
}

}  // namespace hinterland::engine
