// hinterland: the command-line program. Parses arguments (CLI11), calls the commands, and maps errors to
// exit codes in this single top-level catch: input errors 2, numerical failures 3, unexpected errors 1.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands/version_command.hpp"
#include "engine/core/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Hinterland: spatial econometrics regression engine", "hinterland"};
  app.require_subcommand(0, 1);
  bool show_version = false;
  app.add_flag("--version", show_version, "Print the engine version, BLAS/LAPACK and library versions");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  try {
    if (show_version) {
      std::cout << hinterland::cli::VersionText();
      return 0;
    }
    std::cout << app.help();
    return 0;
  } catch (const hinterland::engine::HinterlandError& error) {
    std::cerr << "hinterland: error: " << error.what() << "\n";
    return error.ExitCode();
  } catch (const std::exception& error) {
    std::cerr << "hinterland: unexpected error: " << error.what() << "\n";
    return 1;
  }
}
