// 2-D convolution (cross-correlation, as in PyTorch) and its transpose, NCHW, weights OIHW
// (conv_transpose2d: weights [C_in, C_out/groups, kH, kW] as in PyTorch).
#pragma once
#include "engine/core/tensor.h"

namespace phantom {

struct Conv2dParams {
  int64_t stride_h = 1, stride_w = 1;
  int64_t pad_h = 0, pad_w = 0;
  int64_t dilation_h = 1, dilation_w = 1;
  int64_t groups = 1;
  int64_t output_pad_h = 0, output_pad_w = 0;  // conv_transpose2d only
};

Tensor conv2d(const Tensor& x, const Tensor& w, const Tensor& b, const Conv2dParams& p = {});
Tensor conv_transpose2d(const Tensor& x, const Tensor& w, const Tensor& b,
                        const Conv2dParams& p = {});

}  // namespace phantom
