#include "models/bottleneck.h"

#include "engine/ops/arithmetic.h"
#include "engine/ops/unary.h"
#include "models/layers.h"

namespace phantom::models {

Bottleneck::Bottleneck(int64_t in_channels, int64_t planes, int64_t stride,
                       const nn::BatchNormOptions& bn, Generator& gen)
    : conv1_(register_module("conv1", kaiming_conv(in_channels, planes, 1, 1, gen))),
      bn1_(register_module("bn1", std::make_shared<nn::BatchNorm2d>(planes, bn))),
      conv2_(register_module("conv2", kaiming_conv(planes, planes, 3, stride, gen))),
      bn2_(register_module("bn2", std::make_shared<nn::BatchNorm2d>(planes, bn))),
      conv3_(register_module("conv3", kaiming_conv(planes, planes * kExpansion, 1, 1, gen))),
      bn3_(register_module("bn3", std::make_shared<nn::BatchNorm2d>(planes * kExpansion, bn))) {
  int64_t out_channels = planes * kExpansion;
  if (stride != 1 || in_channels != out_channels)
    downsample_ = register_module("downsample",
                                  projection_shortcut(in_channels, out_channels, stride, bn, gen));
}

Tensor Bottleneck::forward(const Tensor& x) {
  Tensor out = relu((*bn1_)((*conv1_)(x)));
  out = relu((*bn2_)((*conv2_)(out)));
  out = (*bn3_)((*conv3_)(out));
  Tensor shortcut = downsample_ ? (*downsample_)(x) : x;
  return relu(out + shortcut);
}

}  // namespace phantom::models
