// Tolerances of the tests against the PyTorch reference fixtures (../shared/fixtures), relative
// to the largest magnitude of the reference tensor: pass when max|a - ref| <= tol · max|ref|.
// The reasons come from ../shared/reference/fixtures.md ("Observed numerical agreement").
#pragma once

namespace phantom::test {

// float32 forward and eval-mode gradients: PyTorch's own alternative float32 code paths
// (threads, oneDNN) agree to 4e-6 with each other; this leaves room for our summation order.
inline constexpr double kResNetRelTol = 1e-5;
// Train-mode gradients of the deep Bottleneck net flow back through the batch mean and variance
// of 53 BatchNorms; PyTorch's own float32 paths already differ by up to 1e-5 there.
inline constexpr double kResNetBottleneckTrainGradRelTol = 5e-5;

}  // namespace phantom::test
