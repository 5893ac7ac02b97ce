// Tolerances of the tests against the PyTorch reference fixtures (../shared/fixtures), relative
// to the largest magnitude of the reference tensor: pass when max|a - ref| <= tol · max|ref|.
// (The StyleGAN2 rule adds an absolute term.) The reasons come from ../shared/reference/fixtures.md
// ("Observed numerical agreement").
#pragma once

namespace phantom::test {

// float32 forward and eval-mode gradients: PyTorch's own alternative float32 code paths
// (threads, oneDNN) agree to 4e-6 with each other; this leaves room for our summation order.
inline constexpr double kResNetRelTol = 1e-5;
// Train-mode gradients of the deep Bottleneck net flow back through the batch mean and variance
// of 53 BatchNorms; PyTorch's own float32 paths already differ by up to 1e-5 there.
inline constexpr double kResNetBottleneckTrainGradRelTol = 5e-5;

// StyleGAN2 generator (float32, every output, gradient and debug intermediate):
// max|a - ref| <= kStyleGan2RelTol · max|ref| + kStyleGan2AbsTol. PyTorch's own alternative
// float32 paths (threads, oneDNN, the unfused modconv) and a float64 re-implementation agree with
// the fixtures to 1e-6 normwise (2.3e-6 for the debug tensors of the binding-clamp fixture, whose
// values are bounded by 0.5); 1e-5 leaves ~10x room for our summation order, and the absolute
// term covers tensors whose largest value is small.
inline constexpr double kStyleGan2RelTol = 1e-5;
inline constexpr double kStyleGan2AbsTol = 1e-6;
// output.loss = sum(img · R) cancels heavily, so its error is judged against sum|img · R|.
inline constexpr double kStyleGan2LossRelTol = 1e-5;
// CUDA against CPU (tests/test_cuda_parity.cpp), f32 on both, relative to max|CPU value|: the GPU
// sums in other orders (block reductions, cuBLAS/cuDNN algorithms, atomicAdd in the scatter
// backwards), so results differ by rounding that grows with the number of terms per sum. The audit
// cases have inputs of magnitude <= 1 and at most a few hundred terms per sum: a few hundred f32
// ulps (1.2e-7 each) of the largest value.
inline constexpr double kCudaParityRelTol = 1e-4;
// The data transforms on CUDA (test_cuda_parity.transforms.cpp), relative to max|CPU value| (about
// 1): both devices run the same formulas (kernels/image_color_math.h, the same resize weight
// tables), but nvcc fuses multiply-adds (luma, HSV, the resize taps) and contrast sums its mean in
// another order, so a value may round to a neighbouring f32 (1.2e-7 near 1). A pipeline chains a
// few such steps, jitter factors up to 1.4 and normalise's x2 scale them: a few ulps; 1e-5 (~80
// ulps) still fails any wrong pixel, box or factor, which is off by 1e-3 or more. Crops, flips and
// padding are copies and must match exactly.
inline constexpr double kCudaTransformRelTol = 1e-5;
// The ResNet fixtures on CUDA: the reference is PyTorch on the CPU; our GPU sums over up to
// 131072 terms per weight gradient (batch × pixels) in cuDNN's order instead of PyTorch's.
inline constexpr double kResNetCudaRelTol = 2e-4;
// The StyleGAN2 fixtures on CUDA: the same CPU reference, with grouped convolutions and FIR
// filters summed in cuDNN's and our kernels' orders; the generator's sums are a few thousand terms
// long, an order of magnitude fewer than the ResNet weight gradients.
inline constexpr double kStyleGan2CudaRelTol = 1e-4;

}  // namespace phantom::test
