// One line per coefficient; numbers with {:.17g} so a reader gets back exactly the doubles computed.
#include "cli/report/csv_report.hpp"

#include <fmt/format.h>

#include <cmath>

namespace hinterland::cli {

namespace {

std::string CsvNumber(double value) { return std::isfinite(value) ? fmt::format("{:.17g}", value) : "NA"; }

}  // namespace

std::string QuoteCsvField(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string RenderCsv(const ResultTable& table) {
  std::string text = "name,role,estimate,std_error,statistic,p_value\n";
  for (const CoefficientRow& row : table.coefficients) {
    text += fmt::format("{},{},{},{},{},{}\n", QuoteCsvField(row.name), QuoteCsvField(row.role),
                        CsvNumber(row.estimate), CsvNumber(row.std_error), CsvNumber(row.statistic),
                        CsvNumber(row.p_value));
  }
  return text;
}

std::string RenderFixedEffectsCsv(const estimators::FitResult& result) {
  std::string text = "kind,id,estimate,std_error,z,p_value\n";
  for (const estimators::FixedEffect& effect : result.fixed_effects) {
    text += fmt::format("{},{},{},{},{},{}\n", QuoteCsvField(effect.kind), QuoteCsvField(effect.id),
                        CsvNumber(effect.estimate), CsvNumber(effect.std_error), CsvNumber(effect.z),
                        CsvNumber(effect.p_value));
  }
  return text;
}

}  // namespace hinterland::cli
