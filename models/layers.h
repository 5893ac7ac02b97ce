// Layers shared by the classifiers, with torchvision's initialisation: convolutions kaiming-normal
// (fan_out, ReLU gain), BatchNorm weight 1 and bias 0 (nn::BatchNorm's own default).
#pragma once
#include <memory>

#include "engine/core/random.h"
#include "engine/nn/batchnorm.h"
#include "engine/nn/conv2d.h"
#include "engine/nn/sequential.h"

namespace phantom::models {

// A k x k convolution with padding k/2 ("same" for odd k at stride 1); weight drawn from
// N(0, 2 / (out_channels·k·k)). `bias` adds a zero-initialised bias (VGG).
std::shared_ptr<nn::Conv2d> kaiming_conv(int64_t in_channels, int64_t out_channels,
                                         int64_t kernel_size, int64_t stride, Generator& gen,
                                         bool bias = false);

// torchvision ResNet's projection shortcut ("downsample"): a 1x1 convolution with `stride`, then
// BatchNorm, named "0" and "1".
std::shared_ptr<nn::Sequential> projection_shortcut(int64_t in_channels, int64_t out_channels,
                                                    int64_t stride, const nn::BatchNormOptions& bn,
                                                    Generator& gen);

}  // namespace phantom::models
