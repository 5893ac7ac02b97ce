#include "models/training/calibration.h"

#include <algorithm>
#include <cmath>

namespace phantom::models {

void CalibrationMeter::add(const Tensor& probabilities, const std::vector<int64_t>& labels) {
  PHANTOM_REQUIRE(
      probabilities.dim() == 2 && probabilities.size(0) == static_cast<int64_t>(labels.size()),
      "calibration: expected probabilities [N, C] for ", labels.size(), " labels, found ",
      probabilities.describe());
  const int64_t n = probabilities.size(0), c = probabilities.size(1);
  std::vector<double> p = probabilities.to_vector();
  for (int64_t i = 0; i < n; ++i) {
    const double* row = p.data() + i * c;
    int64_t best = std::max_element(row, row + c) - row;
    double conf = row[best];
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
