// fork/exec the CLI with stdout and stderr redirected to files, then read them back.
#include "tests/support/run_cli.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "test_paths.hpp"

namespace hinterland::testing {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string MakeTempDir(const std::string& name) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(kBinaryDir) / "test_output" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

CliRun RunCli(const std::vector<std::string>& arguments) {
  static int counter = 0;
  // Shared by tests running in parallel: create the folder but never wipe it; names are unique per process.
  const std::filesystem::path capture_dir = std::filesystem::path(kBinaryDir) / "test_output" / "cli_capture";
  std::filesystem::create_directories(capture_dir);
  const std::string base =
      (capture_dir / ("run" + std::to_string(getpid()) + "_" + std::to_string(counter++))).string();
  const std::string out_path = base + ".out";
  const std::string err_path = base + ".err";
  std::vector<std::string> argv_storage;
  argv_storage.push_back(kCliPath);
  argv_storage.insert(argv_storage.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int null_fd = open("/dev/null", O_RDONLY);
    dup2(null_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CliRun run;
  if (WIFEXITED(status)) {
    run.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    run.exit_code = 128 + WTERMSIG(status);
  }
  run.out = ReadFile(out_path);
  run.err = ReadFile(err_path);
  return run;
}

}  // namespace hinterland::testing
