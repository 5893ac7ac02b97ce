#include "attacks/metrics/class_metric.h"

#include <numeric>

#include "engine/core/error.h"

namespace phantom::attacks {

double mean_of(const std::vector<double>& values) {
  PHANTOM_CHECK(!values.empty(), "mean of no values");
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double ClassMetric::class_mean() const {
  return mean_of(per_class);
}

std::map<int64_t, std::vector<int64_t>> indices_by_label(const std::vector<int64_t>& labels,
                                                         int64_t expected_count, const char* what) {
  PHANTOM_REQUIRE(static_cast<int64_t>(labels.size()) == expected_count, what, ": expected ",
                  expected_count, " labels (one per sample), found ", labels.size());
  PHANTOM_REQUIRE(!labels.empty(), what, ": no samples");
  std::map<int64_t, std::vector<int64_t>> groups;
  for (size_t i = 0; i < labels.size(); ++i) {
    PHANTOM_REQUIRE(labels[i] >= 0, what, ": class indices must be >= 0, found ", labels[i],
                    " at sample ", i);
    groups[labels[i]].push_back(static_cast<int64_t>(i));
  }
  return groups;
}

ClassMetric average_by_class(const std::vector<double>& per_sample,
                             const std::map<int64_t, std::vector<int64_t>>& groups) {
  ClassMetric out;
  double total = 0;
  size_t count = 0;
  for (const auto& [label, indices] : groups) {
    double sum = 0;
    for (int64_t i : indices) sum += per_sample[static_cast<size_t>(i)];
    out.classes.push_back(label);
    out.per_class.push_back(sum / static_cast<double>(indices.size()));
    total += sum;
    count += indices.size();
  }
  PHANTOM_CHECK(count == per_sample.size(), "groups cover ", count, " of ", per_sample.size());
  out.overall = total / static_cast<double>(count);
  return out;
}

}  // namespace phantom::attacks
