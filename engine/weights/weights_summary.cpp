// Summary of spatial weights (spdep summary.nb, print.nb, summary.listw, spweights.constants, n.comp.nb)
// and its text. S1 needs w_ji for each link w_ij: a binary search in row j (rows are sorted), so the
// whole summary is O(n + links log degree) and never forms W + W'.
#include "engine/weights/weights_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace hinterland::engine {
namespace {

// w_ji, or 0 when j does not list i.
double ReverseWeight(const SpatialWeights& w, std::int64_t i, std::int32_t j) {
  const auto& columns = w.ColumnIndices();
  const auto begin = columns.begin() + w.RowOffsets()[j];
  const auto end = columns.begin() + w.RowOffsets()[j + 1];
  const auto found = std::lower_bound(begin, end, static_cast<std::int32_t>(i));
  if (found == end || *found != i) return 0.0;
  return w.Values()[found - columns.begin()];
}

bool HasReverseLink(const SpatialWeights& w, std::int64_t i, std::int32_t j) {
  const auto& columns = w.ColumnIndices();
  return std::binary_search(columns.begin() + w.RowOffsets()[j], columns.begin() + w.RowOffsets()[j + 1],
                            static_cast<std::int32_t>(i));
}

void SummariseCounts(const SpatialWeights& w, WeightsSummary& summary) {
  summary.n = w.n();
  summary.links = w.LinkCount();
  const double n = static_cast<double>(w.n());
  summary.percent_nonzero = w.n() > 0 ? 100.0 * static_cast<double>(w.LinkCount()) / (n * n) : 0.0;
  summary.mean_neighbours = w.n() > 0 ? static_cast<double>(w.LinkCount()) / n : 0.0;
  summary.min_neighbours = w.n() > 0 ? w.NeighbourCount(0) : 0;
  summary.max_neighbours = 0;
  summary.least_connected_links = 0;
  for (std::int64_t i = 0; i < w.n(); ++i) {
    const std::int64_t count = w.NeighbourCount(i);
    ++summary.histogram[count];
    summary.min_neighbours = std::min(summary.min_neighbours, count);
    summary.max_neighbours = std::max(summary.max_neighbours, count);
    if (count > 0 && (summary.least_connected_links == 0 || count < summary.least_connected_links)) {
      summary.least_connected_links = count;
    }
  }
  summary.most_connected_links = summary.max_neighbours;
  for (std::int64_t i = 0; i < w.n(); ++i) {
    const std::int64_t count = w.NeighbourCount(i);
    if (count == 0) summary.islands.push_back(w.Ids()[i]);
    if (count > 0 && count == summary.least_connected_links)
      summary.least_connected_ids.push_back(w.Ids()[i]);
    if (count > 0 && count == summary.most_connected_links) summary.most_connected_ids.push_back(w.Ids()[i]);
  }
}

void SummariseComponents(const SpatialWeights& w, WeightsSummary& summary) {
  const std::vector<std::int32_t> labels = w.ComponentLabels();
  std::vector<std::int64_t> sizes;
  for (const std::int32_t label : labels) {
    if (label >= static_cast<std::int32_t>(sizes.size())) sizes.resize(label + 1, 0);
    ++sizes[label];
  }
  std::sort(sizes.begin(), sizes.end(), std::greater<>());
  summary.component_count = static_cast<std::int64_t>(sizes.size());
  summary.component_sizes = std::move(sizes);
}

// spweights.constants with adjust.n = TRUE (its default), and whether every link has its reverse.
void SummariseConstants(const SpatialWeights& w, WeightsSummary& summary) {
  const WeightsConstants constants = ComputeWeightsConstants(w);
  summary.constants_n = constants.units_with_neighbours;
  summary.s0 = constants.s0;
  summary.s1 = constants.s1;
  summary.s2 = constants.s2;
  bool structural = true;
  for (std::int64_t i = 0; i < w.n() && structural; ++i) {
    for (std::int64_t p = w.RowOffsets()[i]; p < w.RowOffsets()[i + 1]; ++p) {
      structural = structural && HasReverseLink(w, i, w.ColumnIndices()[p]);
    }
  }
  summary.symmetric_neighbours = structural;
}

std::string Plural(std::int64_t count, std::string_view word) {
  return fmt::format("{}{}", word, count == 1 ? "" : "s");
}

// Ids separated by spaces, at most `limit` of them.
std::string JoinWithSpaces(const std::vector<std::string>& ids, std::size_t limit = 50) {
  std::string text;
  for (std::size_t k = 0; k < ids.size() && k < limit; ++k) {
    if (k > 0) text += ' ';
    text += ids[k];
  }
  if (ids.size() > limit) text += fmt::format(" ... and {} more", ids.size() - limit);
  return text;
}

// R's strwrap at its default width (lines shorter than 0.9 * 80 = 72 characters).
std::string Wrap(const std::string& words) {
  std::string text;
  std::size_t line_length = 0;
  std::size_t start = 0;
  while (start < words.size()) {
    std::size_t end = words.find(' ', start);
    if (end == std::string::npos) end = words.size();
    const std::size_t length = end - start;
    if (line_length > 0 && line_length + 1 + length >= 72) {
      text += '\n';
      line_length = 0;
    } else if (line_length > 0) {
      text += ' ';
      ++line_length;
    }
    text.append(words, start, length);
    line_length += length;
    start = end + 1;
  }
  return text;
}

std::string PadLeft(const std::string& text, std::size_t width) {
  return std::string(width > text.size() ? width - text.size() : 0, ' ') + text;
}

// R's print of a one-dimensional table: every cell right-aligned to the widest name or count.
std::string FormatHistogram(const std::map<std::int64_t, std::int64_t>& histogram) {
  std::size_t width = 0;
  for (const auto& [links, units] : histogram) {
    width = std::max({width, std::to_string(links).size(), std::to_string(units).size()});
  }
  std::string names;
  std::string counts;
  for (const auto& [links, units] : histogram) {
    names += PadLeft(std::to_string(links), width) + ' ';
    counts += PadLeft(std::to_string(units), width) + ' ';
  }
  if (!names.empty()) names.pop_back();
  if (!counts.empty()) counts.pop_back();
  return "\n" + names + "\n" + counts + "\n";
}

// R's print of the one-row data frame of summary.listw: row name, then right-aligned columns.
std::string FormatConstants(const WeightsSummary& summary) {
  const std::string row_name = ToString(summary.style);
  const std::vector<std::pair<std::string, std::string>> cells = {
      {"n", FormatAsR(summary.constants_n)},
      {"nn", FormatAsR(summary.constants_n * summary.constants_n)},
      {"S0", FormatAsR(summary.s0)},
      {"S1", FormatAsR(summary.s1)},
      {"S2", FormatAsR(summary.s2)}};
  std::string header(row_name.size(), ' ');
  std::string row = row_name;
  for (const auto& [name, value] : cells) {
    const std::size_t width = std::max(name.size(), value.size());
    header += ' ' + PadLeft(name, width);
    row += ' ' + PadLeft(value, width);
  }
  return header + "\n" + row + "\n";
}

}  // namespace

