// Readers and writers of GAL, GWT, edge-list and Matrix Market weights files.
// Each reader collects (from, to, weight, line) links against a table of unit ids, then one shared step
// rejects duplicates (naming both lines) and builds the CSR arrays. Everything is O(n + links log links).
#include "engine/weights/weights_io.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/weights/weights_builder.hpp"

namespace hinterland::engine {
namespace {

// ---------------------------------------------------------------------------------------------------
// Text helpers

// A weights file read whole, and its lines as views into the text: no copy per line.
struct FileLines {
  std::string text;
  std::vector<std::string_view> lines;  // without their line ends ("\n" or "\r\n") and the UTF-8 BOM
};

// The lines as std::getline splits them: a final line without a line end counts, an empty one after the
// last "\n" does not. Fills the caller's object, so the views point at a text that never moves (a
// short text lives inside the string object itself).
void ReadLines(const std::string& path, FileLines& file) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw WeightsError(fmt::format("{}: cannot open weights file: {}", path, std::strerror(errno)));
  // The first read asks for the whole file where its size is known (one allocation), then for chunks
  // until the end, so a file that grows or lies about its size is still read to its end.
  constexpr std::size_t kChunk = std::size_t{1} << 20;
  std::error_code size_error;
  const std::uintmax_t file_size = std::filesystem::file_size(path, size_error);
  std::size_t chunk = size_error ? kChunk : static_cast<std::size_t>(file_size) + 1;
  while (in) {
    const std::size_t size = file.text.size();
    file.text.resize(size + chunk);
    in.read(file.text.data() + size, static_cast<std::streamsize>(chunk));
    file.text.resize(size + static_cast<std::size_t>(in.gcount()));
    chunk = kChunk;
  }
  const std::string_view text = file.text;
  file.lines.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    file.lines.push_back(line);
    start = end + 1;
  }
  if (!file.lines.empty() && file.lines.front().starts_with("\xEF\xBB\xBF"))
    file.lines.front().remove_prefix(3);
}

// std::isspace in the "C" locale (the program never sets another), without the call per character.
bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

bool IsBlank(std::string_view text) { return Trim(text).empty(); }

// The whitespace-separated tokens of `text` into `tokens` (cleared first; its storage is reused, so a
// loop over millions of lines allocates once).
void SplitWhitespaceInto(std::string_view text, std::vector<std::string_view>& tokens) {
  tokens.clear();
  std::size_t position = 0;
  while (position < text.size()) {
    while (position < text.size() && IsSpace(text[position])) ++position;
    const std::size_t start = position;
    while (position < text.size() && !IsSpace(text[position])) ++position;
    if (position > start) tokens.push_back(text.substr(start, position - start));
  }
}

std::vector<std::string_view> SplitWhitespace(std::string_view text) {
  std::vector<std::string_view> tokens;
  SplitWhitespaceInto(text, tokens);
  return tokens;
}

// The second whitespace-separated token of `text` (empty when there is none).
std::string_view SecondToken(std::string_view text) {
  std::size_t position = 0;
  for (int token = 0; token < 2; ++token) {
    while (position < text.size() && IsSpace(text[position])) ++position;
    const std::size_t start = position;
    while (position < text.size() && !IsSpace(text[position])) ++position;
    if (token == 1) return text.substr(start, position - start);
  }
  return {};
}

std::size_t CountTokens(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t position = 0; position < text.size(); ++position) {
    if (!IsSpace(text[position]) && (position == 0 || IsSpace(text[position - 1]))) ++count;
  }
  return count;
}

// Fields separated by `delimiter`, each trimmed and stripped of one pair of surrounding double quotes.
std::vector<std::string_view> SplitDelimited(std::string_view text, char delimiter) {
  if (delimiter == ' ') return SplitWhitespace(text);
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(delimiter, start);
    std::string_view field = Trim(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"') {
      field = field.substr(1, field.size() - 2);
    }
    fields.push_back(field);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return fields;
}

