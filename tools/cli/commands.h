// Each subcommand lives in its own file and registers itself here: it adds its CLI11 subcommand
// with flags bound to state it owns, and returns the function that runs it (exit code).
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

namespace phantom::cli {

struct Command {
  CLI::App* subcommand = nullptr;
  std::function<int()> run;
};

Command add_info(CLI::App& app);
Command add_audit(CLI::App& app);
Command add_toy(CLI::App& app);
Command add_bench(CLI::App& app);
Command add_train(CLI::App& app);
Command add_infer(CLI::App& app);
Command add_generate(CLI::App& app);
Command add_attack(CLI::App& app);
Command add_evaluate(CLI::App& app);
Command add_train_gan(CLI::App& app);
Command add_study(CLI::App& app);

inline std::vector<Command> register_commands(CLI::App& app) {
  return {add_info(app),     add_audit(app),     add_toy(app),      add_bench(app),
          add_train(app),    add_infer(app),     add_generate(app), add_attack(app),
          add_evaluate(app), add_train_gan(app), add_study(app)};
}

}  // namespace phantom::cli
