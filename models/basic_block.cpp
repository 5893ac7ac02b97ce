#include "models/basic_block.h"

#include "engine/ops/arithmetic.h"
#include "engine/ops/unary.h"
#include "models/layers.h"

namespace phantom::models {

BasicBlock::BasicBlock(int64_t in_channels, int64_t planes, int64_t stride,
                       const nn::BatchNormOptions& bn, Generator& gen)
    : conv1_(register_module("conv1", kaiming_conv(in_channels, planes, 3, stride, gen))),
      bn1_(register_module("bn1", std::make_shared<nn::BatchNorm2d>(planes, bn))),
      conv2_(register_module("conv2", kaiming_conv(planes, planes, 3, 1, gen))),
      bn2_(register_module("bn2", std::make_shared<nn::BatchNorm2d>(planes, bn))) {
  int64_t out_channels = planes * kExpansion;
  if (stride != 1 || in_channels != out_channels)
    downsample_ = register_module("downsample",
                                  projection_shortcut(in_channels, out_channels, stride, bn, gen));
}

Tensor BasicBlock::forward(const Tensor& x) {
  Tensor out = relu((*bn1_)((*conv1_)(x)));
  out = (*bn2_)((*conv2_)(out));
  Tensor shortcut = downsample_ ? (*downsample_)(x) : x;
  return relu(out + shortcut);
}

}  // namespace phantom::models
