// booktabs tabulars: numbers in math mode (a true minus sign), names escaped, stars as superscripts.
#include "cli/report/latex_report.hpp"

#include <fmt/format.h>

namespace hinterland::cli {

namespace {

// A formatted number ("-1.597", "NA", "1.2e-05") as LaTeX.
std::string MathNumber(const std::string& text) {
  if (text == "NA") return "NA";
  const auto exponent = text.find('e');
  if (exponent == std::string::npos) return "$" + text + "$";
  const int power = std::stoi(text.substr(exponent + 1));
  return fmt::format("${} \\times 10^{{{}}}$", text.substr(0, exponent), power);
}

std::string LatexPValue(double p_value) {
  const std::string text = FormatPValue(p_value);
  if (text.rfind("< ", 0) == 0) return "$<$ " + MathNumber(text.substr(2));
  return MathNumber(text);
}

std::string Stars(const std::string& stars) {
  return stars.empty() ? "" : "$^{" + std::string(stars == "." ? "\\cdot" : stars) + "}$";
}

std::string CoefficientTabular(const ResultTable& table) {
  std::vector<double> estimates, std_errors, statistics;
  for (const CoefficientRow& row : table.coefficients) {
    estimates.push_back(row.estimate);
    std_errors.push_back(row.std_error);
    statistics.push_back(row.statistic);
  }
  const auto estimate_texts = FormatNumberColumn(estimates, 5);
  const auto std_error_texts = FormatNumberColumn(std_errors, 5);
  const auto statistic_texts = FormatNumberColumn(statistics, 4);
  const std::string letter = table.uses_t ? "t" : "z";
  std::string text = "\\begin{tabular}{lrrrr}\n\\toprule\n";
  text += fmt::format(" & Estimate & Std.\\ Error & ${}$ value & $\\Pr(>|{}|)$ \\\\\n\\midrule\n", letter,
                      letter);
  for (std::size_t i = 0; i < table.coefficients.size(); ++i) {
    const CoefficientRow& row = table.coefficients[i];
    text += fmt::format("{} & {}{} & {} & {} & {} \\\\\n", EscapeLatex(row.name),
                        MathNumber(estimate_texts[i]), Stars(row.stars), MathNumber(std_error_texts[i]),
                        MathNumber(statistic_texts[i]), LatexPValue(row.p_value));
  }
  text += "\\midrule\n";
  for (const LabelledText& field : table.header) {
    if (field.label == "Observations") {
      text += fmt::format("\\multicolumn{{5}}{{l}}{{{}}} \\\\\n", EscapeLatex(field.value));
    }
  }
  for (const StatisticRow& row : table.fit_statistics) {
    text += fmt::format("{} & \\multicolumn{{4}}{{r}}{{{}}} \\\\\n", EscapeLatex(row.label),
                        MathNumber(FormatStatistic(row.value)));
  }
  text += "\\bottomrule\n";
  text += fmt::format("\\multicolumn{{5}}{{l}}{{\\footnotesize {}}} \\\\\n",
                      "$^{***}\\,p<0.001$, $^{**}\\,p<0.01$, $^{*}\\,p<0.05$, $^{\\cdot}\\,p<0.1$");
  text += "\\end{tabular}\n";
  return text;
}

std::string DiagnosticTabular(const ResultTable& table) {
  if (table.diagnostics.empty()) return "";
  std::string text =
      "\n\\begin{tabular}{lrrr}\n\\toprule\nTest & Statistic & df & $p$-value \\\\\n\\midrule\n";
  for (const DiagnosticRow& row : table.diagnostics) {
    text += fmt::format("{} & {}{} & {} & {} \\\\\n", EscapeLatex(row.name),
                        MathNumber(FormatStatistic(row.statistic)), Stars(row.stars),
                        row.df > 0 ? MathNumber(FormatStatistic(row.df)) : "--", LatexPValue(row.p_value));
  }
  text += "\\bottomrule\n\\end{tabular}\n";
  return text;
}

// The three columns of one impact value (estimates or standard errors), each formatted as a column.
std::vector<std::vector<std::string>> ImpactColumns(const ImpactsTable& impacts, double ImpactCell::*value) {
  std::vector<std::vector<std::string>> columns;
  for (const ImpactCell ImpactRow::*cell : {&ImpactRow::direct, &ImpactRow::indirect, &ImpactRow::total}) {
    std::vector<double> values;
    for (const ImpactRow& row : impacts.rows) values.push_back(row.*cell.*value);
    columns.push_back(FormatNumberColumn(values, 5));
  }
  return columns;
}

// Estimates with stars, and their standard errors in parentheses on the line below (econometrics style).
std::string ImpactsTabular(const ImpactsTable& impacts) {
  if (!impacts.present) return "";
  const auto estimates = ImpactColumns(impacts, &ImpactCell::estimate);
  const auto std_errors = ImpactColumns(impacts, &ImpactCell::std_error);
  std::string text = "\n\\begin{tabular}{lrrr}\n\\toprule\n & Direct & Indirect & Total \\\\\n\\midrule\n";
  for (std::size_t i = 0; i < impacts.rows.size(); ++i) {
    const ImpactRow& row = impacts.rows[i];
    std::string line = EscapeLatex(row.name);
    std::string std_error_line;
    std::size_t column = 0;
    for (const ImpactCell* cell : {&row.direct, &row.indirect, &row.total}) {
      const std::string stars = impacts.has_std_errors ? Stars(SignificanceStars(cell->p_value)) : "";
      line += " & " + MathNumber(estimates[column][i]) + stars;
      std_error_line += " & (" + MathNumber(std_errors[column][i]) + ")";
      ++column;
    }
    text += line + " \\\\\n";
    if (impacts.has_std_errors) text += std_error_line + " \\\\\n";
  }
  text += "\\bottomrule\n";
  std::string details;
  for (const LabelledText& detail : impacts.details) {
    if (detail.label == "Traces") continue;  // long; kept in the comments above the table
    details += (details.empty() ? "" : "; ") + detail.label + " " + detail.value;
  }
  if (impacts.has_std_errors) details += "; " + impacts.std_error_label + " in parentheses";
  text += fmt::format("\\multicolumn{{4}}{{l}}{{\\footnotesize Impacts: {}}} \\\\\n", EscapeLatex(details));
  text += "\\end{tabular}\n";
  return text;
}

// Impacts by order of neighbours: a panel per regressor, the rho^k W^k terms with their simulated SEs in
// parentheses on the line below (as the impacts table) and the running sum of the totals.
std::string ImpactOrdersTabular(const ImpactsTable& impacts) {
  if (impacts.by_order.empty()) return "";
  std::string text = "\n\\begin{tabular}{lrrrr}\n\\toprule\n";
  text += "Order & Direct & Indirect & Total & Cumulative total \\\\\n";
  for (const ImpactOrderTable& table : impacts.by_order) {
    text += "\\midrule\n" + fmt::format("\\multicolumn{{5}}{{l}}{{{}}} \\\\\n", EscapeLatex(table.name));
    std::vector<std::vector<std::string>> estimates, std_errors;
    for (const ImpactCell ImpactOrderRow::*cell :
         {&ImpactOrderRow::direct, &ImpactOrderRow::indirect, &ImpactOrderRow::total}) {
      std::vector<double> estimate_values, std_error_values;
      for (const ImpactOrderRow& row : table.rows) {
        estimate_values.push_back((row.*cell).estimate);
        std_error_values.push_back((row.*cell).std_error);
      }
      estimates.push_back(FormatFixedColumn(estimate_values, 5));
      std_errors.push_back(FormatFixedColumn(std_error_values, 5));
    }
    std::vector<double> cumulative;
    for (const ImpactOrderRow& row : table.rows) cumulative.push_back(row.cumulative_total);
    const auto cumulative_texts = FormatFixedColumn(cumulative, 5);
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
      std::string line = EscapeLatex(table.rows[i].order);
      std::string std_error_line;
      for (std::size_t c = 0; c < 3; ++c) {
        line += " & " + MathNumber(estimates[c][i]);
        std_error_line += " & (" + MathNumber(std_errors[c][i]) + ")";
      }
      text += line + " & " + MathNumber(cumulative_texts[i]) + " \\\\\n";
      if (table.rows[i].has_std_errors) text += std_error_line + " & \\\\\n";
    }
  }
  text += "\\bottomrule\n";
  const std::string caption = ImpactOrdersCaption(impacts, "; simulated standard errors in parentheses");
  text += fmt::format("\\multicolumn{{5}}{{l}}{{\\footnotesize {}}} \\\\\n", EscapeLatex(caption));
  text += "\\end{tabular}\n";
  return text;
}

}  // namespace

