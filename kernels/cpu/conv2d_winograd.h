// Winograd's minimal filtering F(2×2, 3×3) for the CPU convolution (Lavin & Gray, "Fast
// Algorithms for Convolutional Neural Networks", CVPR 2016): each 2×2 block of outputs of a 3×3,
// stride-1 convolution comes from a 4×4 input tile with 16 multiplies per channel pair instead of
// 36. Inputs and filters are transformed into 16 "frequency" planes, where the convolution becomes
// 16 independent GEMMs over the channels (2.25× fewer multiply-adds than im2col + GEMM, and no
// work on the padding), and the products are transformed back.
//
// All three maps of the convolution run this way: the forward; the backward-data, which is the
// forward of the flipped, transposed filter with the complementary padding; and the
// backward-weight, the adjoint of the forward in the filter: 16 GEMMs of the transformed output
// gradient with the transformed input, transformed back through Gᵀ · G. The arithmetic differs
// from im2col + GEMM in rounding only (tests/test_conv.cpp holds both to the f64 oracle).
#pragma once
#include "kernels/conv.h"

namespace phantom::kernels::cpu {

// 3×3 filters, stride 1, dilation 1, padding ≤ 2 (so the backward-data's padding 2 − p exists).
bool winograd_fits(const ConvGeometry& g);

enum class ConvPass { Forward, BackwardData, BackwardWeight };

// Whether `pass` of the f32 convolution `g` takes the Winograd path: it fits and the selected
// algorithm is Winograd, or Auto and the shape is one where Winograd measured faster here (2 cores
// of a Zen 5; `phantom bench --conv-passes`, docs/bench.md): at least 32 channels per group on
// both sides for the forward, 64 for the backward passes, and GEMMs at least one micro-kernel tile
// (64 columns) wide, two for the backward-data. Below that the transforms and the narrow GEMMs
// cost more than the 2.25× fewer multiplies save.
bool use_winograd(const ConvGeometry& g, ConvPass pass);

void conv2d_forward_winograd(const ConvGeometry& g, const float* x, const float* w, const float* b,
                             float* y);
void conv2d_backward_data_winograd(const ConvGeometry& g, const float* dL_dy, const float* w,
                                   float* dL_dx);
void conv2d_backward_weight_winograd(const ConvGeometry& g, const float* x, const float* dL_dy,
                                     float* dL_dw);

}  // namespace phantom::kernels::cpu
