// The `weights` commands: summary prints engine::FormatWeightsSummary; build validates the one chosen
// construction and its companion options (refusing any that would be ignored), builds W and writes it.
#include "cli/commands/weights_command.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>
#include <system_error>

#include "cli/commands/command_support.hpp"
#include "cli/report/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/core/progress.hpp"
#include "engine/table/dta_reader.hpp"
#include "engine/weights/weights_builder.hpp"
#include "engine/weights/weights_io.hpp"
#include "engine/weights/weights_summary.hpp"

namespace hinterland::cli {

namespace {

using engine::OptionError;

enum class Construction { kLattice, kKnn, kDistance, kInverseDistance, kPolygons };

std::string LowerExtension(const std::string& path) {
  std::string extension = std::filesystem::path(path).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

Construction ChooseConstruction(const WeightsBuildOptions& options) {
  std::vector<std::pair<Construction, std::string>> chosen;
  if (!options.lattice.empty()) chosen.emplace_back(Construction::kLattice, "--lattice");
  if (options.knn != 0) chosen.emplace_back(Construction::kKnn, "--knn");
  if (options.distance != 0.0) chosen.emplace_back(Construction::kDistance, "--distance");
  if (options.inverse_distance != 0.0)
    chosen.emplace_back(Construction::kInverseDistance, "--inverse-distance");
  if (!options.polygons.empty()) chosen.emplace_back(Construction::kPolygons, "--polygons");
  if (chosen.size() != 1) {
    std::string names;
    for (const auto& [construction, name] : chosen) names += (names.empty() ? "" : ", ") + name;
    throw OptionError(fmt::format(
        "weights build needs exactly one of --lattice, --knn, --distance, --inverse-distance, --polygons{}",
        chosen.empty() ? "" : "; got " + names));
  }
  return chosen.front().first;
}

// Refuses companion options that the chosen construction would ignore.
void RequireCompanions(Construction construction, const WeightsBuildOptions& options) {
  const bool points = construction == Construction::kKnn || construction == Construction::kDistance ||
                      construction == Construction::kInverseDistance;
  if (options.rook && options.queen) throw OptionError("--rook and --queen exclude each other");
  if ((options.rook || options.queen) && points) {
    throw OptionError("--rook/--queen apply to --lattice and --polygons only");
  }
  if (!points &&
      (!options.coords.empty() || !options.x.empty() || !options.y.empty() || options.great_circle)) {
    throw OptionError(
        "--coords, --x, --y and --great-circle apply to --knn, --distance and --inverse-distance only");
  }
  if (points && (options.coords.empty() || options.x.empty() || options.y.empty() || options.id.empty())) {
    throw OptionError(
        "--knn, --distance and --inverse-distance need --coords FILE --x COLUMN --y COLUMN --id COLUMN");
  }
  if (construction == Construction::kPolygons && options.id.empty()) {
    throw OptionError("--polygons needs --id: the attribute holding the unit ids");
  }
  if (construction == Construction::kLattice && !options.id.empty()) {
    throw OptionError("--id has no effect with --lattice: lattice cells are numbered 1..n row by row");
  }
  if (construction != Construction::kInverseDistance && options.power != 1.0) {
    throw OptionError("--power applies to --inverse-distance only");
  }
  if (construction != Construction::kPolygons && options.tolerance != 0.0) {
    throw OptionError("--tolerance applies to --polygons only");
  }
}

std::pair<std::int64_t, std::int64_t> ParseLatticeShape(const std::string& text) {
  const auto separator = text.find_first_of("xX");
  std::size_t rows_end = 0;
  std::size_t columns_end = 0;
  try {
    if (separator == std::string::npos) throw std::invalid_argument("no x");
    const std::string rows_text = text.substr(0, separator);
    const std::string columns_text = text.substr(separator + 1);
    const long long rows = std::stoll(rows_text, &rows_end);
    const long long columns = std::stoll(columns_text, &columns_end);
    if (rows_end == rows_text.size() && columns_end == columns_text.size() && rows > 0 && columns > 0) {
      return {rows, columns};
    }
  } catch (const std::exception&) {
  }
  throw OptionError("--lattice " + text + ": must be ROWSxCOLUMNS with positive integers, e.g. 10x20");
}

// Reads point coordinates from a data file; missing or non-numeric coordinates are DataErrors.
engine::Coordinates ReadCoordinates(const WeightsBuildOptions& options) {
  const engine::DataTable table = engine::ReadTable(options.coords);
  engine::Coordinates points;
  points.ids = table.Ids(options.id);
  for (const auto& [name, values] : {std::pair{options.x, &points.x}, std::pair{options.y, &points.y}}) {
    const engine::Column& column = table.GetColumn(name);
    if (column.type != engine::ColumnType::kNumeric) {
      throw engine::DataError(
          fmt::format("{}: coordinate column \"{}\" is not numeric", table.Source(), name));
    }
    for (std::size_t row = 0; row < column.Size(); ++row) {
      if (column.IsMissing(row)) {
        throw engine::DataError(fmt::format("{}:{}: coordinate \"{}\" of id {} is missing", table.Source(),
                                            table.SourceLine(row), name, points.ids[row]));
      }
    }
    *values = column.numbers;
  }
  return points;
}

engine::DistanceMetric Metric(const WeightsBuildOptions& options) {
  return options.great_circle ? engine::DistanceMetric::kGreatCircle : engine::DistanceMetric::kPlanar;
}

engine::SpatialWeights Build(Construction construction, const WeightsBuildOptions& options) {
  switch (construction) {
    case Construction::kLattice: {
      const auto [rows, columns] = ParseLatticeShape(options.lattice);
      // spdep's cell2nb default is rook.
      return engine::BuildLattice(rows, columns,
                                  options.queen ? engine::Contiguity::kQueen : engine::Contiguity::kRook);
    }
    case Construction::kKnn:
      if (options.knn < 1) throw OptionError(fmt::format("--knn {}: must be at least 1", options.knn));
      return engine::BuildKNearestNeighbours(ReadCoordinates(options), options.knn, Metric(options));
    case Construction::kDistance:
      if (!(options.distance > 0))
        throw OptionError(fmt::format("--distance {}: must be positive", options.distance));
      return engine::BuildDistanceBand(ReadCoordinates(options), options.distance, Metric(options));
    case Construction::kInverseDistance:
      if (!(options.inverse_distance > 0)) {
        throw OptionError(fmt::format("--inverse-distance {}: must be positive", options.inverse_distance));
      }
      if (!(options.power > 0)) throw OptionError(fmt::format("--power {}: must be positive", options.power));
      return engine::BuildInverseDistance(ReadCoordinates(options), options.inverse_distance, options.power,
                                          Metric(options));
    case Construction::kPolygons:
      // spdep's poly2nb default is queen.
      return engine::BuildPolygonContiguity(
          options.polygons, options.id, options.rook ? engine::Contiguity::kRook : engine::Contiguity::kQueen,
          options.tolerance);
  }
  throw OptionError("weights build: no construction chosen");
}

// Checks the output extension (and that GAL is not asked to hold weights it cannot store).
void RequireWritableFormat(const std::string& output, Construction construction) {
  const std::string extension = LowerExtension(output);
  if (extension != ".gal" && extension != ".gwt" && extension != ".mtx") {
    throw OptionError("--output " + output + ": must end in .gal, .gwt or .mtx");
  }
  if (extension == ".gal" && construction == Construction::kInverseDistance) {
    throw OptionError(
        "--output " + output +
        ": GAL files store neighbours only and would lose the inverse-distance weights; use .gwt "
        "or .mtx");
  }
}

void Write(const engine::SpatialWeights& w, const std::string& output) {
  const std::string extension = LowerExtension(output);
  if (extension == ".gal") {
    engine::WriteGal(w, output);
  } else if (extension == ".gwt") {
    engine::WriteGwt(w, output);
  } else {
    engine::WriteMatrixMarket(w, output);
  }
}

}  // namespace

WeightsCommands AddWeightsCommands(CLI::App& app,
                                   WeightsSummaryOptions& summary,
                                   WeightsBuildOptions& build) {
  CLI::App* weights = app.add_subcommand("weights", "Summarise or build spatial weights");
  weights->require_subcommand(1);
  WeightsCommands commands;
  commands.summary = weights->add_subcommand(
      "summary",
      "Print the neighbour summary of a weights file (as spdep's summary.nb) and the weights constants");
  commands.summary
      ->add_option(
          "--weights", summary.weights,
          "Weights file: .gal, .gwt, .mtx, edge list (.csv/.tsv/.txt) or polygons (.geojson/.json/.shp)")
      ->required();
  commands.summary->add_option(
      "--style", summary.style,
      "Transform first: W row-standardised, B binary, C global, S variance-stabilising "
      "(default: the weights as read)");
  commands.summary->add_option("--id-field", summary.id_field, "Id attribute of a polygon file");

  commands.build =
      weights->add_subcommand("build", "Build spatial weights and write them to .gal, .gwt or .mtx");
  CLI::App* b = commands.build;
  b->add_option("--lattice", build.lattice,
                "A ROWSxCOLUMNS grid, cells numbered 1..n row by row (rook by default)");
  b->add_option("--knn", build.knn, "Each point's K nearest neighbours (binary, generally asymmetric)");
  b->add_option("--distance", build.distance, "Binary links between points at distance <= D");
  b->add_option("--inverse-distance", build.inverse_distance,
                "Weights 1/d^power between points at distance <= D (needs .gwt or .mtx output)");
  b->add_option("--power", build.power, "Power of --inverse-distance")->capture_default_str();
  b->add_option("--polygons", build.polygons,
                "Contiguity of the polygons of a .geojson/.json/.shp file (queen by default)");
  b->add_flag("--rook", build.rook, "Rook contiguity (shared edge) for --lattice or --polygons");
  b->add_flag("--queen", build.queen, "Queen contiguity (shared point) for --lattice or --polygons");
  b->add_option("--coords", build.coords,
                "Point file (CSV or .dta) for --knn, --distance, --inverse-distance");
  b->add_option("--x", build.x, "Column of --coords with x (longitude with --great-circle)");
  b->add_option("--y", build.y, "Column of --coords with y (latitude with --great-circle)");
  b->add_option("--id", build.id, "Id column of --coords, or id attribute of --polygons");
  b->add_flag("--great-circle", build.great_circle,
              "Coordinates are longitude/latitude in degrees; distances in km (haversine)");
  b->add_option("--tolerance", build.tolerance,
                "--polygons: vertices closer than this (in x and in y) are the same point")
      ->capture_default_str();
  b->add_option("--output", build.output, "Output file: .gal (neighbours), .gwt or .mtx (with weights)")
      ->required();
  b->add_flag(
      "--verbose", build.verbose,
      "Print each step (building W, writing it) with its time on standard error; without it shown for "
      "10^6 units or more when standard error is a terminal");
  return commands;
}

int RunWeightsSummary(const WeightsSummaryOptions& options) {
  engine::SpatialWeights w = ReadWeightsFile(options.weights, options.id_field, "--id-field");
  if (!options.style.empty()) w = w.Transform(engine::ParseWeightsStyle(options.style));
  std::cout << engine::FormatWeightsSummary(engine::Summarise(w)) << std::flush;
  return 0;
}

// About 10^6 units, where building W takes seconds: a lattice of that many cells, or a coordinates (polygon)
// file of 32 MB (256 MB) or more.
bool IsLargeBuild(Construction construction, const WeightsBuildOptions& options) {
  std::error_code error;
  switch (construction) {
    case Construction::kLattice: {
      const auto [rows, columns] = ParseLatticeShape(options.lattice);
      return rows * columns >= 1000000;
    }
    case Construction::kPolygons:
      return std::filesystem::file_size(options.polygons, error) >= (256U << 20U) && !error;
    default:
      return std::filesystem::file_size(options.coords, error) >= (32U << 20U) && !error;
  }
}

int RunWeightsBuild(const WeightsBuildOptions& options) {
  const Construction construction = ChooseConstruction(options);
  RequireCompanions(construction, options);
  RequireWritableFormat(options.output, construction);
  RequireOutputIsNotAnInput(options.output, {options.coords, options.polygons});
  // Progress: asked for, or a large input watched on a terminal.
  engine::ProgressLog log;
  if (options.verbose || (IsLargeBuild(construction, options) && isatty(STDERR_FILENO) != 0)) {
    log = StandardErrorLog();
  }
  engine::SpatialWeights w;
  engine::ReportStep(log, "building W", [&] { w = Build(construction, options); });
  engine::ReportStep(log, "writing " + options.output, [&] { Write(w, options.output); });
  std::cout << fmt::format("wrote {}: {} units, {} links, {} islands\n", options.output, w.n(), w.LinkCount(),
                           w.Islands().size());
  return 0;
}

}  // namespace hinterland::cli
