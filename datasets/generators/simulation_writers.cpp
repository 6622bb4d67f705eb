// Buffered atomic text writers for the simulated data, weights edge list and coordinates.
#include "datasets/generators/simulation_writers.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "engine/core/error.hpp"

namespace hinterland::generators {
namespace {

constexpr std::size_t kFlushBytes = 1 << 20;

struct FileCloser {
  void operator()(std::FILE* file) const {
    if (file != nullptr) std::fclose(file);
  }
};

[[noreturn]] void ThrowWriteError(const std::string& path, const std::string& what) {
  throw engine::OptionError(fmt::format("{}: cannot write the file: {}", path, what));
}

}  // namespace

std::string FormatNumber(double value) { return fmt::format("{}", value); }

void WriteTextFileAtomically(
    const std::string& path,
    const std::function<void(const std::function<void(const std::string&)>&)>& produce) {
  const std::string temporary = path + ".tmp";
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(temporary.c_str(), "wb"));
  if (!file) ThrowWriteError(path, std::strerror(errno));
  std::string buffer;
  bool failed = false;
  const auto flush = [&] {
    if (!buffer.empty() && std::fwrite(buffer.data(), 1, buffer.size(), file.get()) != buffer.size())
      failed = true;
    buffer.clear();
  };
  try {
    produce([&](const std::string& piece) {
      buffer += piece;
      if (buffer.size() >= kFlushBytes) flush();
    });
  } catch (...) {
    file.reset();
    std::remove(temporary.c_str());
    throw;
  }
  flush();
  const int close_status = std::fclose(file.release());
  if (failed || close_status != 0) {
    const std::string reason = std::strerror(errno);
    std::remove(temporary.c_str());
    ThrowWriteError(path, reason);
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::remove(temporary.c_str());
    ThrowWriteError(path, error.message());
  }
}

void WriteDataCsv(const SimulatedData& data,
                  const std::vector<std::string>& ids,
                  bool panel,
                  const std::string& path) {
  WriteTextFileAtomically(path, [&](const auto& emit) {
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

void WriteEdgeListCsv(const engine::SpatialWeights& w, const std::string& path) {
  WriteTextFileAtomically(path, [&](const auto& emit) {
    emit("from,to,weight\n");
    const auto& ids = w.Ids();
    std::string line;
    for (std::int64_t i = 0; i < w.n(); ++i) {
      if (w.NeighbourCount(i) == 0) emit(ids[i] + ",,\n");
      for (std::int64_t p = w.RowOffsets()[i]; p < w.RowOffsets()[i + 1]; ++p) {
        line = ids[i] + "," + ids[w.ColumnIndices()[p]] + "," + FormatNumber(w.Values()[p]) + "\n";
        emit(line);
      }
    }
  });
}

void WriteCoordinatesCsv(const engine::Coordinates& points, const std::string& path) {
  WriteTextFileAtomically(path, [&](const auto& emit) {
    emit("id,x,y\n");
    for (std::size_t i = 0; i < points.ids.size(); ++i) {
      emit(points.ids[i] + "," + FormatNumber(points.x[i]) + "," + FormatNumber(points.y[i]) + "\n");
    }
  });
}

}  // namespace hinterland::generators
