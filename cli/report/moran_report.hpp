// Renderings of Moran's I of a variable (estimators::MoranVariableResult): text, as spdep's moran.test and
// moran.mc print it in a table, and JSON (schema hinterland.moran/1, README). The report layer's, beside the
// fit's renderers, dispatched on ReportFormat.
#pragma once

#include <string>

#include "cli/report/report_format.hpp"
#include "estimators/ols/moran_variable.hpp"

namespace hinterland::cli {

// kText or kJson; an engine::OptionError keyed "format" for the formats a Moran test has no table for.
std::string RenderMoranResult(const estimators::MoranVariableResult& result, ReportFormat format);

}  // namespace hinterland::cli
