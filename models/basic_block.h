// torchvision's ResNet BasicBlock (ResNet-18/34): relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut),
// two 3x3 convolutions, the first with the block's stride. The shortcut is the identity, or a
// projection ("downsample") when the stride or the channel count changes.
#pragma once
#include <memory>

#include "engine/core/random.h"
#include "engine/nn/batchnorm.h"
#include "engine/nn/conv2d.h"
#include "engine/nn/sequential.h"

namespace phantom::models {

class BasicBlock : public nn::Module {
 public:
  static constexpr int64_t kExpansion = 1;  // out_channels = planes · kExpansion
  BasicBlock(int64_t in_channels, int64_t planes, int64_t stride, const nn::BatchNormOptions& bn,
             Generator& gen);
  Tensor forward(const Tensor& x) override;

 private:
  // Declared in registration order (torchvision's state-dict order).
  std::shared_ptr<nn::Conv2d> conv1_;
  std::shared_ptr<nn::BatchNorm2d> bn1_;
  std::shared_ptr<nn::Conv2d> conv2_;
  std::shared_ptr<nn::BatchNorm2d> bn2_;
  std::shared_ptr<nn::Sequential> downsample_;  // null for the identity shortcut
};

}  // namespace phantom::models
