#include "attacks/metrics/feature_matrix.h"

#include "engine/core/error.h"

namespace phantom::attacks {

FeatureMatrix feature_matrix(const Tensor& features, const char* what) {
  PHANTOM_REQUIRE(features.defined() && features.dim() == 2, what,
                  ": expected a feature matrix [N, D], found ",
                  features.defined() ? features.describe() : "no tensor");
  PHANTOM_REQUIRE(features.dtype() == DType::F32 || features.dtype() == DType::F64, what,
                  ": expected f32 or f64 features, found ", features.describe());
  return {features.size(0), features.size(1), features.to_vector()};
}

FeatureMatrix select_rows(const FeatureMatrix& m, const std::vector<int64_t>& indices) {
  FeatureMatrix out{static_cast<int64_t>(indices.size()), m.cols, {}};
  out.values.reserve(indices.size() * static_cast<size_t>(m.cols));
  for (int64_t i : indices) {
    PHANTOM_CHECK(i >= 0 && i < m.rows, "row ", i, " of ", m.rows);
    out.values.insert(out.values.end(), m.row(i), m.row(i) + m.cols);
  }
  return out;
}

double squared_distance(const double* a, const double* b, int64_t dim) {
  double sum = 0;
  for (int64_t d = 0; d < dim; ++d) {
    const double diff = a[d] - b[d];
    sum += diff * diff;
  }
  return sum;
}

std::vector<double> pairwise_squared_distances(const FeatureMatrix& a, const FeatureMatrix& b) {
  PHANTOM_CHECK(a.cols == b.cols, "feature dims ", a.cols, " vs ", b.cols);
  std::vector<double> out(static_cast<size_t>(a.rows * b.rows));
#pragma omp parallel for schedule(static) if (a.rows * b.rows * a.cols > (1 << 20))
  for (int64_t i = 0; i < a.rows; ++i)
    for (int64_t j = 0; j < b.rows; ++j)
      out[static_cast<size_t>(i * b.rows + j)] = squared_distance(a.row(i), b.row(j), a.cols);
  return out;
}

}  // namespace phantom::attacks
