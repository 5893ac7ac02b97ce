// Per-axis weight tables of bilinear resizing (torch.nn.functional.interpolate, mode='bilinear',
// align_corners=False), restricted to a crop window [start, start + length) of the input axis.
// Output sample j is Σ_t w[j·taps + t] · in[first[j] + t] for t < count[j]. The same table read
// transposed is the backward.
#pragma once
#include <cstdint>
#include <vector>

namespace phantom::detail {

struct AxisWeights {
  int64_t taps = 0;  // row stride of `w` (the largest count)
  std::vector<int64_t> first, count;
  std::vector<double> w;
};

// Integer windows reproduce crop-then-interpolate exactly; fractional ones place the sample points
// in the window and clamp to the pixels it touches, [floor(start), ceil(start + length)).
// antialias: PyTorch's antialias=True triangle filter, whose support widens by in/out when
// shrinking; without it, plain two-tap bilinear with the half-pixel rule and border clamping.
AxisWeights bilinear_axis_weights(double start, double length, int64_t out, bool antialias);

}  // namespace phantom::detail
