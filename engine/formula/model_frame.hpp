// ModelFrame: a formula evaluated on a DataTable: y, the design matrix X, column names and kinds,
// and the unit ids in row order. Missing values are never dropped silently (MissingPolicy).
#pragma once

#include <armadillo>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/formula/formula.hpp"
#include "engine/table/data_table.hpp"

namespace hinterland::engine {

enum class MissingPolicy {
  kError,  // an observation with a missing value in the model is a DataError naming its ids (default)
  kDrop,   // drop it and record it in ModelFrame::dropped
};
std::string ToString(MissingPolicy policy);                 // "error", "drop"
MissingPolicy ParseMissingPolicy(const std::string& text);  // the words above (OptionError keyed "missing")

// What a design column is; estimators use it to decide which columns get spatial lags (WX). kSpatialLag is
// a column W x_j that an estimator appended (Durbin terms), never one a formula makes: a data column named
// "W" or an interaction "W:INC" stays kNumeric / kInteraction.
enum class ColumnKind { kIntercept, kNumeric, kFactorLevel, kInteraction, kSpatialLag };

struct DroppedRow {
  std::string id;
  int line = 0;        // source line of the row
  std::string reason;  // e.g. "missing INC"
};

struct ModelFrameOptions {
  std::string id_column;  // required: rows are matched to weights by this column, never by order
  MissingPolicy missing = MissingPolicy::kError;
  // A panel's period column: then ids repeat, once per period, and each (id, period) pair is unique.
  std::string time_column;
};

struct ModelFrame {
  std::string formula_text;
  std::string dependent;                  // name of the response, e.g. "CRIME" or "log(CRIME)"
  arma::vec y;                            // n
  arma::mat x;                            // n x k design
  std::vector<std::string> column_names;  // k: "(Intercept)", "INC", "log(HOVAL)", "factor(region)west"
  std::vector<ColumnKind> column_kinds;   // k
  // k, or empty when no column is a spatial lag: for a kSpatialLag column the index of the column it lags,
  // -1 for the others (read through LagSourceOf).
  std::vector<std::int64_t> lag_sources{};
  std::vector<std::string> ids;      // n: unit ids in row order
  std::vector<std::string> periods;  // n: the period of each row (panels), empty for a cross-section
  std::vector<int> source_lines;     // n: the data file line of each row
  std::vector<DroppedRow> dropped;   // rows dropped under MissingPolicy::kDrop
  std::string source;                // the data file
};

// The index of the design column that column j lags (kSpatialLag), or -1.
std::int64_t LagSourceOf(const ModelFrame& frame, std::size_t j);

// Throws OptionError when options.id_column is empty; DataError for an unknown id column or missing or
// duplicated ids; FormulaError for a one-sided formula and for unknown or non-numeric variables (naming
// them, with a close match when one exists, and for text the first value that is not a number with its
// file:line); DataError for missing values under kError (naming ids and variables), for non-finite
// results such as log(0) (naming the term and the ids) and for a factor with a single level; FormulaError
// for a reference level that is not a level. Factor levels are those of the rows kept.
ModelFrame BuildModelFrame(const DataTable& table, const Formula& formula, const ModelFrameOptions& options);

}  // namespace hinterland::engine
