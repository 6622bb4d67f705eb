// The output formats of `hinterland fit --format` and the one dispatch from a format to its renderer.
// The words here are the CLI words and the only place format strings are parsed.
#pragma once

#include <string>

#include "estimators/common/fit_result.hpp"
#include "estimators/impacts/impacts.hpp"

namespace hinterland::cli {

enum class ReportFormat { kText, kJson, kLatex, kMarkdown, kCsv };
std::string ToString(ReportFormat format);                // "text", "json", "latex", "markdown", "csv"
ReportFormat ParseReportFormat(const std::string& text);  // the words above; OptionError keyed "format"

// Renders `result` (with `impacts` when not null, else the result's own) in `format`: JSON from the
// FitResult, the others through the ResultTable. CSV holds the coefficients only.
std::string RenderFitResult(const estimators::FitResult& result,
                            ReportFormat format,
                            const estimators::ImpactsResult* impacts = nullptr);

}  // namespace hinterland::cli
