// ResultTable: a rendering-neutral view of a FitResult (the statsmodels Summary idea): header fields,
// coefficient rows, fit statistics, diagnostics, warnings and a provenance footer. The text, LaTeX,
// Markdown and CSV renderers read only this; numbers stay numbers so each format chooses its precision.
#pragma once

#include <string>
#include <vector>

#include "estimators/common/fit_result.hpp"
#include "estimators/impacts/impacts.hpp"

namespace hinterland::cli {

struct LabelledText {
  std::string label;
  std::string value;
};

struct CoefficientRow {
  std::string name;
  std::string role;  // estimators::ToString(CoefficientRole)
  double estimate = 0.0;
  double std_error = 0.0;
  double statistic = 0.0;
  double p_value = 1.0;
  std::string stars;  // R's significance codes: "***", "**", "*", ".", ""
};

struct StatisticRow {
  std::string label;  // for people: "R-squared"
  std::string key;    // as in JSON: "r_squared"
  double value = 0.0;
};

struct DiagnosticRow {
  std::string name;
  double statistic = 0.0;
  double df = 0.0;  // 0 = a z statistic (no degrees of freedom)
  double p_value = 1.0;
  std::string stars;
  std::string note;
};

// One of the direct, indirect or total impacts of a regressor.
struct ImpactCell {
  double estimate = 0.0;
  double std_error = 0.0;
  double z = 0.0;
  double p_value = 1.0;
};

struct ImpactRow {
  std::string name;  // the regressor
  ImpactCell direct, indirect, total;
};

// One row of a regressor's impacts by order of neighbours: the rho^k W^k term of one order k, or the terms
// of a range of orders summed (which has no standard errors: the draws are summarised per order).
struct ImpactOrderRow {
  std::string order;            // "0", "1", ..., or a summed range "11-30"
  bool has_std_errors = false;  // simulated SEs of this row's cells
  ImpactCell direct, indirect, total;
  double cumulative_total = 0.0;  // the totals of orders 0 to the end of this row, summed
};

struct ImpactOrderTable {
  std::string name;  // the regressor
  std::vector<ImpactOrderRow> rows;
};

// The text, Markdown and LaTeX reports list orders 0..kImpactOrdersShown one by one and sum the higher
// orders up to the power order q into one row (two or more orders; a single one keeps its own row); the
// JSON report has every order.
inline constexpr int kImpactOrdersShown = 10;

// The impacts table of spatialreg's summary(impacts(...)): point estimates, then (when there are any)
// the standard errors, z values and p-values, simulated (sar, sdm, sac) or analytic (slx, sdem); and for
// the multiplier models the impacts by order of neighbours (LeSage & Pace 2009, sec. 2.7.2).
struct ImpactsTable {
  bool present = false;
  bool has_std_errors = false;  // false for point estimates only (--draws 0)
  std::string std_error_label;  // "Simulated standard errors" or "Analytic standard errors"
  std::vector<ImpactRow> rows;
  std::vector<ImpactOrderTable> by_order;  // one per regressor; empty for analytic impacts (slx, sdem)
  int power_order = 0;                     // q: the highest order of the series
  std::vector<LabelledText> details;       // Method, Traces, Draws, Seed, Rho interval
  std::vector<std::string> notes;
};

struct ResultTable {
  std::string title;                 // "Ordinary least squares"
  std::vector<LabelledText> header;  // Model, Method, Data, Formula, Observations, ..., Weights (and W2)
  std::string statistic_label;       // "t value" (least squares) or "z value" (likelihood, GMM)
  std::string p_value_label;         // "Pr(>|t|)" or "Pr(>|z|)"
  bool uses_t = true;                // t reference distribution (else normal)
  std::vector<CoefficientRow> coefficients;
  std::vector<StatisticRow> fit_statistics;
  std::vector<DiagnosticRow> diagnostics;
  std::vector<std::string> warnings;
  std::vector<std::string> dropped;
  std::string status;  // "converged", or "not_converged: <message>"
  bool usable = false;
  std::vector<LabelledText> footer;  // Engine, BLAS, LAPACK, Threads, Seed
  ImpactsTable impacts;              // present only when impacts were computed
};

// `impacts` may be null (none computed).
ResultTable BuildResultTable(const estimators::FitResult& result,
                             const estimators::ImpactsResult* impacts = nullptr);

// R's significance codes (summary.lm): *** < 0.001 <= ** < 0.01 <= * < 0.05 <= . < 0.1.
std::string SignificanceStars(double p_value);
inline constexpr const char* kSignificanceLegend =
    "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1";

// A column of numbers with a common number of decimals, so that each shows at least
// `significant_digits` significant digits (as R's format()); scientific notation when fixed notation
// would need more than 8 decimals or numbers of 1e8 and above. Non-finite values are "NA".
std::vector<std::string> FormatNumberColumn(const std::vector<double>& values, int significant_digits = 5);
// A column of numbers that spans orders of magnitude (impacts by order): fixed notation with the decimals
// that give the largest absolute value `significant_digits` significant digits (at most 8), so the small
// values of high orders read as 0.00000 rather than turning the column scientific; scientific only when
// the largest is 1e8 or more or below 1e-7. Non-finite values are "NA".
std::vector<std::string> FormatFixedColumn(const std::vector<double>& values, int significant_digits = 5);
// A p-value as R's format.pval(digits = 3): "< 2.2e-16" below machine precision, else 3 significant digits.
std::string FormatPValue(double p_value);
// A single statistic: integers without decimals, otherwise 7 significant digits.
std::string FormatStatistic(double value);

// The caption of the impacts-by-order tables, shared by the text, Markdown and LaTeX reports: "Impacts by
// order of neighbours (rho^k W^k terms, k = 0..q; orders above 10 summed<std_error_note>)".
std::string ImpactOrdersCaption(const ImpactsTable& impacts, const std::string& std_error_note);

}  // namespace hinterland::cli