std::string EscapeLatex(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    switch (c) {
      case '\\':
        escaped += "\\textbackslash{}";
        break;
      case '~':
        escaped += "\\textasciitilde{}";
        break;
      case '^':
        escaped += "\\textasciicircum{}";
        break;
      case '#':
      case '$':
      case '%':
      case '&':
      case '_':
      case '{':
      case '}':
        escaped += '\\';
        escaped += c;
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string RenderLatex(const ResultTable& table) {
  std::string text;
  // Provenance as LaTeX comments: invisible in the paper, there for whoever reads the source.
  text += "% " + table.title + "\n";
  for (const LabelledText& field : table.header) text += "% " + field.label + ": " + field.value + "\n";
  for (const LabelledText& field : table.footer) text += "% " + field.label + ": " + field.value + "\n";
  text += "% Status: " + table.status + "\n";
  for (const std::string& warning : table.warnings) text += "% Warning: " + warning + "\n";
  text += CoefficientTabular(table);
  text += DiagnosticTabular(table);
  for (const LabelledText& detail : table.impacts.details) {
    text += "% Impacts " + detail.label + ": " + detail.value + "\n";
  }
  text += ImpactsTabular(table.impacts);
  text += ImpactOrdersTabular(table.impacts);
  return text;
}

}  // namespace hinterland::cli
