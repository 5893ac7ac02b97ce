// A metric reported per attacked class and overall, and the grouping of samples by class that
// every per-class metric starts from.
#pragma once
#include <cstdint>
#include <map>
#include <vector>

namespace phantom::attacks {

// The arithmetic mean of `values` (an error for none).
double mean_of(const std::vector<double>& values);

struct ClassMetric {
  std::vector<int64_t> classes;   // the attacked classes, ascending
  std::vector<double> per_class;  // the metric for each class in `classes`
  // Over all samples (images) for sample means such as accuracy and δ; the mean over classes for
  // metrics defined per class (PRDC). Equal when every class has the same number of images.
  double overall = 0;

  double class_mean() const;  // the unweighted mean of per_class
};

// Sample indices grouped by label (ascending labels; indices ascending within a label). `what`
// names the labels in errors; labels must be non-negative and `expected_count` long.
std::map<int64_t, std::vector<int64_t>> indices_by_label(const std::vector<int64_t>& labels,
                                                         int64_t expected_count, const char* what);

// The per-sample values averaged per label and overall (the sample mean).
ClassMetric average_by_class(const std::vector<double>& per_sample,
                             const std::map<int64_t, std::vector<int64_t>>& groups);

}  // namespace phantom::attacks
