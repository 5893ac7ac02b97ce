// δ_eval (and δ_face with a face network's features): for each attack image, the squared L2
// distance in feature space to the nearest private training image of the class it attacked,
//   δ_i = min_{x ∈ private, label(x) = c_i} ‖φ(a_i) − φ(x)‖²,
// averaged per class and over all attack images.
#pragma once
#include <cstdint>
#include <vector>

#include "attacks/metrics/class_metric.h"
#include "engine/core/tensor.h"

namespace phantom::attacks {

struct NearestPrivate {
  ClassMetric distance;  // δ per class and overall
  std::vector<int64_t>
      index;  // per attack image: the row of its nearest private image (ties: first)
};

// Features [N, D] of the attack images with their attacked classes, and features [P, D] of the
// private training images with their labels. Every attacked class needs a private image.
NearestPrivate nearest_private(const Tensor& attack_features,
                               const std::vector<int64_t>& attacked_classes,
                               const Tensor& private_features,
                               const std::vector<int64_t>& private_labels);
// nearest_private(...).distance.
ClassMetric nearest_private_distance(const Tensor& attack_features,
                                     const std::vector<int64_t>& attacked_classes,
                                     const Tensor& private_features,
                                     const std::vector<int64_t>& private_labels);

}  // namespace phantom::attacks
