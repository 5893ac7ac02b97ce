// Pools the studies of several seeds (`phantom study --sweep seed`, docs/study.md). One seed's
// study attacks every private class once per α; a (seed, class) pair is one unit. Per α, a pooled
// metric is the mean over units with a nested bootstrap interval (seeds, then classes within each
// seed: the classes of one seed share its target model and data). Against the baseline α = 0,
// when it was studied, every unit also gives a paired difference: same seed, class, data,
// evaluation model and generator, only the target's α differs. Pairing removes the differences
// between classes (one class fails for every α, another succeeds for every α), which dominate the
// unpaired intervals.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "attacks/metrics/bootstrap.h"
#include "attacks/study/study.h"

namespace phantom::attacks {

struct PairedDifference {
  ConfidenceInterval top1;        // top-1 attack accuracy at α minus at the baseline, per unit
  ConfidenceInterval delta_eval;  // δ_eval at α minus at the baseline, per unit
  // Units whose top-1 accuracy is above / equal to / below the baseline's.
  int64_t higher = 0, equal = 0, lower = 0;
};

struct PooledAlpha {
  double alpha = 0;
  ConfidenceInterval top1, top5, delta_eval;
  // One value per seed, in seed order: the class mean of top-1, the target's test accuracy, the
  // knowledge-extraction student's test accuracy, and the mean over the optimisation steps of the
  // cosine between successive w-gradients (the paper's gradient-stability mechanism).
  std::vector<double> top1_per_seed, test_accuracy_per_seed, knowledge_per_seed,
      gradient_cosine_per_seed;
  // One value per attacked class (in the studies' class order): top-1 averaged over the seeds,
  // which shows the classes the attack always or never reconstructs whatever α is.
  std::vector<double> top1_per_class;
  std::optional<PairedDifference> against_baseline;  // absent for the baseline, or without one
};

struct SeedPooling {
  std::vector<uint64_t> seeds;
  int64_t classes = 0;                   // attacked per seed
  std::vector<std::string> class_names;  // of the attacked classes
  std::optional<double> baseline;        // α = 0 when it was studied
  std::vector<PooledAlpha> alphas;       // in the studies' α order
};

// `studies`: one finished study per seed, all with the same α list and private classes (their
// per-class values come from each attack's metrics.csv).
SeedPooling pool_seeds(const std::vector<const StudyResult*>& studies,
                       const BootstrapOptions& bootstrap);

nlohmann::json to_json(const SeedPooling& pooling);

}  // namespace phantom::attacks
