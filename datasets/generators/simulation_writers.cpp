// Text writers for the simulated data, weights edge list and coordinates, through the one atomic writer.
#include "datasets/generators/simulation_writers.hpp"

#include <fmt/format.h>

#include "engine/core/atomic_file.hpp"

namespace hinterland::generators {
std::string FormatNumber(double value) { return fmt::format("{}", value); }

void WriteDataCsv(const SimulatedData& data,
                  const std::vector<std::string>& ids,
                  bool panel,
                  const std::string& path) {
  engine::WriteFileAtomically(path, [&](const engine::AppendPiece& emit) {
    std::string line = panel ? "id,time,y" : "id,y";
    for (arma::uword j = 0; j < data.x.n_cols; ++j) line += fmt::format(",x{}", j + 1);
    emit(line + "\n");
    const auto n = static_cast<arma::uword>(data.n);
    for (arma::uword r = 0; r < data.y.n_elem; ++r) {
      if (data.observed[r] == 0) continue;
      const arma::uword unit = r % n;
      line = ids[unit];
      if (panel) line += fmt::format(",{}", r / n + 1);
      line += "," + FormatNumber(data.y(r));
      for (arma::uword j = 0; j < data.x.n_cols; ++j) line += "," + FormatNumber(data.x(r, j));
      line += '\n';
      emit(line);
    }
  });
}

void WriteCoordinatesCsv(const engine::Coordinates& points, const std::string& path) {
  engine::WriteFileAtomically(path, [&](const engine::AppendPiece& emit) {
    emit("id,x,y\n");
    for (std::size_t i = 0; i < points.ids.size(); ++i) {
      emit(points.ids[i] + "," + FormatNumber(points.x[i]) + "," + FormatNumber(points.y[i]) + "\n");
    }
  });
}

}  // namespace hinterland::generators