std::string FormatAsR(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Inf" : "-Inf";
  if (value == 0.0) return "0";
  // Seven significant digits, trailing zeros dropped: d digits and decimal exponent e after rounding.
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6e", value);
  const std::string scientific_full(buffer);
  const std::size_t e_position = scientific_full.find('e');
  std::string mantissa = scientific_full.substr(0, e_position);
  const int exponent = std::stoi(scientific_full.substr(e_position + 1));
  while (mantissa.back() == '0') mantissa.pop_back();
  if (mantissa.back() == '.') mantissa.pop_back();
  const std::size_t point = mantissa.find('.');
  const int digits = 1 + (point == std::string::npos ? 0 : static_cast<int>(mantissa.size() - point - 1));
  const std::string scientific =
      fmt::format("{}e{}{:02d}", mantissa, exponent < 0 ? '-' : '+', std::abs(exponent));
  const int decimals = std::max(0, digits - 1 - exponent);
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  const std::string fixed(buffer);
  return fixed.size() <= scientific.size() ? fixed : scientific;
}

WeightsConstants ComputeWeightsConstants(const SpatialWeights& w) {
  WeightsConstants constants;
  const std::int64_t n = w.n();
  std::vector<double> row_sums(n, 0.0);
  std::vector<double> column_sums(n, 0.0);
  const auto& offsets = w.RowOffsets();
  const auto& columns = w.ColumnIndices();
  const auto& values = w.Values();
  for (std::int64_t i = 0; i < n; ++i) {
    if (offsets[i + 1] > offsets[i]) constants.units_with_neighbours += 1.0;
    for (std::int64_t p = offsets[i]; p < offsets[i + 1]; ++p) {
      const double weight = values[p];
      const double reverse = ReverseWeight(w, i, columns[p]);
      constants.s0 += weight;
      constants.s1 += weight * weight + weight * reverse;
      constants.trace_wtw += weight * weight;
      constants.trace_ww += weight * reverse;
      row_sums[i] += weight;
      column_sums[columns[p]] += weight;
    }
  }
  for (std::int64_t i = 0; i < n; ++i) {
    constants.s2 += (row_sums[i] + column_sums[i]) * (row_sums[i] + column_sums[i]);
  }
  return constants;
}

