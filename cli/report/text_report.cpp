// Plain-text rendering: fixed-width columns (names left-aligned, numbers right-aligned) in the spirit of
// R's printCoefmat. Widths come from the content, so long coefficient names never break the alignment.
#include "cli/report/text_report.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hinterland::cli {

namespace {

enum class Align { kLeft, kRight };

// Rows of cells (the first row is the column header) padded to common widths, one line per row.
std::string LayOutColumns(const std::vector<std::vector<std::string>>& rows,
                          const std::vector<Align>& alignments,
                          const std::string& indent) {
  std::vector<std::size_t> widths(alignments.size(), 0);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  std::string text;
  for (const auto& row : rows) {
    std::string line = indent;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c > 0) line += "  ";
      line += alignments[c] == Align::kLeft ? fmt::format("{:<{}}", row[c], widths[c])
                                            : fmt::format("{:>{}}", row[c], widths[c]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text += line + "\n";
  }
  return text;
}

std::string RenderHeader(const ResultTable& table) {
  std::string text = table.title + "\n" + std::string(table.title.size(), '=') + "\n";
  std::size_t width = 0;
  for (const LabelledText& field : table.header) width = std::max(width, field.label.size() + 1);
  for (const LabelledText& field : table.header) {
    text += fmt::format("{:<{}}  {}\n", field.label + ":", width, field.value);
  }
  return text;
}

std::string RenderCoefficients(const ResultTable& table) {
  if (table.coefficients.empty()) return "";
  std::vector<double> estimates, std_errors, statistics;
  for (const CoefficientRow& row : table.coefficients) {
    estimates.push_back(row.estimate);
    std_errors.push_back(row.std_error);
    statistics.push_back(row.statistic);
  }
  const auto estimate_texts = FormatNumberColumn(estimates, 5);
  const auto std_error_texts = FormatNumberColumn(std_errors, 5);
  const auto statistic_texts = FormatNumberColumn(statistics, 4);
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"", "Estimate", "Std. Error", table.statistic_label, table.p_value_label, ""});
  for (std::size_t i = 0; i < table.coefficients.size(); ++i) {
    const CoefficientRow& row = table.coefficients[i];
    rows.push_back({row.name, estimate_texts[i], std_error_texts[i], statistic_texts[i],
                    FormatPValue(row.p_value), row.stars});
  }
  return "\nCoefficients:\n" +
         LayOutColumns(
             rows, {Align::kLeft, Align::kRight, Align::kRight, Align::kRight, Align::kRight, Align::kLeft},
             "") +
         "---\n" + kSignificanceLegend + "\n";
}

std::string RenderFitStatistics(const ResultTable& table) {
  std::vector<std::vector<std::string>> rows;
  for (const StatisticRow& row : table.fit_statistics)
    rows.push_back({row.label, FormatStatistic(row.value)});
  return "\nFit statistics:\n" + LayOutColumns(rows, {Align::kLeft, Align::kRight}, "  ");
}

std::string RenderDiagnostics(const ResultTable& table) {
  if (table.diagnostics.empty()) return "";
  std::vector<double> statistics;
  for (const DiagnosticRow& row : table.diagnostics) statistics.push_back(row.statistic);
  const auto statistic_texts = FormatNumberColumn(statistics, 4);
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"Test", "Statistic", "df", "p-value", "", "Note"});
  for (std::size_t i = 0; i < table.diagnostics.size(); ++i) {
    const DiagnosticRow& row = table.diagnostics[i];
    rows.push_back({row.name, statistic_texts[i], row.df > 0 ? FormatStatistic(row.df) : "-",
                    FormatPValue(row.p_value), row.stars, row.note});
  }
  return "\nDiagnostics:\n" +
         LayOutColumns(
             rows, {Align::kLeft, Align::kRight, Align::kRight, Align::kRight, Align::kLeft, Align::kLeft},
             "  ");
}

// One block of the impacts table: a value of each cell (estimate, SE, z or p) under Direct/Indirect/Total.
std::string RenderImpactBlock(const std::string& title,
                              const std::vector<ImpactRow>& impact_rows,
                              double ImpactCell::*value,
                              bool p_values) {
  std::vector<std::vector<std::string>> columns;
  for (const ImpactCell ImpactRow::*cell : {&ImpactRow::direct, &ImpactRow::indirect, &ImpactRow::total}) {
    std::vector<double> values;
    for (const ImpactRow& row : impact_rows) values.push_back(row.*cell.*value);
    if (p_values) {
      std::vector<std::string> texts;
      for (double p_value : values) texts.push_back(FormatPValue(p_value));
      columns.push_back(texts);
    } else {
      columns.push_back(FormatNumberColumn(values, 5));
    }
  }
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"", "Direct", "Indirect", "Total"});
  for (std::size_t i = 0; i < impact_rows.size(); ++i) {
    rows.push_back({impact_rows[i].name, columns[0][i], columns[1][i], columns[2][i]});
  }
  return title + ":\n" +
         LayOutColumns(rows, {Align::kLeft, Align::kRight, Align::kRight, Align::kRight}, "  ");
}

