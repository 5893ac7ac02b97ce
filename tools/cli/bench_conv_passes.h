// `phantom bench --conv-passes`: each pass of the CPU convolution (forward, backward-data,
// backward-weight) timed with im2col + GEMM, with Winograd F(2×2, 3×3) and with the auto rule, on
// the 3×3 convolutions of ResNet-18-cifar (widths 16 and 64) and of the shipped generator's
// per-sample grouped convolutions: the measurements behind the auto rule
// (kernels/cpu/conv2d_winograd.h), to repeat on another CPU.
#pragma once
#include <string>

namespace phantom::cli {

// `filter`: only the convolutions whose name contains it (e.g. "generator", "w64").
int run_conv_pass_bench(bool json, int reps, double min_seconds, const std::string& filter);

}  // namespace phantom::cli
