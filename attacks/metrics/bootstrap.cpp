#include "attacks/metrics/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <numeric>

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

ConfidenceInterval bootstrap_mean_ci(const std::vector<double>& per_class,
                                     const BootstrapOptions& options) {
  PHANTOM_REQUIRE(!per_class.empty(), "bootstrap: no per-class values");
  PHANTOM_REQUIRE(options.resamples >= 1, "bootstrap: resamples must be >= 1, found ",
                  options.resamples);
  PHANTOM_REQUIRE(options.level > 0 && options.level < 1,
                  "bootstrap: the confidence level must be in (0, 1), found ", options.level);
  const auto n = static_cast<int64_t>(per_class.size());
  Generator gen(options.seed, kBootstrapStream);
  std::vector<double> means;
  means.reserve(static_cast<size_t>(options.resamples));
  for (int64_t b = 0; b < options.resamples; ++b) {
    double sum = 0;
    for (int64_t i : gen.integers(n, n)) sum += per_class[static_cast<size_t>(i)];
    means.push_back(sum / static_cast<double>(n));
  }
  std::sort(means.begin(), means.end());
  const double tail = (1 - options.level) / 2;
  return {std::accumulate(per_class.begin(), per_class.end(), 0.0) / static_cast<double>(n),
          quantile_sorted(means, tail), quantile_sorted(means, 1 - tail)};
}

}  // namespace phantom::attacks
