// Bootstrap confidence intervals over classes: the classes are the sampling unit (resampled with
// replacement), the statistic is the mean of a per-class metric, and the interval is the
// percentile interval of the resampled means (Efron & Tibshirani 1993, ch. 13).
#pragma once
#include <cstdint>
#include <vector>

namespace phantom::attacks {

struct BootstrapOptions {
  int64_t resamples = 1000;
  double level = 0.95;  // central coverage of the interval
  uint64_t seed = 0;    // the same seed gives the same interval
};

struct ConfidenceInterval {
  double mean = 0;  // of the given per-class values
  double lower = 0, upper = 0;
};

ConfidenceInterval bootstrap_mean_ci(const std::vector<double>& per_class,
                                     const BootstrapOptions& options = {});

// The same for values grouped in clusters (here: the classes of one seed's study, which share a
// target model): a two-stage bootstrap that resamples clusters, then units within each drawn
// cluster (Davison & Hinkley 1997, §3.8), so the interval covers the variation between clusters
// (training randomness) as well as within them. The mean is over all units.
ConfidenceInterval nested_bootstrap_mean_ci(const std::vector<std::vector<double>>& clusters,
                                            const BootstrapOptions& options = {});

// The q-quantile (0 <= q <= 1) of sorted values, interpolated linearly between order statistics
// (numpy's default "linear" method).
double quantile_sorted(const std::vector<double>& sorted, double q);

}  // namespace phantom::attacks
