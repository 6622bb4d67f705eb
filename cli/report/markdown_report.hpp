// Markdown rendering of a ResultTable: a header list, pipe tables (GitHub-flavoured) for coefficients, fit
// statistics and diagnostics, then dropped rows, warnings and the provenance footer as lists.
#pragma once

#include <string>

#include "cli/report/result_table.hpp"

namespace hinterland::cli {

std::string RenderMarkdown(const ResultTable& table);

// Escapes the characters that would end a cell or start emphasis: | * _ ` and backslash.
std::string EscapeMarkdown(const std::string& text);

}  // namespace hinterland::cli
