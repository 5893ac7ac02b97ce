// Stage 3 of the Plug & Play Attack (protocol.md §3): score every optimised candidate by its mean
// target confidence over `rounds` random views (random resized crop, random flip), then keep the
// best `keep` per class.
#pragma once
#include <vector>

#include "attacks/ppa/attack_config.h"
#include "attacks/ppa/image_prior.h"
#include "attacks/ppa/sampling.h"
#include "models/classifier.h"

namespace phantom::attacks {

// The mean confidence of each candidate's class over the random views. Candidate i's views come
// from its own Philox stream, so scores do not depend on the batch size.
std::vector<double> selection_scores(ImagePrior& prior, models::Classifier& target,
                                     const Tensor& ws, const std::vector<int64_t>& classes,
                                     const AttackConfig& config, const ProgressFn& progress = {});

// Indices of the best `keep` candidates of every class (all when a class has fewer), grouped by
// class in order of first appearance, best first, ties to the lower index.
std::vector<int64_t> keep_best_per_class(const std::vector<double>& scores,
                                         const std::vector<int64_t>& classes, int64_t keep);

}  // namespace phantom::attacks
