// Feature sets as f64 row-major matrices, and the distances the metrics share. Metrics copy their
// inputs (f32 or f64 tensors, any device) into f64 once, so every sum, covariance and distance is
// accumulated in double precision whatever the model computed in.
#pragma once
#include <cstdint>
#include <vector>

#include "engine/core/tensor.h"

namespace phantom::attacks {

struct FeatureMatrix {
  int64_t rows = 0, cols = 0;
  std::vector<double> values;  // rows x cols, row-major

  const double* row(int64_t i) const { return values.data() + i * cols; }
};

// A [N, D] tensor (f32 or f64, any device) as an f64 matrix; `what` names it in errors.
FeatureMatrix feature_matrix(const Tensor& features, const char* what);

// The rows of `m` at `indices`, in that order.
FeatureMatrix select_rows(const FeatureMatrix& m, const std::vector<int64_t>& indices);

// Σ_d (a_d − b_d)² over `dim` entries.
double squared_distance(const double* a, const double* b, int64_t dim);

// [a.rows x b.rows] squared Euclidean distances, summed term by term rather than through
// |a|² + |b|² − 2a·b: the expansion cancels catastrophically for nearly equal rows, and the
// distance of a point to itself must come out exactly 0.
std::vector<double> pairwise_squared_distances(const FeatureMatrix& a, const FeatureMatrix& b);

}  // namespace phantom::attacks
