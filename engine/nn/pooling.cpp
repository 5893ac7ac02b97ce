#include "engine/nn/pooling.h"

namespace phantom::nn {

namespace {
Pool2dParams square_window(int64_t kernel, int64_t stride, int64_t padding, bool ceil_mode) {
  PHANTOM_REQUIRE(kernel > 0 && stride >= 0 && padding >= 0, "pooling layer: kernel ", kernel,
                  ", stride ", stride, ", padding ", padding,
                  " (kernel must be positive, the others non-negative)");
  Pool2dParams p;
  p.kernel_h = p.kernel_w = kernel;
  p.stride_h = p.stride_w = stride == 0 ? kernel : stride;
  p.pad_h = p.pad_w = padding;
  p.ceil_mode = ceil_mode;
  return p;
}
}  // namespace

MaxPool2d::MaxPool2d(int64_t kernel_size, int64_t stride, int64_t padding, bool ceil_mode)
    : params(square_window(kernel_size, stride, padding, ceil_mode)) {}

Tensor MaxPool2d::forward(const Tensor& x) {
  return max_pool2d(x, params);
}

AvgPool2d::AvgPool2d(int64_t kernel_size, int64_t stride, int64_t padding, bool ceil_mode,
                     bool count_include_pad)
    : params(square_window(kernel_size, stride, padding, ceil_mode)) {
  params.count_include_pad = count_include_pad;
}

Tensor AvgPool2d::forward(const Tensor& x) {
  return avg_pool2d(x, params);
}

Tensor AdaptiveAvgPool2d::forward(const Tensor& x) {
  return adaptive_avg_pool2d(x, out_h_, out_w_);
}

}  // namespace phantom::nn
