// Pooling layers over NCHW with square windows, as torch.nn.MaxPool2d / AvgPool2d /
// AdaptiveAvgPool2d. A stride of 0 means "equal to the kernel size" (PyTorch's stride=None).
#pragma once
#include "engine/nn/module.h"
#include "engine/ops/pool.h"

namespace phantom::nn {

class MaxPool2d : public Module {
 public:
  explicit MaxPool2d(int64_t kernel_size, int64_t stride = 0, int64_t padding = 0,
                     bool ceil_mode = false);
  Tensor forward(const Tensor& x) override;
  Pool2dParams params;
};

class AvgPool2d : public Module {
 public:
  explicit AvgPool2d(int64_t kernel_size, int64_t stride = 0, int64_t padding = 0,
                     bool ceil_mode = false, bool count_include_pad = true);
  Tensor forward(const Tensor& x) override;
  Pool2dParams params;
};

class AdaptiveAvgPool2d : public Module {
 public:
  AdaptiveAvgPool2d(int64_t out_h, int64_t out_w) : out_h_(out_h), out_w_(out_w) {}
  Tensor forward(const Tensor& x) override;

 private:
  int64_t out_h_, out_w_;
};

}  // namespace phantom::nn
