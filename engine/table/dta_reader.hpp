// Reads a Stata .dta file (versions 104-119, through Debian's ReadStat) into a DataTable.
// Stata's system missing and extended missing values (.a-.z) are missing; value labels are ignored.
#pragma once

#include <string>

#include "engine/table/data_table.hpp"

namespace hinterland::engine {

DataTable ReadDta(const std::string& path);

// Dispatches on the extension: .dta -> ReadDta, anything else -> ReadCsv.
DataTable ReadTable(const std::string& path);

}  // namespace hinterland::engine
