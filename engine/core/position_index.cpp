#include "engine/core/position_index.hpp"

#include <functional>

namespace hinterland::engine {

namespace {

std::size_t Hash(std::string_view key) { return std::hash<std::string_view>{}(key); }

}  // namespace

PositionIndex::PositionIndex(std::size_t capacity) {
  std::size_t slot_count = 16;
  while (slot_count < 2 * capacity) slot_count *= 2;
  slots_.assign(slot_count, -1);
}

std::optional<std::int64_t> PositionIndex::Insert(const std::vector<std::string>& keys,
                                                  std::int64_t position) {
  const std::size_t mask = slots_.size() - 1;
  const std::string& key = keys[static_cast<std::size_t>(position)];
  std::size_t slot = Hash(key) & mask;
  for (; slots_[slot] >= 0; slot = (slot + 1) & mask) {
    if (keys[static_cast<std::size_t>(slots_[slot])] == key) return slots_[slot];
  }
  slots_[slot] = position;
  return std::nullopt;
}

std::optional<std::int64_t> PositionIndex::Find(const std::vector<std::string>& keys,
                                                std::string_view key) const {
  if (slots_.empty()) return std::nullopt;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = Hash(key) & mask; slots_[slot] >= 0; slot = (slot + 1) & mask) {
    if (keys[static_cast<std::size_t>(slots_[slot])] == key) return slots_[slot];
  }
  return std::nullopt;
}

}  // namespace hinterland::engine
