// Pipe tables with right-aligned number columns; cells escaped so names like "I(x*y)" survive.
#include "cli/report/markdown_report.hpp"

#include <fmt/format.h>

namespace hinterland::cli {

namespace {

std::string Row(const std::vector<std::string>& cells) {
  std::string line = "|";
  for (const std::string& cell : cells) line += " " + cell + " |";
  return line + "\n";
}

std::string CoefficientTable(const ResultTable& table) {
  std::vector<double> estimates, std_errors, statistics;
  for (const CoefficientRow& row : table.coefficients) {
    estimates.push_back(row.estimate);
    std_errors.push_back(row.std_error);
    statistics.push_back(row.statistic);
  }
  const auto estimate_texts = FormatNumberColumn(estimates, 5);
  const auto std_error_texts = FormatNumberColumn(std_errors, 5);
  const auto statistic_texts = FormatNumberColumn(statistics, 4);
  std::string text = Row({"Term", "Estimate", "Std. Error", table.statistic_label,
                          EscapeMarkdown(table.p_value_label), "Signif."});
  text += "|:---|---:|---:|---:|---:|:---|\n";
  for (std::size_t i = 0; i < table.coefficients.size(); ++i) {
    const CoefficientRow& row = table.coefficients[i];
    text += Row({EscapeMarkdown(row.name), estimate_texts[i], std_error_texts[i], statistic_texts[i],
                 FormatPValue(row.p_value), EscapeMarkdown(row.stars)});
  }
  return text + "\n" + EscapeMarkdown(kSignificanceLegend) + "\n";
}

std::string StatisticTable(const ResultTable& table) {
  std::string text = "\n" + Row({"Statistic", "Value"}) + "|:---|---:|\n";
  for (const StatisticRow& row : table.fit_statistics) {
    text += Row({EscapeMarkdown(row.label), FormatStatistic(row.value)});
  }
  return text;
}

std::string DiagnosticTable(const ResultTable& table) {
  if (table.diagnostics.empty()) return "";
  std::string text =
      "\n" + Row({"Test", "Statistic", "df", "p-value", "Note"}) + "|:---|---:|---:|---:|:---|\n";
  std::vector<double> statistics;
  for (const DiagnosticRow& row : table.diagnostics) statistics.push_back(row.statistic);
  const auto statistic_texts = FormatNumberColumn(statistics, 4);
  for (std::size_t i = 0; i < table.diagnostics.size(); ++i) {
    const DiagnosticRow& row = table.diagnostics[i];
    text += Row({EscapeMarkdown(row.name), statistic_texts[i], row.df > 0 ? FormatStatistic(row.df) : "-",
                 FormatPValue(row.p_value), EscapeMarkdown(row.note)});
  }
  return text;
}

// Direct, indirect and total impacts; each cell "estimate (SE) stars" when there are standard errors.
std::string ImpactTable(const ImpactsTable& impacts) {
  if (!impacts.present) return "";
  std::vector<std::vector<std::string>> cells(impacts.rows.size());
  for (const ImpactCell ImpactRow::*cell : {&ImpactRow::direct, &ImpactRow::indirect, &ImpactRow::total}) {
    std::vector<double> estimates, std_errors;
    for (const ImpactRow& row : impacts.rows) {
      estimates.push_back((row.*cell).estimate);
      std_errors.push_back((row.*cell).std_error);
    }
    const auto estimate_texts = FormatNumberColumn(estimates, 5);
    const auto std_error_texts = FormatNumberColumn(std_errors, 5);
    for (std::size_t i = 0; i < impacts.rows.size(); ++i) {
      std::string text = estimate_texts[i];
      if (impacts.has_std_errors) {
        text += " (" + std_error_texts[i] + ") " +
                EscapeMarkdown(SignificanceStars((impacts.rows[i].*cell).p_value));
      }
      cells[i].push_back(text);
    }
  }
  std::string text = "\n" + Row({"Impact", "Direct", "Indirect", "Total"}) + "|:---|---:|---:|---:|\n";
  for (std::size_t i = 0; i < impacts.rows.size(); ++i) {
    text += Row({EscapeMarkdown(impacts.rows[i].name), cells[i][0], cells[i][1], cells[i][2]});
  }
  text += "\n";
  if (impacts.has_std_errors) text += EscapeMarkdown(impacts.std_error_label) + " in parentheses.\n";
  for (const LabelledText& detail : impacts.details) {
    text += fmt::format("- **Impacts {}:** {}\n", detail.label, EscapeMarkdown(detail.value));
  }
  return text;
}

// Per regressor a table of the rho^k W^k terms, "estimate (SE)" when the row has simulated SEs, and the
// running sum of the totals.
std::string ImpactOrderTables(const ImpactsTable& impacts) {
  if (impacts.by_order.empty()) return "";
  std::string text =
      "\n" + ImpactOrdersCaption(impacts, "; simulated standard errors in parentheses") + ".\n";
  for (const ImpactOrderTable& table : impacts.by_order) {
    std::vector<std::vector<std::string>> cells(table.rows.size());
    for (const ImpactCell ImpactOrderRow::*cell :
         {&ImpactOrderRow::direct, &ImpactOrderRow::indirect, &ImpactOrderRow::total}) {
      std::vector<double> estimates, std_errors;
      for (const ImpactOrderRow& row : table.rows) {
        estimates.push_back((row.*cell).estimate);
        std_errors.push_back((row.*cell).std_error);
      }
      const auto estimate_texts = FormatFixedColumn(estimates, 5);
      const auto std_error_texts = FormatFixedColumn(std_errors, 5);
      for (std::size_t i = 0; i < table.rows.size(); ++i) {
        cells[i].push_back(table.rows[i].has_std_errors ? estimate_texts[i] + " (" + std_error_texts[i] + ")"
                                                        : estimate_texts[i]);
      }
    }
    std::vector<double> cumulative;
    for (const ImpactOrderRow& row : table.rows) cumulative.push_back(row.cumulative_total);
    const auto cumulative_texts = FormatFixedColumn(cumulative, 5);
    text += "\n" +
            Row({EscapeMarkdown(table.name) + ": order", "Direct", "Indirect", "Total", "Cumulative total"}) +
            "|---:|---:|---:|---:|---:|\n";
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
      text += Row({table.rows[i].order, cells[i][0], cells[i][1], cells[i][2], cumulative_texts[i]});
    }
  }
  return text;
}

std::string List(const std::string& title, const std::vector<std::string>& items) {
  if (items.empty()) return "";
  std::string text = "\n**" + title + "**\n\n";
  for (const std::string& item : items) text += "- " + EscapeMarkdown(item) + "\n";
  return text;
}

}  // namespace

std::string EscapeMarkdown(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    if (c == '|' || c == '*' || c == '_' || c == '`' || c == '\\') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

std::string RenderMarkdown(const ResultTable& table) {
  std::string text = "### " + EscapeMarkdown(table.title) + "\n\n";
  for (const LabelledText& field : table.header) {
    text += fmt::format("- **{}:** {}\n", field.label, EscapeMarkdown(field.value));
  }
  text += "\n" + CoefficientTable(table) + StatisticTable(table) + DiagnosticTable(table) +
          ImpactTable(table.impacts) + ImpactOrderTables(table.impacts);
  text += List("Dropped observations", table.dropped) + List("Warnings", table.warnings);
  text += "\n**Status:** " + EscapeMarkdown(table.status) + "\n\n";
  std::string footer;
  for (const LabelledText& field : table.footer) {
    footer += (footer.empty() ? "" : " | ") + field.label + ": " + field.value;
  }
  text += "<sub>" + EscapeMarkdown(footer) + "</sub>\n";
  return text;
}

}  // namespace hinterland::cli
