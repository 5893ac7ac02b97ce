#include "engine/ops/detail/resize_weights.h"

#include <algorithm>
#include <cmath>

namespace phantom::detail {

namespace {

struct Row {
  int64_t first = 0;
  std::vector<double> w;
};

// interpolate's antialias path (PyTorch _compute_indices_weights_aa): a triangle of half-width
// `support` around the sample centre, normalised to sum 1 over the pixels inside the window.
Row antialias_row(double center, double scale, int64_t lo, int64_t hi) {
  const double support = scale >= 1.0 ? scale : 1.0;
  const double inv_scale = scale >= 1.0 ? 1.0 / scale : 1.0;
  Row r;
  r.first = std::max(static_cast<int64_t>(std::floor(center - support + 0.5)), lo);
  const int64_t end = std::min(static_cast<int64_t>(std::floor(center + support + 0.5)), hi);
  double total = 0;
  for (int64_t i = r.first; i < end; ++i) {
    double w = std::max(0.0, 1.0 - std::abs((static_cast<double>(i) - center + 0.5) * inv_scale));
    r.w.push_back(w);
    total += w;
  }
  if (total != 0)
    for (double& w : r.w) w /= total;
  return r;
}

// interpolate's plain bilinear path: source coordinate clamped below at the window's first pixel,
// second tap clamped to its last pixel.
Row bilinear_row(double center, int64_t lo, int64_t hi) {
  const double src = std::clamp(center - 0.5, static_cast<double>(lo), static_cast<double>(hi - 1));
  Row r;
  r.first = static_cast<int64_t>(std::floor(src));
  const double frac = src - static_cast<double>(r.first);
  if (r.first + 1 < hi && frac > 0)
    r.w = {1.0 - frac, frac};
  else
    r.w = {1.0};
  return r;
}

}  // namespace

AxisWeights bilinear_axis_weights(double start, double length, int64_t out, bool antialias) {
  const double scale = length / static_cast<double>(out);
  const int64_t lo = static_cast<int64_t>(std::floor(start));
  const int64_t hi = static_cast<int64_t>(std::ceil(start + length));
  std::vector<Row> rows;
  rows.reserve(static_cast<size_t>(out));
  AxisWeights a;
  for (int64_t j = 0; j < out; ++j) {
    const double center = start + scale * (static_cast<double>(j) + 0.5);
    rows.push_back(antialias ? antialias_row(center, scale, lo, hi) : bilinear_row(center, lo, hi));
    a.taps = std::max<int64_t>(a.taps, static_cast<int64_t>(rows.back().w.size()));
  }
  a.w.assign(static_cast<size_t>(out * a.taps), 0.0);
  for (size_t j = 0; j < rows.size(); ++j) {
    a.first.push_back(rows[j].first);
    a.count.push_back(static_cast<int64_t>(rows[j].w.size()));
    std::copy(rows[j].w.begin(), rows[j].w.end(),
              a.w.begin() + static_cast<std::ptrdiff_t>(j * a.taps));
  }
  return a;
}

}  // namespace phantom::detail
