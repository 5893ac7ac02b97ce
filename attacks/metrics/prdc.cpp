#include "attacks/metrics/prdc.h"

#include <algorithm>
#include <limits>

#include "engine/core/error.h"

namespace phantom::attacks {

namespace {

// Squared distance from each row to its k-th nearest other row of the same set.
std::vector<double> squared_knn_radii(const FeatureMatrix& set, int64_t k) {
  const std::vector<double> d = pairwise_squared_distances(set, set);
  std::vector<double> radii;
  std::vector<double> row(static_cast<size_t>(set.rows));
  for (int64_t i = 0; i < set.rows; ++i) {
    std::copy_n(d.begin() + i * set.rows, set.rows, row.begin());
    // Entry 0 of the sorted row is the point itself (distance 0), so the k-th neighbour is at k.
    row[static_cast<size_t>(i)] = -1;  // itself first even when duplicates also sit at 0
    std::nth_element(row.begin(), row.begin() + k, row.end());
    radii.push_back(row[static_cast<size_t>(k)]);
  }
  return radii;
}

ClassMetric class_metric(const std::vector<int64_t>& classes, std::vector<double> values) {
  ClassMetric m{classes, std::move(values), 0};
  m.overall = m.class_mean();
  return m;
}

}  // namespace

Prdc prdc(const FeatureMatrix& real, const FeatureMatrix& fake, int64_t k) {
  PHANTOM_REQUIRE(k >= 1, "PRDC: k must be >= 1, found ", k);
  PHANTOM_REQUIRE(real.rows > k && fake.rows > k, "PRDC with k = ", k, " needs more than ", k,
                  " real and fake feature vectors, found ", real.rows, " real and ", fake.rows,
                  " fake");
  PHANTOM_REQUIRE(real.cols == fake.cols, "PRDC: real features have ", real.cols,
                  " dimensions, fake ones ", fake.cols);
  const std::vector<double> real_radii = squared_knn_radii(real, k);
  const std::vector<double> fake_radii = squared_knn_radii(fake, k);
  const std::vector<double> d = pairwise_squared_distances(real, fake);  // [real x fake]
  auto dist = [&](int64_t i, int64_t j) { return d[static_cast<size_t>(i * fake.rows + j)]; };

  int64_t precise = 0, inside_pairs = 0, recalled = 0, covered = 0;
  for (int64_t j = 0; j < fake.rows; ++j) {
    int64_t inside = 0;
    for (int64_t i = 0; i < real.rows; ++i)
      inside += dist(i, j) < real_radii[static_cast<size_t>(i)];
    precise += inside > 0;
    inside_pairs += inside;
  }
  for (int64_t i = 0; i < real.rows; ++i) {
    bool in_fake_ball = false;
    double nearest_fake = std::numeric_limits<double>::infinity();
    for (int64_t j = 0; j < fake.rows; ++j) {
      in_fake_ball = in_fake_ball || dist(i, j) < fake_radii[static_cast<size_t>(j)];
      nearest_fake = std::min(nearest_fake, dist(i, j));
    }
    recalled += in_fake_ball;
    covered += nearest_fake < real_radii[static_cast<size_t>(i)];
  }
  const auto n = static_cast<double>(real.rows), m = static_cast<double>(fake.rows);
  return {static_cast<double>(precise) / m, static_cast<double>(recalled) / n,
          static_cast<double>(inside_pairs) / (static_cast<double>(k) * m),
          static_cast<double>(covered) / n};
}

Prdc prdc(const Tensor& real, const Tensor& fake, int64_t k) {
  return prdc(feature_matrix(real, "PRDC real features"),
              feature_matrix(fake, "PRDC fake features"), k);
}

ClassPrdc prdc_per_class(const Tensor& real, const std::vector<int64_t>& real_labels,
                         const Tensor& fake, const std::vector<int64_t>& fake_labels, int64_t k) {
  const FeatureMatrix real_m = feature_matrix(real, "PRDC real features");
  const FeatureMatrix fake_m = feature_matrix(fake, "PRDC fake features");
  const auto real_groups = indices_by_label(real_labels, real_m.rows, "PRDC real labels");
  const auto fake_groups = indices_by_label(fake_labels, fake_m.rows, "PRDC fake labels");
  std::vector<int64_t> classes;
  std::vector<double> p, r, d, c;
  for (const auto& [label, fake_indices] : fake_groups) {
    auto real_it = real_groups.find(label);
    PHANTOM_REQUIRE(real_it != real_groups.end(), "PRDC: attacked class ", label,
                    " has no real images to compare with");
    PHANTOM_REQUIRE(static_cast<int64_t>(std::min(real_it->second.size(), fake_indices.size())) > k,
                    "PRDC with k = ", k, ": class ", label, " needs more than ", k,
                    " real and attack images, found ", real_it->second.size(), " real and ",
                    fake_indices.size(), " attack images");
    const Prdc v = prdc(select_rows(real_m, real_it->second), select_rows(fake_m, fake_indices), k);
    classes.push_back(label);
    p.push_back(v.precision), r.push_back(v.recall), d.push_back(v.density),
        c.push_back(v.coverage);
  }
  return {class_metric(classes, std::move(p)), class_metric(classes, std::move(r)),
          class_metric(classes, std::move(d)), class_metric(classes, std::move(c))};
}

}  // namespace phantom::attacks
