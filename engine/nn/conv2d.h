// 2-D convolution layer, torch.nn.Conv2d with a square kernel: weight [out, in/groups, k, k].
#pragma once
#include "engine/core/random.h"
#include "engine/nn/module.h"
#include "engine/ops/conv.h"

namespace phantom::nn {

struct Conv2dOptions {
  int64_t stride = 1, padding = 0, dilation = 1, groups = 1;
  bool bias = true;
};

class Conv2d : public Module {
 public:
  // PyTorch's default initialisation, drawn from `gen`.
  Conv2d(int64_t in_channels, int64_t out_channels, int64_t kernel_size, Generator& gen,
         const Conv2dOptions& options = {});
  Tensor forward(const Tensor& x) override;

  Tensor weight, bias;  // bias undefined (and not in the state dict) when options.bias = false
  Conv2dParams params;
};

}  // namespace phantom::nn
