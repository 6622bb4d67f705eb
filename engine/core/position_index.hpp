// The position of each distinct string of a vector (unit ids of W, of a data column): an open-addressing
// table of positions (linear probing, power-of-two size, at most half full) that refers to the strings
// rather than copying them. std::unordered_map<std::string, ...> allocated a node and a key per id: building
// the id indexes of a 10^6-unit W with it took ~45% of reading the files (measured 2026-11-24).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hinterland::engine {

class PositionIndex {
 public:
  PositionIndex() = default;
  // Room for `capacity` strings.
  explicit PositionIndex(std::size_t capacity);

  // Adds position `position` of `keys` unless an equal string is already indexed: returns that earlier
  // position (and adds nothing), or nullopt when added. `keys` must be the vector every call refers to.
  std::optional<std::int64_t> Insert(const std::vector<std::string>& keys, std::int64_t position);

  // The position of `key` in `keys`, or nullopt.
  std::optional<std::int64_t> Find(const std::vector<std::string>& keys, std::string_view key) const;

 private:
  std::vector<std::int64_t> slots_;  // a position, or -1 for an empty slot
};

}  // namespace hinterland::engine
