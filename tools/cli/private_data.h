// What `phantom evaluate` (and the study) call the private data: the target's training classes of a
// dataset, selected the way `phantom train --classes --per-class --seed` selected them, padded to
// the generator's image size so attack images and real images live in the same space.
#pragma once
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "attacks/evaluation/attack_evaluation.h"
#include "engine/data/dataset_spec.h"

namespace phantom::cli {

struct PrivateDataOptions {
  std::string data = data::kDefaultDataset;
  std::vector<int64_t> classes;  // relabelled 0..k-1 as phantom train does; empty: all
  int64_t per_class = 0;         // training images per class (0: all)
  uint64_t seed = 0;             // the seed of the target's phantom train run
};

void add_private_data_options(CLI::App& sub, PrivateDataOptions& o);
attacks::PrivateData load_private_data(const PrivateDataOptions& o, int64_t image_size);

// One table of the headline numbers of an evaluate_attack summary.
void print_metrics_summary(const nlohmann::json& summary);

}  // namespace phantom::cli
