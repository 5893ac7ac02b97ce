#include "attacks/metrics/fid.h"

#include "attacks/metrics/symmetric_eigen.h"
#include "engine/core/error.h"

namespace phantom::attacks {

GaussianStats gaussian_stats(const FeatureMatrix& features, const char* what) {
  PHANTOM_REQUIRE(features.rows >= 2, what,
                  ": a covariance needs at least 2 feature vectors, found ", features.rows);
  const int64_t n = features.rows, d = features.cols;
  GaussianStats s{d, n, std::vector<double>(static_cast<size_t>(d), 0.0),
                  std::vector<double>(static_cast<size_t>(d * d), 0.0)};
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < d; ++j) s.mean[static_cast<size_t>(j)] += features.row(i)[j];
  for (double& m : s.mean) m /= static_cast<double>(n);
  // Centred first (two passes): the one-pass Σx² − n·μ² loses every digit the mean shares.
  std::vector<double> centred(features.values.size());
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < d; ++j)
      centred[static_cast<size_t>(i * d + j)] = features.row(i)[j] - s.mean[static_cast<size_t>(j)];
#pragma omp parallel for schedule(dynamic, 8) if (n * d * d > (1 << 22))
  for (int64_t j = 0; j < d; ++j)
    for (int64_t k = j; k < d; ++k) {
      double sum = 0;
      for (int64_t i = 0; i < n; ++i)
        sum += centred[static_cast<size_t>(i * d + j)] * centred[static_cast<size_t>(i * d + k)];
      s.covariance[static_cast<size_t>(j * d + k)] = s.covariance[static_cast<size_t>(k * d + j)] =
          sum / static_cast<double>(n - 1);
    }
  return s;
}

double frechet_distance(const GaussianStats& a, const GaussianStats& b) {
  PHANTOM_REQUIRE(a.dim == b.dim, "FID: the two feature sets have different dimensions (", a.dim,
                  " and ", b.dim, ")");
  const int64_t d = a.dim;
  double mean_term = 0, trace_a = 0, trace_b = 0;
  for (int64_t j = 0; j < d; ++j) {
    const double diff = a.mean[static_cast<size_t>(j)] - b.mean[static_cast<size_t>(j)];
    mean_term += diff * diff;
    trace_a += a.covariance[static_cast<size_t>(j * d + j)];
    trace_b += b.covariance[static_cast<size_t>(j * d + j)];
  }
  const std::vector<double> root_a = psd_sqrt(a.covariance, d);
  std::vector<double> m = matmul_square(matmul_square(root_a, b.covariance, d), root_a, d);
  for (int64_t i = 0; i < d; ++i)  // symmetric in exact arithmetic; remove the rounding skew
    for (int64_t j = i + 1; j < d; ++j) {
      double& ij = m[static_cast<size_t>(i * d + j)];
      double& ji = m[static_cast<size_t>(j * d + i)];
      ij = ji = 0.5 * (ij + ji);
    }
  return mean_term + trace_a + trace_b - 2 * psd_sqrt_trace(m, d);
}

double fid(const Tensor& features_a, const Tensor& features_b) {
  return frechet_distance(gaussian_stats(feature_matrix(features_a, "FID features (first set)"),
                                         "FID features (first set)"),
                          gaussian_stats(feature_matrix(features_b, "FID features (second set)"),
                                         "FID features (second set)"));
}

}  // namespace phantom::attacks
