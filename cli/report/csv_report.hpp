// CSV rendering of a ResultTable: one row per coefficient (name, role, estimate, std_error, statistic,
// p_value) at full precision (17 significant digits, round-trip exact), RFC 4180 quoting; missing is NA.
#pragma once

#include <string>

#include "cli/report/result_table.hpp"

namespace hinterland::cli {

std::string RenderCsv(const ResultTable& table);

// The recovered fixed effects of a panel fit: kind, id, estimate, std_error, z, p_value (the same precision
// and quoting).
std::string RenderFixedEffectsCsv(const estimators::FitResult& result);

// Quotes a field when it holds a comma, a quote or a line break (RFC 4180: a quote doubles).
std::string QuoteCsvField(const std::string& field);

}  // namespace hinterland::cli
