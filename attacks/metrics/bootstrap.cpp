#include "attacks/metrics/bootstrap.h"

#include <algorithm>
#include <cmath>

#include "attacks/metrics/class_metric.h"
#include "engine/core/error.h"
#include "engine/core/random.h"

namespace phantom::attacks {

namespace {
constexpr uint64_t kBootstrapStream = 0xB007;  // keeps these draws apart from other users of seed
}

double quantile_sorted(const std::vector<double>& sorted, double q) {
  PHANTOM_CHECK(!sorted.empty() && q >= 0 && q <= 1, "quantile ", q, " of ", sorted.size());
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

namespace {

void check_options(const BootstrapOptions& options) {
  PHANTOM_REQUIRE(options.resamples >= 1, "bootstrap: resamples must be >= 1, found ",
                  options.resamples);
  PHANTOM_REQUIRE(options.level > 0 && options.level < 1,
                  "bootstrap: the confidence level must be in (0, 1), found ", options.level);
}

// The percentile interval of the resampled means around the sample mean.
ConfidenceInterval percentile_interval(double mean, std::vector<double> resampled_means,
                                       const BootstrapOptions& options) {
  std::sort(resampled_means.begin(), resampled_means.end());
  const double tail = (1 - options.level) / 2;
  return {mean, quantile_sorted(resampled_means, tail), quantile_sorted(resampled_means, 1 - tail)};
}

}  // namespace

ConfidenceInterval bootstrap_mean_ci(const std::vector<double>& per_class,
                                     const BootstrapOptions& options) {
  PHANTOM_REQUIRE(!per_class.empty(), "bootstrap: no per-class values");
  check_options(options);
  const auto n = static_cast<int64_t>(per_class.size());
  Generator gen(options.seed, kBootstrapStream);
  std::vector<double> means;
  means.reserve(static_cast<size_t>(options.resamples));
  for (int64_t b = 0; b < options.resamples; ++b) {
    double sum = 0;
    for (int64_t i : gen.integers(n, n)) sum += per_class[static_cast<size_t>(i)];
    means.push_back(sum / static_cast<double>(n));
  }
  return percentile_interval(mean_of(per_class), std::move(means), options);
}

ConfidenceInterval nested_bootstrap_mean_ci(const std::vector<std::vector<double>>& clusters,
                                            const BootstrapOptions& options) {
  PHANTOM_REQUIRE(!clusters.empty(), "bootstrap: no clusters");
  std::vector<double> all;
  for (const std::vector<double>& c : clusters) {
    PHANTOM_REQUIRE(!c.empty(), "bootstrap: an empty cluster");
    all.insert(all.end(), c.begin(), c.end());
  }
  check_options(options);
  const auto k = static_cast<int64_t>(clusters.size());
  Generator gen(options.seed, kBootstrapStream);
  std::vector<double> means;
  means.reserve(static_cast<size_t>(options.resamples));
  for (int64_t b = 0; b < options.resamples; ++b) {
    double sum = 0;
    int64_t units = 0;
    for (int64_t c : gen.integers(k, k)) {
      const std::vector<double>& cluster = clusters[static_cast<size_t>(c)];
      const auto n = static_cast<int64_t>(cluster.size());
      for (int64_t i : gen.integers(n, n)) sum += cluster[static_cast<size_t>(i)];
      units += n;
    }
    means.push_back(sum / static_cast<double>(units));
  }
  return percentile_interval(mean_of(all), std::move(means), options);
}

}  // namespace phantom::attacks
