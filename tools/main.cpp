// phantom: one binary, one subcommand per file in tools/cli/. User errors print one line and
// exit 2.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "engine/core/error.h"
#include "kernels/conv.h"
#include "tools/cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "phantom — a C++/CUDA engine for model inversion attacks and label-smoothing defences"};
  app.require_subcommand(1);
  std::vector<phantom::cli::Command> commands = phantom::cli::register_commands(app);
  try {
    app.parse(argc, argv);
    phantom::kernels::cpu::conv_algorithm();  // a bad PHANTOM_CPU_CONV fails here, not mid-run
    for (auto& c : commands)
      if (c.subcommand && c.subcommand->parsed()) return c.run();
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const phantom::UserError& e) {
    std::fprintf(stderr, "phantom: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "phantom: internal error: %s\n", e.what());
    return 3;
  }
  return 0;
}
