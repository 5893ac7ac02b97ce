// Fréchet distance between Gaussians fitted to two feature sets (FID, Heusel et al. 2017):
//   FID = ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2·tr √(Σ₁Σ₂)
// Σ₁Σ₂ is not symmetric, but it is similar to M = Σ₁^½ Σ₂ Σ₁^½ (same eigenvalues), which is
// symmetric PSD; so tr √(Σ₁Σ₂) = Σ √λᵢ(M), with both square roots from the Jacobi eigensolver.
// Everything runs in f64. Which features go in ("domain FID" on the evaluation model's penultimate
// features) is the caller's choice; see docs/metrics.md.
#pragma once
#include <cstdint>
#include <vector>

#include "attacks/metrics/feature_matrix.h"
#include "engine/core/tensor.h"

namespace phantom::attacks {

struct GaussianStats {
  int64_t dim = 0, count = 0;
  std::vector<double> mean;        // dim
  std::vector<double> covariance;  // dim x dim, unbiased (divides by count − 1, like numpy.cov)
};

// Mean and covariance of the rows; at least two rows. `what` names the set in errors.
GaussianStats gaussian_stats(const FeatureMatrix& features, const char* what);

double frechet_distance(const GaussianStats& a, const GaussianStats& b);

// FID between two [N, D] feature sets (f32 or f64, any device).
double fid(const Tensor& features_a, const Tensor& features_b);

}  // namespace phantom::attacks