WeightsRowSums ComputeRowSums(const SpatialWeights& w) {
  WeightsRowSums result;
  const std::int64_t n = w.n();
  const auto& offsets = w.RowOffsets();
  const auto& columns = w.ColumnIndices();
  const auto& values = w.Values();
  std::vector<double> abs_column_sums(n, 0.0);
  std::vector<char> no_neighbours(n, 0);
  bool common = n > 0;
  bool perron = true;
  double first = 0.0;
  std::optional<double> first_nonzero;
  for (std::int64_t i = 0; i < n; ++i) {
    double sum = 0.0;
    double abs_sum = 0.0;
    for (std::int64_t p = offsets[i]; p < offsets[i + 1]; ++p) {
      sum += values[p];
      abs_sum += std::abs(values[p]);
      abs_column_sums[columns[p]] += std::abs(values[p]);
    }
    result.max_abs_row_sum = std::max(result.max_abs_row_sum, abs_sum);
    if (i == 0) first = sum;
    if (std::abs(sum - first) > 1e-12 * std::max(1.0, std::abs(first))) common = false;
    if (sum == 0.0) {
      no_neighbours[i] = 1;
    } else if (!first_nonzero) {
      first_nonzero = sum;
    } else if (std::fabs(sum - *first_nonzero) > 1e-12 * *first_nonzero) {
      perron = false;
    }
  }
  for (const std::int32_t j : columns) {
    if (no_neighbours[j]) perron = false;
  }
  if (common) result.common = first;
  if (perron) result.perron_root = first_nonzero;
  for (const double sum : abs_column_sums)
    result.max_abs_column_sum = std::max(result.max_abs_column_sum, sum);
  return result;
}

WeightsSummary Summarise(const SpatialWeights& w) {
  WeightsSummary summary;
  summary.style = w.Style();
  SummariseCounts(w, summary);
  SummariseComponents(w, summary);
  SummariseConstants(w, summary);
  summary.symmetric = w.IsSymmetric();
  summary.similar_to_symmetric = w.IsSimilarToSymmetric();
  return summary;
}

std::string FormatWeightsSummary(const WeightsSummary& summary) {
  std::string text = "Neighbour list object:\n";
  text += fmt::format("Number of regions: {}\n", summary.n);
  text += fmt::format("Number of nonzero links: {}\n", summary.links);
  text += fmt::format("Percentage nonzero weights: {}\n", FormatAsR(summary.percent_nonzero));
  text += fmt::format("Average number of links: {}\n", FormatAsR(summary.mean_neighbours));
  if (!summary.islands.empty()) {
    const auto count = static_cast<std::int64_t>(summary.islands.size());
    text += fmt::format("{} {} with no links:\n{}\n", count, Plural(count, "region"),
                        Wrap(JoinWithSpaces(summary.islands)));
  }
  if (!summary.symmetric_neighbours) text += "Non-symmetric neighbours list\n";
  text += "Link number distribution:\n" + FormatHistogram(summary.histogram);
  if (summary.links > 0) {
    const auto least = static_cast<std::int64_t>(summary.least_connected_ids.size());
    text += fmt::format("{} least connected {}:\n{} with {} {}\n", least, Plural(least, "region"),
                        JoinWithSpaces(summary.least_connected_ids), summary.least_connected_links,
                        Plural(summary.least_connected_links, "link"));
    const auto most = static_cast<std::int64_t>(summary.most_connected_ids.size());
    text += fmt::format("{} most connected {}:\n{} with {} {}\n", most, Plural(most, "region"),
                        JoinWithSpaces(summary.most_connected_ids), summary.most_connected_links,
                        Plural(summary.most_connected_links, "link"));
  }
  text += fmt::format("Number of disjoint connected subgraphs: {}\n", summary.component_count);
  if (summary.component_count > 1) {
    std::vector<std::string> sizes;
    for (const std::int64_t size : summary.component_sizes) sizes.push_back(std::to_string(size));
    text += fmt::format("Subgraph sizes: {}\n", JoinWithSpaces(sizes));
  }
  text += fmt::format("\nWeights style: {}\nWeights constants summary:\n", ToString(summary.style));
  text += FormatConstants(summary);
  return text;
}

}  // namespace hinterland::engine
