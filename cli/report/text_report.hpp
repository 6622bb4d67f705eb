// Plain-text rendering of a ResultTable, laid out like R's summary(): header, coefficient table with
// significance stars and their legend, fit statistics, diagnostics, dropped rows, warnings, status, and a
// footer with engine version, BLAS and threads.
#pragma once

#include <string>

#include "cli/report/result_table.hpp"

namespace hinterland::cli {

std::string RenderText(const ResultTable& table);

}  // namespace hinterland::cli
