// Equivalence with R's model.matrix on datasets/columbus/columbus.csv: column names, values, term labels,
// the intercept flag and the deparsed formula for each case of tests/reference/data/columbus/
// model_matrix.json (R 4.2.2 stats, script tests/reference/generators/reference_model_matrix.R).
// Tolerance 1e-12 relative: both sides evaluate the same IEEE functions; R's own decimal parser may round
// the CSV's numbers differently in the last bit, which 1e-12 absorbs.
#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/formula/model_frame.hpp"
#include "test_paths.hpp"
#include "tests/support/reference.hpp"
#include "tests/unit/engine/formula/formula_test_helpers.hpp"

namespace hinterland::engine {
namespace {

constexpr double kRelativeTolerance = 1e-12;

std::vector<std::string> SplitCommas(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  std::string field;
  while (std::getline(stream, field, ',')) fields.push_back(field);
  return fields;
}

// A tiny reader for the all-numeric Columbus CSV (no quotes, no missing cells), independent of
// engine/table's CSV reader.
DataTable ReadColumbus() {
  const std::string path = std::string(testing::kDatasetsDir) + "/columbus/columbus.csv";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> names = SplitCommas(line);
  std::vector<std::vector<std::optional<double>>> values(names.size());
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const std::vector<std::string> fields = SplitCommas(line);
    if (fields.size() != names.size()) throw std::runtime_error("ragged row in " + path + ": " + line);
    for (std::size_t j = 0; j < fields.size(); ++j) values[j].push_back(std::stod(fields[j]));
  }
  DataTable table("columbus.csv");
  for (std::size_t j = 0; j < names.size(); ++j)
    table.AddColumn(formula_testing::NumericColumn(names[j], values[j]));
  return table;
}

TEST(ModelMatrixAgainstR, ColumbusDesignMatricesMatch) {
  const nlohmann::json& reference = testing::LoadReference("columbus/model_matrix.json");
  const DataTable table = ReadColumbus();
  ASSERT_EQ(table.RowCount(), 49u);
  ASSERT_GE(reference["cases"].size(), 1u);
  for (const nlohmann::json& expected : reference["cases"]) {
    const std::string text = expected["formula"];
    SCOPED_TRACE("formula: " + text);
    const Formula formula = ParseFormula(text);
    EXPECT_EQ(formula.text, expected["deparsed"].get<std::string>());
    EXPECT_EQ(formula.has_intercept, expected["intercept"].get<bool>());
    std::vector<std::string> term_texts;
    for (const Term& term : formula.terms) term_texts.push_back(term.text);
    EXPECT_EQ(term_texts, expected["term_labels"].get<std::vector<std::string>>());

    const ModelFrame frame =
        BuildModelFrame(table, formula, {reference["meta"]["id_column"], MissingPolicy::kError, ""});
    EXPECT_EQ(frame.ids, expected["ids"].get<std::vector<std::string>>());
    ASSERT_EQ(frame.column_names, expected["column_names"].get<std::vector<std::string>>());
    const std::vector<double> response = expected["response"];
    ASSERT_EQ(frame.y.n_elem, response.size());
    for (std::size_t i = 0; i < response.size(); ++i) {
      EXPECT_REL_NEAR("y[" + std::to_string(i) + "]", frame.y[i], response[i], kRelativeTolerance);
    }
    for (std::size_t j = 0; j < frame.column_names.size(); ++j) {
      const std::vector<double> column = expected["columns"][j];
      ASSERT_EQ(frame.x.n_rows, column.size());
      for (std::size_t i = 0; i < column.size(); ++i) {
        EXPECT_REL_NEAR(frame.column_names[j] + "[" + std::to_string(i) + "]", frame.x(i, j), column[i],
                        kRelativeTolerance);
      }
    }
  }
}

TEST(ModelMatrixAgainstR, ZeroOpenSpaceMakesLogAnErrorNamingTheNeighbourhoods) {
  // OPEN is 0 for ten neighbourhoods, the first POLYID 7 on line 8 (datasets/columbus/columbus.csv).
  const DataTable table = ReadColumbus();
  try {
    BuildModelFrame(table, ParseFormula("CRIME ~ log(OPEN)"), {"POLYID", MissingPolicy::kError, ""});
    ADD_FAILURE() << "no DataError for log(OPEN)";
  } catch (const DataError& error) {
    EXPECT_NE(std::string(error.what())
                  .find("columbus.csv:8: \"log(OPEN)\" is not finite (-Inf) for 10 observations "),
              std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("(ids 7, 11, 13, 25, 29, 33, 38, 39, 43, 47)"),
              std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace hinterland::engine
