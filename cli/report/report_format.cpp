// Format words and the dispatch to the renderers.
#include "cli/report/report_format.hpp"

#include "cli/report/csv_report.hpp"
#include "cli/report/json_report.hpp"
#include "cli/report/latex_report.hpp"
#include "cli/report/markdown_report.hpp"
#include "cli/report/result_table.hpp"
#include "cli/report/text_report.hpp"
#include "engine/core/error.hpp"

namespace hinterland::cli {

std::string ToString(ReportFormat format) {
  switch (format) {
    case ReportFormat::kText:
      return "text";
    case ReportFormat::kJson:
      return "json";
    case ReportFormat::kLatex:
      return "latex";
    case ReportFormat::kMarkdown:
      return "markdown";
    case ReportFormat::kCsv:
      return "csv";
  }
  return "text";
}

ReportFormat ParseReportFormat(const std::string& text) {
  for (ReportFormat format : {ReportFormat::kText, ReportFormat::kJson, ReportFormat::kLatex,
                              ReportFormat::kMarkdown, ReportFormat::kCsv}) {
    if (text == ToString(format)) return format;
  }
  throw engine::OptionError("--format " + text + ": must be text, json, latex, markdown or csv");
}

std::string RenderFitResult(const estimators::FitResult& result,
                            ReportFormat format,
                            const estimators::ImpactsResult* impacts) {
  switch (format) {
    case ReportFormat::kJson:
      return RenderJson(result, impacts);
    case ReportFormat::kText:
      return RenderText(BuildResultTable(result, impacts));
    case ReportFormat::kLatex:
      return RenderLatex(BuildResultTable(result, impacts));
    case ReportFormat::kMarkdown:
      return RenderMarkdown(BuildResultTable(result, impacts));
    case ReportFormat::kCsv:
      return RenderCsv(BuildResultTable(result, impacts));
  }
  return RenderText(BuildResultTable(result, impacts));
}

}  // namespace hinterland::cli
