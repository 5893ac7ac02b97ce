// The per-class metrics of an attack as a table (one row per attacked class, one column per
// metric), written as CSV, and its summary (overall values with bootstrap confidence intervals
// over classes) as JSON. Both files are written atomically.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "attacks/metrics/bootstrap.h"
#include "attacks/metrics/class_metric.h"

namespace phantom::attacks {

class MetricsTable {
 public:
  // Adds a column; every column must cover the same classes (the first one sets them).
  void add(const std::string& name, const ClassMetric& metric);

  // Header "class,name,<metric>..."; `class_names` (optional) maps class index -> name. Values
  // use the shortest text that reads back to the same double.
  std::string to_csv(const std::vector<std::string>& class_names = {}) const;

  // {"<metric>": {"overall", "class_mean", "ci_lower", "ci_upper"}, ..., "bootstrap": {...}}
  // with the percentile bootstrap over classes of each column's class mean.
  nlohmann::json summary(const BootstrapOptions& bootstrap = {}) const;

  const std::vector<int64_t>& classes() const { return classes_; }

 private:
  std::vector<int64_t> classes_;
  std::vector<std::pair<std::string, ClassMetric>> columns_;
};

void write_metrics_csv(const std::string& path, const MetricsTable& table,
                       const std::vector<std::string>& class_names = {});
// A metrics CSV read back: the class of each row and every metric's column of values.
struct MetricsCsv {
  std::string path;  // for errors
  std::vector<int64_t> classes;
  std::map<std::string, std::vector<double>> columns;

  // The named column; a missing one is an error naming the file.
  const std::vector<double>& column(const std::string& name) const;
};
// Reads what write_metrics_csv wrote; a malformed file is an error naming it, the line and the
// problem.
MetricsCsv read_metrics_csv(const std::string& path);

// Pretty-printed (2-space indent) with a final newline.
void write_json_file(const std::string& path, const nlohmann::json& value);

}  // namespace phantom::attacks