std::optional<std::int64_t> ParseInteger(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> ParseNumber(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string Where(const std::string& path, std::size_t line_index) {
  return fmt::format("{}:{}", path, line_index + 1);
}

std::string LowerCase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// ---------------------------------------------------------------------------------------------------
// Links against an id table, and the shared CSR build

struct Link {
  std::int32_t from;
  std::int32_t to;
  double weight;
  std::size_t line_index;  // 0-based; reported 1-based
};

// Unit ids against their index. Ids that are plain decimal numbers below a limit fixed per file (most
// files number their units 1..n) are looked up in an array indexed by value; every other id in a hash
// table. Each id has exactly one of the two homes, so a lookup gives the answer a single table would.
// Keys are views into the file's text, which outlives the table.
class IdTable {
 public:
  // `expected_units` (0 when unknown) and `file_bytes` bound the array: at most a few entries per unit
  // and never more entries than bytes of the file, so an odd id cannot make it large.
  IdTable(std::int64_t expected_units, std::size_t file_bytes) {
    constexpr std::int64_t kSlack = 1024;
    constexpr std::int64_t kMaxArray = std::int64_t{1} << 26;
    std::int64_t limit = static_cast<std::int64_t>(file_bytes / 2) + kSlack;
    if (expected_units > 0 && expected_units < kMaxArray)
      limit = std::min(limit, 4 * expected_units + kSlack);
    dense_limit_ = std::min(limit, kMaxArray);
    // A header's count is trusted only as far as the file could hold that many units.
    const std::int64_t room = static_cast<std::int64_t>(file_bytes / 2) + 1;
    if (expected_units > 0) ids_.reserve(static_cast<std::size_t>(std::min(expected_units, room)));
  }

  // The index of `id`, adding it as a new unit when unseen.
  std::int32_t Intern(std::string_view id) {
    const std::int64_t value = DenseValue(id);
    std::int32_t* slot = nullptr;
    if (value >= 0) {
      if (static_cast<std::size_t>(value) >= dense_.size()) {
        dense_.resize(std::max(static_cast<std::size_t>(value) + 1,
                               std::min(2 * dense_.size(), static_cast<std::size_t>(dense_limit_))),
                      kAbsent);
      }
      slot = &dense_[static_cast<std::size_t>(value)];
      if (*slot != kAbsent) return *slot;
    } else {
      auto found = index_of_.find(id);
      if (found != index_of_.end()) return found->second;
    }
    if (ids_.size() >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
      throw WeightsError("more than 2^31 - 1 units in one weights file");
    }
    const auto index = static_cast<std::int32_t>(ids_.size());
    ids_.emplace_back(id);
    if (slot != nullptr) {
      *slot = index;
    } else {
      index_of_.emplace(id, index);
    }
    return index;
  }
  std::optional<std::int32_t> Find(std::string_view id) const {
    const std::int64_t value = DenseValue(id);
    if (value >= 0) {
      if (static_cast<std::size_t>(value) >= dense_.size() || dense_[value] == kAbsent) return std::nullopt;
      return dense_[value];
    }
    auto found = index_of_.find(id);
    if (found == index_of_.end()) return std::nullopt;
    return found->second;
  }
  // Starts loading the array entry of `id`, to be looked up a few lines later: a large file names
  // neighbours in no particular order, and waiting on each entry in turn dominated reading it.
  void Prefetch(std::string_view id) const {
    const std::int64_t value = DenseValue(id);
    if (value >= 0 && static_cast<std::size_t>(value) < dense_.size()) __builtin_prefetch(&dense_[value]);
  }
  std::size_t size() const { return ids_.size(); }
  std::vector<std::string> TakeIds() { return std::move(ids_); }

 private:
  static constexpr std::int32_t kAbsent = -1;

  // The value of an id written as a plain decimal number (digits only, no leading zero) below the
  // limit; -1 for any other id.
  std::int64_t DenseValue(std::string_view id) const {
    if (id.empty() || id.size() > 9 || (id[0] == '0' && id.size() > 1)) return -1;
    std::int64_t value = 0;
    for (const char c : id) {
      if (c < '0' || c > '9') return -1;
      value = 10 * value + (c - '0');
    }
    return value < dense_limit_ ? value : -1;
  }

  std::int64_t dense_limit_ = 0;
  std::vector<std::int32_t> dense_;  // index by value, kAbsent where no unit has that id
  std::unordered_map<std::string_view, std::int32_t> index_of_;
  std::vector<std::string> ids_;
};

// A weight token: a finite, non-negative number, else an error naming line and column.
double ParseWeight(const std::string& path, std::size_t line_index, std::string_view token, int column) {
  const auto weight = ParseNumber(token);
  if (!weight || !std::isfinite(*weight)) {
    throw WeightsError(
        fmt::format("{}: column {}: weight \"{}\" is not a number", Where(path, line_index), column, token));
  }
  if (*weight < 0) {
    throw WeightsError(fmt::format("{}: column {}: weight {} is negative; weights must be non-negative",
                                   Where(path, line_index), column, token));
  }
  return *weight;
}

// Orders the links by (from, to, line): a stable counting sort by `from` (skipped when the file lists
// them grouped by unit, as GAL and GWT files do), then a sort within each row that is not already in
// order. O(n + links) for files in order.
void OrderLinks(std::vector<Link>& links, std::size_t unit_count, std::vector<std::int64_t>& offsets) {
  offsets.assign(unit_count + 1, 0);
  for (const Link& link : links) ++offsets[link.from + 1];
  for (std::size_t i = 0; i < unit_count; ++i) offsets[i + 1] += offsets[i];
  const bool grouped = std::is_sorted(links.begin(), links.end(),
                                      [](const Link& a, const Link& b) { return a.from < b.from; });
  if (!grouped) {
    std::vector<Link> by_unit(links.size());
    std::vector<std::int64_t> next(offsets.begin(), offsets.end() - 1);
    for (const Link& link : links) by_unit[next[link.from]++] = link;
    links = std::move(by_unit);
  }
  const auto by_target = [](const Link& a, const Link& b) {
    if (a.to != b.to) return a.to < b.to;
    return a.line_index < b.line_index;
  };
  for (std::size_t i = 0; i < unit_count; ++i) {
    const auto begin = links.begin() + offsets[i];
    const auto end = links.begin() + offsets[i + 1];
    if (!std::is_sorted(begin, end, by_target)) std::sort(begin, end, by_target);
  }
}

SpatialWeights BuildFromLinks(const std::string& path,
                              std::vector<std::string> ids,
                              std::vector<Link> links,
                              WeightsStyle style) {
  std::vector<std::int64_t> offsets;
  OrderLinks(links, ids.size(), offsets);
  for (std::size_t p = 1; p < links.size(); ++p) {
    if (links[p].from == links[p - 1].from && links[p].to == links[p - 1].to) {
      throw WeightsError(fmt::format("{}: link {} -> {} appears again (first on line {})",
                                     Where(path, links[p].line_index), ids[links[p].from], ids[links[p].to],
                                     links[p - 1].line_index + 1));
    }
  }
  std::vector<std::int32_t> columns(links.size());
  std::vector<double> weights(links.size());
  for (std::size_t p = 0; p < links.size(); ++p) {
    columns[p] = links[p].to;
    weights[p] = links[p].weight;
  }
  links = {};  // free before the constructor allocates its own
  return SpatialWeights(std::move(ids), std::move(offsets), std::move(columns), std::move(weights), style,
                        path);
}

// The GAL/GWT header: "n" or "0 n name idvar". Returns n; `line_index` is left on the header line.
std::int64_t ParseGeoDaHeader(const std::string& path,
                              const std::vector<std::string_view>& lines,
                              std::size_t& line_index) {
  while (line_index < lines.size() && IsBlank(lines[line_index])) ++line_index;
  if (line_index == lines.size()) throw WeightsError(path + ": the file is empty");
  const auto tokens = SplitWhitespace(lines[line_index]);
  const std::string_view count_token = tokens.size() == 1 ? tokens[0] : tokens[1];
  const auto count = ParseInteger(count_token);
  if ((tokens.size() > 1 && !ParseInteger(tokens[0])) || !count || *count < 0) {
    throw WeightsError(fmt::format("{}: header \"{}\" is not \"<n>\" or \"0 <n> <name> <id variable>\"",
                                   Where(path, line_index), Trim(lines[line_index])));
  }
  return *count;
}

void RejectSelfLink(const std::string& path, std::size_t line_index, std::string_view id) {
  throw WeightsError(
      fmt::format("{}: unit \"{}\" is listed as its own neighbour", Where(path, line_index), id));
}

// ---------------------------------------------------------------------------------------------------
// Writers

// The writers compose the whole file in memory (weights files are O(links)), then write it atomically.
void WriteAtomically(const std::string& path, const std::function<void(std::string&)>& compose) {
  std::string text;
  compose(text);
  WriteFileAtomically(path, text);
}

// GAL and GWT are whitespace-separated, so an id with a space (or an empty id) cannot be written.
void RequireWritableIds(const SpatialWeights& w, const std::string& path) {
  for (const std::string& id : w.Ids()) {
    const bool has_space = std::any_of(id.begin(), id.end(), [](unsigned char c) { return std::isspace(c); });
    if (id.empty() || has_space) {
      throw WeightsError(
          fmt::format("{}: unit id \"{}\" cannot be written to a whitespace-separated "
                      "weights file",
                      path, id));
    }
  }
}

std::string GeoDaHeader(const SpatialWeights& w, const std::string& path) {
  std::string name = std::filesystem::path(path).stem().string();
  std::replace_if(
      name.begin(), name.end(), [](unsigned char c) { return std::isspace(c); }, '_');
  if (name.empty()) name = "weights";
  return fmt::format("0 {} {} id\n", w.n(), name);
}

}  // namespace

// -----------------------------------------------------------------------------------------------------
// GAL

SpatialWeights ReadGal(const std::string& path) {
  FileLines file;
  ReadLines(path, file);
  const std::vector<std::string_view>& lines = file.lines;
  std::size_t line_index = 0;
  const std::int64_t declared = ParseGeoDaHeader(path, lines, line_index);
  const std::size_t header_index = line_index++;

  // Records first (neighbours may name units defined later), then resolve neighbour ids.
  struct Neighbours {
    std::int32_t unit;
    std::size_t line_index;
  };
  IdTable units(declared, file.text.size());
  std::vector<std::size_t> record_line;
  std::vector<Neighbours> neighbour_lines;
  std::size_t link_count = 0;
  std::vector<std::string_view> tokens;
  for (std::int64_t record = 0; record < declared; ++record) {
    while (line_index < lines.size() && IsBlank(lines[line_index])) ++line_index;
    if (line_index == lines.size()) {
      throw WeightsError(fmt::format("{}: the header (line {}) declares {} units but the file has {} records",
                                     path, header_index + 1, declared, record));
    }
    SplitWhitespaceInto(lines[line_index], tokens);
    if (tokens.size() != 2) {
      throw WeightsError(fmt::format("{}: expected \"<unit id> <number of neighbours>\", found \"{}\"",
                                     Where(path, line_index), Trim(lines[line_index])));
    }
    const auto count = ParseInteger(tokens[1]);
    if (!count || *count < 0) {
      throw WeightsError(
          fmt::format("{}: number of neighbours \"{}\" of unit \"{}\" is not a non-negative "
                      "integer",
                      Where(path, line_index), tokens[1], tokens[0]));
    }
    if (const auto previous = units.Find(tokens[0])) {
      throw WeightsError(fmt::format("{}: unit \"{}\" has a second record (first on line {})",
                                     Where(path, line_index), tokens[0], record_line[*previous] + 1));
    }
    const std::int32_t unit = units.Intern(tokens[0]);
    record_line.push_back(line_index);
    ++line_index;
    if (*count == 0) continue;
    const std::size_t count_line = line_index - 1;
    const std::size_t listed = line_index < lines.size() ? CountTokens(lines[line_index]) : 0;
    if (static_cast<std::int64_t>(listed) != *count) {
      throw WeightsError(fmt::format("{}: unit \"{}\" declares {} neighbours (line {}) but {} are listed",
                                     Where(path, std::min(line_index, lines.size() - 1)), tokens[0], *count,
                                     count_line + 1, listed));
    }
    neighbour_lines.push_back({unit, line_index});
    link_count += listed;
    ++line_index;
  }
  while (line_index < lines.size() && IsBlank(lines[line_index])) ++line_index;
  if (line_index < lines.size()) {
    throw WeightsError(fmt::format("{}: more records than the {} units declared in the header (line {})",
                                   Where(path, line_index), declared, header_index + 1));
  }

  std::vector<Link> links;
  links.reserve(link_count);
  // Each neighbour line is split one line ahead so that its units' entries load while the line before
  // is resolved.
  std::vector<std::string_view> next_tokens;
  if (!neighbour_lines.empty()) SplitWhitespaceInto(lines[neighbour_lines.front().line_index], next_tokens);
  for (std::size_t record = 0; record < neighbour_lines.size(); ++record) {
    const Neighbours& neighbours = neighbour_lines[record];
    std::swap(tokens, next_tokens);
    if (record + 1 < neighbour_lines.size()) {
      SplitWhitespaceInto(lines[neighbour_lines[record + 1].line_index], next_tokens);
      for (std::string_view token : next_tokens) units.Prefetch(token);
    }
    for (std::string_view token : tokens) {
      const auto neighbour = units.Find(token);
      if (!neighbour) {
        throw WeightsError(fmt::format("{}: neighbour \"{}\" is not a unit of the file (no record for it)",
                                       Where(path, neighbours.line_index), token));
      }
      if (*neighbour == neighbours.unit) RejectSelfLink(path, neighbours.line_index, token);
      links.push_back({neighbours.unit, *neighbour, 1.0, neighbours.line_index});
    }
  }
  return BuildFromLinks(path, units.TakeIds(), std::move(links), WeightsStyle::kBinary);
}

void WriteGal(const SpatialWeights& w, const std::string& path) {
  RequireWritableIds(w, path);
  WriteAtomically(path, [&](std::string& text) {
    text += GeoDaHeader(w, path);
    const auto& ids = w.Ids();
    for (std::int64_t i = 0; i < w.n(); ++i) {
      fmt::format_to(std::back_inserter(text), "{} {}\n", ids[i], w.NeighbourCount(i));
      for (std::int64_t p = w.RowOffsets()[i]; p < w.RowOffsets()[i + 1]; ++p) {
        if (p > w.RowOffsets()[i]) text += ' ';
        text += ids[w.ColumnIndices()[p]];
      }
      text += '\n';
    }
  });
}

// -----------------------------------------------------------------------------------------------------
// GWT

SpatialWeights ReadGwt(const std::string& path) {
  FileLines file;
  ReadLines(path, file);
  const std::vector<std::string_view>& lines = file.lines;
  std::size_t line_index = 0;
  const std::int64_t declared = ParseGeoDaHeader(path, lines, line_index);
  const std::size_t header_index = line_index++;
  IdTable units(declared, file.text.size());
  std::vector<Link> links;
  links.reserve(lines.size() - line_index);
  std::vector<std::string_view> tokens;
  constexpr std::size_t kPrefetchLines = 16;
  for (; line_index < lines.size(); ++line_index) {
    if (line_index + kPrefetchLines < lines.size())
      units.Prefetch(SecondToken(lines[line_index + kPrefetchLines]));
    if (IsBlank(lines[line_index])) continue;
    SplitWhitespaceInto(lines[line_index], tokens);
    if (tokens.size() != 3) {
      throw WeightsError(fmt::format("{}: expected \"<from id> <to id> <weight>\", found \"{}\"",
                                     Where(path, line_index), Trim(lines[line_index])));
    }
    if (tokens[0] == tokens[1]) RejectSelfLink(path, line_index, tokens[0]);
    const double weight = ParseWeight(path, line_index, tokens[2], 3);
    const std::int32_t from = units.Intern(tokens[0]);
    const std::int32_t to = units.Intern(tokens[1]);
    links.push_back({from, to, weight, line_index});
  }
  if (static_cast<std::int64_t>(units.size()) != declared) {
    throw WeightsError(
        fmt::format("{}: the header (line {}) declares {} units but the links name {}; a GWT "
                    "file cannot list units without neighbours (use a GAL file for those)",
                    path, header_index + 1, declared, units.size()));
  }
  return BuildFromLinks(path, units.TakeIds(), std::move(links), WeightsStyle::kGeneral);
}

void WriteGwt(const SpatialWeights& w, const std::string& path) {
  RequireWritableIds(w, path);
  WriteAtomically(path, [&](std::string& text) {
    text += GeoDaHeader(w, path);
    const auto& ids = w.Ids();
    for (std::int64_t i = 0; i < w.n(); ++i) {
      for (std::int64_t p = w.RowOffsets()[i]; p < w.RowOffsets()[i + 1]; ++p) {
        fmt::format_to(std::back_inserter(text), "{} {} {}\n", ids[i], ids[w.ColumnIndices()[p]],
                       w.Values()[p]);
      }
    }
  });
}

// -----------------------------------------------------------------------------------------------------
// Edge lists

void WriteEdgeList(const SpatialWeights& w, const std::string& path) {
  WriteAtomically(path, [&](std::string& text) {
    text += "from,to,weight\n";
    const auto& ids = w.Ids();
    for (std::int64_t i = 0; i < w.n(); ++i) {
      if (w.NeighbourCount(i) == 0) fmt::format_to(std::back_inserter(text), "{},,\n", ids[i]);
      for (std::int64_t p = w.RowOffsets()[i]; p < w.RowOffsets()[i + 1]; ++p) {
        fmt::format_to(std::back_inserter(text), "{},{},{}\n", ids[i], ids[w.ColumnIndices()[p]],
                       w.Values()[p]);
      }
    }
  });
}

SpatialWeights ReadEdgeList(const std::string& path, bool symmetrize) {
  FileLines file;
  ReadLines(path, file);
  const std::vector<std::string_view>& lines = file.lines;
  std::size_t line_index = 0;
  while (line_index < lines.size() && IsBlank(lines[line_index])) ++line_index;
  if (line_index == lines.size()) throw WeightsError(path + ": the file is empty");
  const std::string_view header = lines[line_index];
  const char delimiter = header.find('\t') != std::string_view::npos  ? '\t'
                         : header.find(',') != std::string_view::npos ? ','
                         : header.find(';') != std::string_view::npos ? ';'
                                                                      : ' ';
  const std::size_t columns = SplitDelimited(header, delimiter).size();
  if (columns != 2 && columns != 3) {
    throw WeightsError(
        fmt::format("{}: the header must name 2 or 3 columns (from, to[, weight]); it names {}",
                    Where(path, line_index), columns));
  }
  const bool weighted = columns == 3;
  IdTable units(0, file.text.size());
  std::vector<Link> links;
  for (++line_index; line_index < lines.size(); ++line_index) {
    if (IsBlank(lines[line_index])) continue;
    const auto fields = SplitDelimited(lines[line_index], delimiter);
    if (fields.size() != columns) {
      throw WeightsError(fmt::format("{}: expected {} fields like the header, found {}",
                                     Where(path, line_index), columns, fields.size()));
    }
    if (fields[0].empty()) {
      throw WeightsError(fmt::format("{}: column 1: the \"from\" id is empty", Where(path, line_index)));
    }
    const std::int32_t from = units.Intern(fields[0]);
    if (fields[1].empty()) {  // a unit without neighbours
      if (weighted && !fields[2].empty()) {
        throw WeightsError(
            fmt::format("{}: column 3: a weight without a \"to\" id", Where(path, line_index)));
      }
      continue;
    }
    if (fields[0] == fields[1]) RejectSelfLink(path, line_index, fields[0]);
    const double weight = weighted ? ParseWeight(path, line_index, fields[2], 3) : 1.0;
    const std::int32_t to = units.Intern(fields[1]);
    links.push_back({from, to, weight, line_index});
  }
  SpatialWeights w = BuildFromLinks(path, units.TakeIds(), std::move(links),
                                    weighted ? WeightsStyle::kGeneral : WeightsStyle::kBinary);
  return symmetrize ? w.Symmetrize() : w;
}

// -----------------------------------------------------------------------------------------------------
// Matrix Market

SpatialWeights ReadMatrixMarket(const std::string& path, const std::vector<std::string>& ids) {
  FileLines file;
  ReadLines(path, file);
  const std::vector<std::string_view>& lines = file.lines;
  if (lines.empty()) throw WeightsError(path + ": the file is empty");
  const auto banner = SplitWhitespace(lines[0]);
  if (banner.size() != 5 || LowerCase(std::string(banner[0])) != "%%matrixmarket" ||
      LowerCase(std::string(banner[1])) != "matrix") {
    throw WeightsError(
        fmt::format("{}: not a Matrix Market file (expected \"%%MatrixMarket matrix coordinate "
                    "real general\")",
                    Where(path, 0)));
  }
  const std::string format = LowerCase(std::string(banner[2]));
  const std::string field = LowerCase(std::string(banner[3]));
  const std::string symmetry = LowerCase(std::string(banner[4]));
  if (format != "coordinate") {
    throw WeightsError(fmt::format("{}: only the sparse \"coordinate\" format is read, not \"{}\"",
                                   Where(path, 0), banner[2]));
  }
  if (field != "real" && field != "integer" && field != "pattern") {
    throw WeightsError(fmt::format("{}: field \"{}\" is not supported (real, integer or pattern)",
                                   Where(path, 0), banner[3]));
  }
  if (symmetry != "general" && symmetry != "symmetric") {
    throw WeightsError(fmt::format("{}: symmetry \"{}\" is not supported (general or symmetric)",
                                   Where(path, 0), banner[4]));
  }
  const bool pattern = field == "pattern";
  std::size_t line_index = 1;
  auto skip_comments = [&] {
    while (line_index < lines.size() &&
           (IsBlank(lines[line_index]) || Trim(lines[line_index]).front() == '%')) {
      ++line_index;
    }
  };
  skip_comments();
  if (line_index == lines.size())
    throw WeightsError(path + ": the size line \"<rows> <columns> <entries>\" is missing");
  const auto size_tokens = SplitWhitespace(lines[line_index]);
  std::optional<std::int64_t> rows, columns, entries;
  if (size_tokens.size() == 3) {
    rows = ParseInteger(size_tokens[0]);
    columns = ParseInteger(size_tokens[1]);
    entries = ParseInteger(size_tokens[2]);
  }
  if (!rows || !columns || !entries || *rows < 0 || *entries < 0) {
    throw WeightsError(fmt::format("{}: expected \"<rows> <columns> <entries>\", found \"{}\"",
                                   Where(path, line_index), Trim(lines[line_index])));
  }
  if (*rows != *columns) {
    throw WeightsError(fmt::format("{}: a weights matrix must be square; this one is {} x {}",
                                   Where(path, line_index), *rows, *columns));
  }
  if (!ids.empty() && static_cast<std::int64_t>(ids.size()) != *rows) {
    throw WeightsError(
        fmt::format("{}: the matrix has {} rows but {} unit ids were given", path, *rows, ids.size()));
  }
  std::vector<std::string> unit_ids = ids;
  if (unit_ids.empty()) {
    unit_ids.reserve(*rows);
    for (std::int64_t i = 1; i <= *rows; ++i) unit_ids.push_back(std::to_string(i));
  }
  const std::size_t size_index = line_index++;
  std::vector<Link> links;
  std::int64_t read = 0;
  for (skip_comments(); line_index < lines.size(); ++line_index, skip_comments()) {
    const auto tokens = SplitWhitespace(lines[line_index]);
    if (tokens.size() != (pattern ? 2u : 3u)) {
      throw WeightsError(fmt::format("{}: expected \"<row> <column>{}\", found \"{}\"",
                                     Where(path, line_index), pattern ? "" : " <value>",
                                     Trim(lines[line_index])));
    }
    const auto row = ParseInteger(tokens[0]);
    const auto column = ParseInteger(tokens[1]);
    if (!row || !column || *row < 1 || *row > *rows || *column < 1 || *column > *rows) {
      throw WeightsError(fmt::format("{}: entry ({}, {}) is outside the {} x {} matrix",
                                     Where(path, line_index), tokens[0], tokens[1], *rows, *rows));
    }
    if (*row == *column) RejectSelfLink(path, line_index, unit_ids[*row - 1]);
    const double weight = pattern ? 1.0 : ParseWeight(path, line_index, tokens[2], 3);
    const auto i = static_cast<std::int32_t>(*row - 1);
    const auto j = static_cast<std::int32_t>(*column - 1);
    links.push_back({i, j, weight, line_index});
    if (symmetry == "symmetric") links.push_back({j, i, weight, line_index});
    ++read;
  }
  if (read != *entries) {
    throw WeightsError(fmt::format("{}: the size line (line {}) declares {} entries but the file has {}",
                                   path, size_index + 1, *entries, read));
  }
  return BuildFromLinks(path, std::move(unit_ids), std::move(links),
                        pattern ? WeightsStyle::kBinary : WeightsStyle::kGeneral);
}

void WriteMatrixMarket(const SpatialWeights& w, const std::string& path) {
  const bool ones = std::all_of(w.Values().begin(), w.Values().end(), [](double v) { return v == 1.0; });
  const bool pattern = w.Style() == WeightsStyle::kBinary && ones;
  WriteAtomically(path, [&](std::string& text) {
    fmt::format_to(std::back_inserter(text), "%%MatrixMarket matrix coordinate {} general\n",
                   pattern ? "pattern" : "real");
    fmt::format_to(std::back_inserter(text),
                   "% Hinterland spatial weights, style {}: row and column k are the k-th unit ({} units)\n",
                   ToString(w.Style()), w.n());
    fmt::format_to(std::back_inserter(text), "{} {} {}\n", w.n(), w.n(), w.LinkCount());
    for (std::int64_t i = 0; i < w.n(); ++i) {
      for (std::int64_t p = w.RowOffsets()[i]; p < w.RowOffsets()[i + 1]; ++p) {
        if (pattern) {
          fmt::format_to(std::back_inserter(text), "{} {}\n", i + 1, w.ColumnIndices()[p] + 1);
        } else {
          fmt::format_to(std::back_inserter(text), "{} {} {}\n", i + 1, w.ColumnIndices()[p] + 1,
                         w.Values()[p]);
        }
      }
    }
  });
}

// -----------------------------------------------------------------------------------------------------
// By extension

SpatialWeights ReadWeights(const std::string& path, const WeightsReadOptions& options) {
  const std::string extension = LowerCase(std::filesystem::path(path).extension().string());
  if (extension == ".csv" || extension == ".tsv" || extension == ".txt") {
    return ReadEdgeList(path, options.symmetrize);
  }
  SpatialWeights w;
  if (extension == ".gal") {
    w = ReadGal(path);
  } else if (extension == ".gwt") {
    w = ReadGwt(path);
  } else if (extension == ".mtx") {
    w = ReadMatrixMarket(path);
  } else if (extension == ".geojson" || extension == ".json" || extension == ".shp") {
    if (options.id_field.empty()) {
      throw OptionError(
          fmt::format("{}: contiguity weights from a polygon file need the name of the field that "
                      "holds the unit ids",
                      path));
    }
    w = BuildPolygonContiguity(path, options.id_field, Contiguity::kQueen, options.tolerance);
  } else {
    throw WeightsError(
        fmt::format("{}: unknown weights file extension \"{}\"; expected .gal, .gwt, .mtx, an edge "
                    "list (.csv, .tsv, .txt) or polygons (.geojson, .json, .shp)",
                    path, extension));
  }
  return options.symmetrize ? w.Symmetrize() : w;
}

}  // namespace hinterland::engine