// The cells of one value (estimate or SE) of the rows, column by column (direct, indirect, total), each
// column formatted to common decimals; "-" where a row has no SEs.
std::vector<std::vector<std::string>> ImpactOrderColumns(const std::vector<ImpactOrderRow>& rows,
                                                         double ImpactCell::*value) {
  std::vector<std::vector<std::string>> columns;
  for (const ImpactCell ImpactOrderRow::*cell :
       {&ImpactOrderRow::direct, &ImpactOrderRow::indirect, &ImpactOrderRow::total}) {
    std::vector<double> values;
    for (const ImpactOrderRow& row : rows) values.push_back(row.*cell.*value);
    std::vector<std::string> texts = FormatFixedColumn(values, 5);
    if (value == &ImpactCell::std_error) {
      for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!rows[i].has_std_errors) texts[i] = "-";
      }
    }
    columns.push_back(std::move(texts));
  }
  return columns;
}

// Per regressor, one row per order k: the rho^k W^k terms (with their simulated SEs) and the running sum
// of the totals, which reaches the total impact (up to the truncation of the series at q).
std::string RenderImpactOrders(const ImpactsTable& impacts) {
  if (impacts.by_order.empty()) return "";
  std::string text = "\n" + ImpactOrdersCaption(impacts, "; SE: simulated standard errors") + ":\n";
  for (const ImpactOrderTable& table : impacts.by_order) {
    const auto estimates = ImpactOrderColumns(table.rows, &ImpactCell::estimate);
    const auto std_errors = ImpactOrderColumns(table.rows, &ImpactCell::std_error);
    std::vector<double> cumulative;
    for (const ImpactOrderRow& row : table.rows) cumulative.push_back(row.cumulative_total);
    const auto cumulative_texts = FormatFixedColumn(cumulative, 5);
    std::vector<std::vector<std::string>> rows;
    std::vector<Align> alignments = {Align::kRight};
    std::vector<std::string> header = {"Order"};
    for (const char* title : {"Direct", "Indirect", "Total"}) {
      header.push_back(title);
      alignments.push_back(Align::kRight);
      if (impacts.has_std_errors) {
        header.push_back("SE");
        alignments.push_back(Align::kRight);
      }
    }
    header.push_back("Cumulative total");
    alignments.push_back(Align::kRight);
    rows.push_back(header);
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
      std::vector<std::string> row = {table.rows[i].order};
      for (std::size_t c = 0; c < 3; ++c) {
        row.push_back(estimates[c][i]);
        if (impacts.has_std_errors) row.push_back(std_errors[c][i]);
      }
      row.push_back(cumulative_texts[i]);
      rows.push_back(row);
    }
    text += "  " + table.name + ":\n" + LayOutColumns(rows, alignments, "    ");
  }
  return text;
}

// Laid out like spatialreg's summary(impacts(...)): the impacts, then their SEs, z values and p-values;
// then the impacts by order of neighbours (multiplier models).
std::string RenderImpacts(const ImpactsTable& impacts) {
  if (!impacts.present) return "";
  std::string text = "\n" + RenderImpactBlock("Impacts", impacts.rows, &ImpactCell::estimate, false);
  if (impacts.has_std_errors) {
    const std::string kind = impacts.std_error_label.substr(0, impacts.std_error_label.find(' '));
    text += RenderImpactBlock(impacts.std_error_label, impacts.rows, &ImpactCell::std_error, false);
    text += RenderImpactBlock(kind + " z values", impacts.rows, &ImpactCell::z, false);
    text += RenderImpactBlock(kind + " p-values", impacts.rows, &ImpactCell::p_value, true);
  }
  for (const LabelledText& detail : impacts.details) {
    text += fmt::format("  {}: {}\n", detail.label, detail.value);
  }
  for (const std::string& note : impacts.notes) text += "  Note: " + note + "\n";
  return text + RenderImpactOrders(impacts);
}

std::string RenderList(const std::string& title, const std::vector<std::string>& items) {
  if (items.empty()) return "";
  std::string text = "\n" + title + ":\n";
  for (const std::string& item : items) text += "  - " + item + "\n";
  return text;
}

std::string RenderFooter(const ResultTable& table) {
  std::string text = fmt::format("\nStatus: {}{}\n", table.status,
                                 table.usable ? "" : " (the estimates should not be used)");
  text += "---\n";
  for (const LabelledText& field : table.footer) text += fmt::format("{}: {}\n", field.label, field.value);
  return text;
}

}  // namespace

std::string RenderText(const ResultTable& table) {
  return RenderHeader(table) + RenderCoefficients(table) + RenderFitStatistics(table) +
         RenderDiagnostics(table) + RenderImpacts(table.impacts) +
         RenderList("Dropped observations", table.dropped) + RenderList("Warnings", table.warnings) +
         RenderFooter(table);
}

}  // namespace hinterland::cli
