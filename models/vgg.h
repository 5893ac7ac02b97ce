// VGG with BatchNorm (Simonyan & Zisserman 2015), sized for small images: the evaluation
// classifier that is not a ResNet (the paper checks its attacks against a second architecture).
//
// Layout and names follow torchvision's vgg*_bn feature extractor ("features.{i}": conv3x3 with
// bias, BatchNorm, ReLU, and 2x2 max-pools), with channels scaled by width/64. Unlike torchvision
// (224 px, 7x7 pooled features, three-layer classifier) the features are globally average-pooled
// and the head is one Linear named "classifier", the common CIFAR form. The pools use ceil_mode so
// a 28 px image still reaches 1x1 after five pools (28, 14, 7, 4, 2, 1).
#pragma once
#include <memory>

#include "models/classifier.h"

namespace phantom::nn {
class Sequential;
}

namespace phantom::models {

struct VGGConfig {
  int64_t depth = 11;  // 11, 13, 16 or 19 weight layers (configurations A, B, D, E)
  int64_t width = 64;  // channels of the first block; the blocks have 1, 2, 4, 8, 8 x width
  int64_t in_channels = 3;
  int64_t num_classes = 10;
  nn::BatchNormOptions bn;
};

class VGG : public Classifier {
 public:
  VGG(const VGGConfig& config, Generator& gen);
  // Convolution blocks, global average pool: [N, 8 · width].
  Tensor features(const Tensor& x) override;
  const VGGConfig& config() const { return config_; }

 private:
  VGGConfig config_;
  std::shared_ptr<nn::Sequential> body_;
};

}  // namespace phantom::models
