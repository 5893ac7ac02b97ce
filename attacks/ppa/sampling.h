// Stage 1 of the Plug & Play Attack (protocol.md §3): generate `num_samples` images from seeded
// latents, score each with the target's softmax averaged over the image and its mirror image, and
// keep the best `candidates` latents for every attacked class.
#pragma once
#include <functional>
#include <vector>

#include "attacks/ppa/attack_config.h"
#include "attacks/ppa/image_prior.h"
#include "models/classifier.h"

namespace phantom::attacks {

struct Candidates {
  std::vector<int64_t> classes;  // the attacked class of each candidate, grouped by class
  Tensor ws;                     // [candidates, num_ws, w_dim]
  std::vector<double> scores;    // the stage-1 score of each candidate for its class
};

// Called after each scored batch with (images scored, total).
using ProgressFn = std::function<void(int64_t, int64_t)>;

// Softmax of the target averaged over the view of each image and of its mirror image: [N, C].
Tensor view_averaged_probabilities(models::Classifier& target, const Tensor& images,
                                   const TargetView& view);

// For each class in `classes`: the indices of the `k` highest scores in column `class` of the
// row-major [n, num_classes] matrix, best first, ties to the lower index. A latent may serve
// several classes.
std::vector<std::vector<int64_t>> best_per_class(const std::vector<double>& scores,
                                                 int64_t num_classes,
                                                 const std::vector<int64_t>& classes, int64_t k);

Candidates sample_candidates(ImagePrior& prior, models::Classifier& target,
                             const AttackConfig& config, const ProgressFn& progress = {});

}  // namespace phantom::attacks
