// Precision, recall, density and coverage (Naeem et al. 2020, "Reliable Fidelity and Diversity
// Metrics for Generative Models") of fake features against real ones. With NND_k(x) the distance
// from x to its k-th nearest neighbour in its own set (itself excluded), N real X, M fake Y:
//   precision = 1/M · Σ_j 1[∃i: ‖Y_j − X_i‖ < NND_k(X_i)]
//   recall    = 1/N · Σ_i 1[∃j: ‖X_i − Y_j‖ < NND_k(Y_j)]
//   density   = 1/(kM) · Σ_j Σ_i 1[‖Y_j − X_i‖ < NND_k(X_i)]
//   coverage  = 1/N · Σ_i 1[min_j ‖X_i − Y_j‖ < NND_k(X_i)]
// Strict '<' as in the authors' implementation. Distances are compared squared (same order).
#pragma once
#include <cstdint>
#include <vector>

#include "attacks/metrics/class_metric.h"
#include "attacks/metrics/feature_matrix.h"
#include "engine/core/tensor.h"

namespace phantom::attacks {

struct Prdc {
  double precision = 0, recall = 0, density = 0, coverage = 0;
};

// Both sets need more than k rows (every point needs k neighbours besides itself).
Prdc prdc(const FeatureMatrix& real, const FeatureMatrix& fake, int64_t k = 3);
Prdc prdc(const Tensor& real, const Tensor& fake, int64_t k = 3);

struct ClassPrdc {
  ClassMetric precision, recall, density, coverage;  // `overall` is the mean over classes
};

// PRDC within each class of `fake_labels` (the attacked classes), against the real features of
// the same class; then averaged over those classes.
ClassPrdc prdc_per_class(const Tensor& real, const std::vector<int64_t>& real_labels,
                         const Tensor& fake, const std::vector<int64_t>& fake_labels,
                         int64_t k = 3);

}  // namespace phantom::attacks
