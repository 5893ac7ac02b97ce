// torchvision's ResNet Bottleneck (ResNet-50/101/152, "ResNet v1.5"): 1x1 reduce to `planes`,
// 3x3 with the block's stride, 1x1 expand to 4·planes, each followed by BatchNorm; ReLU after the
// first two and after the residual sum. The shortcut is the identity, or a projection
// ("downsample") when the stride or the channel count changes.
#pragma once
#include <memory>

#include "engine/core/random.h"
#include "engine/nn/batchnorm.h"
#include "engine/nn/conv2d.h"
#include "engine/nn/sequential.h"

namespace phantom::models {

class Bottleneck : public nn::Module {
 public:
  static constexpr int64_t kExpansion = 4;  // out_channels = planes · kExpansion
  Bottleneck(int64_t in_channels, int64_t planes, int64_t stride, const nn::BatchNormOptions& bn,
             Generator& gen);
  Tensor forward(const Tensor& x) override;

 private:
  // Declared in registration order (torchvision's state-dict order).
  std::shared_ptr<nn::Conv2d> conv1_;
  std::shared_ptr<nn::BatchNorm2d> bn1_;
  std::shared_ptr<nn::Conv2d> conv2_;
  std::shared_ptr<nn::BatchNorm2d> bn2_;
  std::shared_ptr<nn::Conv2d> conv3_;
  std::shared_ptr<nn::BatchNorm2d> bn3_;
  std::shared_ptr<nn::Sequential> downsample_;  // null for the identity shortcut
};

}  // namespace phantom::models
