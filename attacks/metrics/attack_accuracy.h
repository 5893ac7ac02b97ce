// Attack accuracy and confidences from logits: how often a classifier (the evaluation model for
// accuracy; the target or the evaluation model for confidence) assigns an attack image to the
// class it attacked.
#pragma once
#include <cstdint>
#include <vector>

#include "attacks/metrics/class_metric.h"
#include "engine/core/tensor.h"

namespace phantom::attacks {

// Top-k accuracy of logits [N, C] against the attacked classes (N of them): an image counts when
// its attacked class ranks among the k largest logits. Ties rank the lower class index first, so
// top-1 agrees with the arg-max everywhere else (models::predicted_classes).
ClassMetric top_k_accuracy(const Tensor& logits, const std::vector<int64_t>& attacked_classes,
                           int64_t k);

// The softmax probability of the attacked class (computed in f64), averaged per class and overall.
ClassMetric attacked_class_confidence(const Tensor& logits,
                                      const std::vector<int64_t>& attacked_classes);

}  // namespace phantom::attacks
