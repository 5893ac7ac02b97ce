// Utility and calibration of a classifier's predictions: accuracy, mean max-confidence and the
// expected calibration error (top-label, equal-width bins over (0, 1], Guo et al. 2017).
#pragma once
#include <cstdint>
#include <vector>

#include "engine/core/tensor.h"

namespace phantom::models {

// The arg-max class of every row of scores [N, C] (logits or probabilities; first maximum wins).
std::vector<int64_t> predicted_classes(const Tensor& scores);

struct CalibrationStats {
  int64_t count = 0;
  double accuracy = 0;         // fraction of argmax == label
  double mean_confidence = 0;  // mean max softmax probability
  double ece = 0;              // Σ_b (n_b/n)·|acc_b − conf_b|
};

// Accumulates predictions batch by batch (probabilities [N, C], labels [N]).
class CalibrationMeter {
 public:
  explicit CalibrationMeter(int bins = 15)
      : bins_(bins), correct_(bins, 0), confidence_(bins, 0), count_(bins, 0) {}
  void add(const Tensor& probabilities, const std::vector<int64_t>& labels);
  CalibrationStats stats() const;

 private:
  int bins_;
  std::vector<double> correct_, confidence_;
  std::vector<int64_t> count_;
};

}  // namespace phantom::models
