// The convolution's three linear maps (kernels/conv.h) as implemented by the two GPU paths:
// cuDNN (conv2d_cudnn.cu, only when built with it) and phantom's implicit GEMM
// (conv2d_implicit_gemm.cu). Each overwrites its output.
//   Forward:        y  = conv(x, w)       in1 = x,     in2 = w,     out = y
//   BackwardData:   dx = convᵀ(dy, w)     in1 = dy,    in2 = w,     out = dx
//   BackwardWeight: dw = Σ_n dy ⋆ x       in1 = x,     in2 = dy,    out = dw
#pragma once
#include "kernels/conv.h"

namespace phantom::kernels::cuda::conv_maps {

enum class ConvMap { Forward, BackwardData, BackwardWeight };

void implicit_gemm(ConvMap map, const ConvGeometry& g, const float* in1, const float* in2,
                   float* out);
void cudnn(ConvMap map, const ConvGeometry& g, const float* in1, const float* in2, float* out);

}  // namespace phantom::kernels::cuda::conv_maps
