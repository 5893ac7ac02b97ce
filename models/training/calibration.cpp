#include "models/training/calibration.h"

#include <algorithm>
#include <cmath>

namespace phantom::models {

std::vector<int64_t> predicted_classes(const Tensor& scores) {
  PHANTOM_REQUIRE(scores.dim() == 2, "predicted_classes: expected scores [N, C], found ",
                  scores.describe());
  const int64_t n = scores.size(0), c = scores.size(1);
  std::vector<double> v = scores.to_vector();
  std::vector<int64_t> classes(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const double* row = v.data() + i * c;
    classes[static_cast<size_t>(i)] = std::max_element(row, row + c) - row;
  }
  return classes;
}

void CalibrationMeter::add(const Tensor& probabilities, const std::vector<int64_t>& labels) {
  PHANTOM_REQUIRE(
      probabilities.dim() == 2 && probabilities.size(0) == static_cast<int64_t>(labels.size()),
      "calibration: expected probabilities [N, C] for ", labels.size(), " labels, found ",
      probabilities.describe());
  const int64_t n = probabilities.size(0), c = probabilities.size(1);
  std::vector<double> p = probabilities.to_vector();
  std::vector<int64_t> predicted = predicted_classes(probabilities);
  for (int64_t i = 0; i < n; ++i) {
    int64_t best = predicted[static_cast<size_t>(i)];
    double conf = p[static_cast<size_t>(i * c + best)];
    // Bin b holds confidences in (b/B, (b+1)/B]; a confidence of exactly 0 goes to bin 0.
    int bin = std::clamp(static_cast<int>(std::ceil(conf * bins_)) - 1, 0, bins_ - 1);
    count_[bin] += 1;
    confidence_[bin] += conf;
    correct_[bin] += best == labels[static_cast<size_t>(i)] ? 1.0 : 0.0;
  }
}

CalibrationStats CalibrationMeter::stats() const {
  CalibrationStats s;
  double correct = 0, confidence = 0;
  for (int b = 0; b < bins_; ++b) {
    s.count += count_[b];
    correct += correct_[b];
    confidence += confidence_[b];
  }
  if (s.count == 0) return s;
  const double n = static_cast<double>(s.count);
  s.accuracy = correct / n;
  s.mean_confidence = confidence / n;
  for (int b = 0; b < bins_; ++b)
    if (count_[b] > 0)
      s.ece += std::abs(correct_[b] - confidence_[b]) / n;  // (n_b/n)·|acc_b − conf_b|
  return s;
}

}  // namespace phantom::models
