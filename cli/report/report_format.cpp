// Format words and the dispatch to the renderers.
#include "cli/report/report_format.hpp"

#include "cli/report/csv_report.hpp"
#include "cli/report/json_report.hpp"
#include "cli/report/latex_report.hpp"
#include "cli/report/markdown_report.hpp"
#include "cli/report/result_table.hpp"
#include "cli/report/text_report.hpp"
#include "engine/core/enum_words.hpp"

namespace hinterland::cli {

namespace {

constexpr engine::EnumWords<ReportFormat, 5> kFormatWords = {{
    {ReportFormat::kText, "text"},
    {ReportFormat::kJson, "json"},
    {ReportFormat::kLatex, "latex"},
    {ReportFormat::kMarkdown, "markdown"},
    {ReportFormat::kCsv, "csv"},
}};

}  // namespace

std::string ToString(ReportFormat format) { return engine::WordOf(kFormatWords, format); }

ReportFormat ParseReportFormat(const std::string& text) {
  return engine::ParseWord(kFormatWords, text, "format");
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
