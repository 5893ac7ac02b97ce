// The metrics of `phantom evaluate` for a finished attack run, shared with `phantom attack
// --eval-model`, which evaluates right after the attack (tools/cli/evaluate.cpp).
#pragma once
#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>

#include "engine/core/device.h"
#include "tools/cli/private_data.h"

namespace phantom::cli {

struct EvaluationRequest {
  std::string eval_model;  // phantom train's model.safetensors, another architecture
  PrivateDataOptions data;
  bool knowledge = true;
  int64_t knowledge_epochs = 10;
  int64_t bootstrap = 1000;
};

// --private-*, --no-knowledge, --knowledge-epochs and --bootstrap (the caller adds --eval-model).
void add_evaluation_options(CLI::App& sub, EvaluationRequest& r);

// Reads the run back (it must have finished), computes every metric on `device`, writes
// metrics.csv, metrics.json, evaluation.safetensors and the nearest-neighbour grids, and prints
// the headline table.
void evaluate_run(const std::filesystem::path& run, const EvaluationRequest& r, Device device);

}  // namespace phantom::cli
