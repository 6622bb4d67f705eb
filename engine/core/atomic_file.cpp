// Temporary file + rename (see atomic_file.hpp).
#include "engine/core/atomic_file.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "engine/core/error.hpp"

namespace hinterland::engine {
namespace {

// Pieces are gathered up to this size before each write: few system calls, bounded memory.
constexpr std::size_t kFlushBytes = 1 << 20;

struct FileCloser {
  void operator()(std::FILE* file) const {
    if (file != nullptr) std::fclose(file);
  }
};

std::filesystem::path TemporaryPath(const std::filesystem::path& target,
                                    const std::filesystem::path& folder) {
  static std::atomic<unsigned> counter{0};
  return folder / fmt::format(".{}.tmp-{}-{}", target.filename().string(), ::getpid(), counter++);
}

[[noreturn]] void ThrowCannotWrite(const std::string& path, const std::string& why) {
  throw OptionError(fmt::format("{}: cannot write the file: {}", path, why));
}

}  // namespace

void WriteFileAtomically(const std::string& path, const std::function<void(const AppendPiece&)>& produce) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code error;
  if (!fs::is_directory(folder, error))
    ThrowCannotWrite(path, "the folder " + folder.string() + " does not exist");
  const fs::path temporary = TemporaryPath(target, folder);
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(temporary.c_str(), "wb"));
  if (!file) ThrowCannotWrite(path, std::strerror(errno));
  std::string buffer;
  bool failed = false;
  const auto flush = [&] {
    if (!buffer.empty() && std::fwrite(buffer.data(), 1, buffer.size(), file.get()) != buffer.size())
      failed = true;
    buffer.clear();
  };
  try {
    produce([&](std::string_view piece) {
      buffer += piece;
      if (buffer.size() >= kFlushBytes) flush();
    });
  } catch (...) {
    file.reset();
    fs::remove(temporary, error);
    throw;
  }
  flush();
  const int close_status = std::fclose(file.release());
  if (failed || close_status != 0) {
    const std::string reason = std::strerror(errno);
    fs::remove(temporary, error);
    ThrowCannotWrite(path, reason);
  }
  fs::rename(temporary, target, error);
  if (error) {
    const std::string reason = error.message();
    fs::remove(temporary, error);
    ThrowCannotWrite(path, "cannot rename the temporary file into place: " + reason);
  }
}

void WriteFileAtomically(const std::string& path, std::string_view contents) {
  WriteFileAtomically(path, [contents](const AppendPiece& append) { append(contents); });
}

}  // namespace hinterland::engine
