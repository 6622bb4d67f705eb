// LaTeX rendering of a ResultTable as booktabs tabulars (\toprule, \midrule, \bottomrule; needs
// \usepackage{booktabs}): coefficients with stars, fit statistics, then diagnostics when there are any.
// Only the tabular environments are written, so a paper wraps them in its own table float and caption.
#pragma once

#include <string>

#include "cli/report/result_table.hpp"

namespace hinterland::cli {

std::string RenderLatex(const ResultTable& table);

// Escapes LaTeX's special characters (# $ % & _ { } ~ ^ \) in text.
std::string EscapeLatex(const std::string& text);

}  // namespace hinterland::cli
