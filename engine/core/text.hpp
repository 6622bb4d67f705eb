// Small text helpers shared by error messages: "did you mean" suggestions, id and word lists.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace hinterland::engine {

// Levenshtein distance, case-insensitive.
std::size_t EditDistance(const std::string& a, const std::string& b);

// "; did you mean \"INC\"?" when a candidate is close to `name` (distance <= max(2, |name|/3)), else "".
std::string DidYouMean(const std::string& name, const std::vector<std::string>& candidates);

// "12, 40, 41" for at most `limit` ids, then " and N more".
std::string JoinIds(const std::vector<std::string>& ids, std::size_t limit = 20);

// "a", "a or b", "a, b or c" (with `conjunction` "or"; "and" likewise).
std::string JoinWords(const std::vector<std::string>& words, const std::string& conjunction);

// True when a and b are the same text ignoring ASCII case.
bool EqualsIgnoringCase(const std::string& a, const std::string& b);

}  // namespace hinterland::engine
