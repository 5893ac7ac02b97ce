#include "attacks/metrics/attack_accuracy.h"

#include <algorithm>
#include <cmath>

#include "attacks/metrics/feature_matrix.h"
#include "engine/core/error.h"

namespace phantom::attacks {

namespace {

// Logits as f64 rows, with the attacked classes checked against the number of classes.
FeatureMatrix checked_logits(const Tensor& logits, const std::vector<int64_t>& attacked) {
  FeatureMatrix m = feature_matrix(logits, "attack logits");
  PHANTOM_REQUIRE(static_cast<int64_t>(attacked.size()) == m.rows, "attack logits: ", m.rows,
                  " rows but ", attacked.size(), " attacked classes");
  for (int64_t c : attacked)
    PHANTOM_REQUIRE(c >= 0 && c < m.cols, "attacked class ", c, " is outside the model's ", m.cols,
                    " classes");
  return m;
}

}  // namespace

ClassMetric top_k_accuracy(const Tensor& logits, const std::vector<int64_t>& attacked_classes,
                           int64_t k) {
  const FeatureMatrix m = checked_logits(logits, attacked_classes);
  PHANTOM_REQUIRE(k >= 1, "top-k accuracy: k must be >= 1, found ", k);
  std::vector<double> hit;
  for (int64_t i = 0; i < m.rows; ++i) {
    const int64_t target = attacked_classes[static_cast<size_t>(i)];
    const double z = m.row(i)[target];
    int64_t rank = 0;  // classes ranked before the target
    for (int64_t c = 0; c < m.cols; ++c)
      rank += m.row(i)[c] > z || (m.row(i)[c] == z && c < target);
    hit.push_back(rank < k ? 1.0 : 0.0);
  }
  return average_by_class(hit, indices_by_label(attacked_classes, m.rows, "attacked classes"));
}

ClassMetric attacked_class_confidence(const Tensor& logits,
                                      const std::vector<int64_t>& attacked_classes) {
  const FeatureMatrix m = checked_logits(logits, attacked_classes);
  std::vector<double> confidence;
  for (int64_t i = 0; i < m.rows; ++i) {
    const double* z = m.row(i);
    const double max = *std::max_element(z, z + m.cols);
    double sum = 0;
    for (int64_t c = 0; c < m.cols; ++c) sum += std::exp(z[c] - max);
    confidence.push_back(std::exp(z[attacked_classes[static_cast<size_t>(i)]] - max) / sum);
  }
  return average_by_class(confidence,
                          indices_by_label(attacked_classes, m.rows, "attacked classes"));
}

}  // namespace phantom::attacks
