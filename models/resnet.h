// torchvision-compatible ResNets (He et al. 2016, torchvision's "v1.5": stride in the 3x3 conv of
// a Bottleneck). State-dict names are torchvision's: conv1, bn1, layer{1..4}.{b}.conv1/bn1/...,
// layer{s}.0.downsample.{0,1}, fc. At width 64 with 3 input channels the shapes are torchvision's
// too, so weights move both ways unchanged.
//
// Two stems: ImageNet (7x7 stride-2 conv, 3x3 stride-2 max-pool; 32x downsampling) and CIFAR
// (3x3 stride-1 conv, no max-pool; 8x downsampling), the usual variant for 28-32 px images. Both
// name their stem conv1/bn1, so the state dict differs only in conv1.weight's kernel size.
#pragma once
#include <memory>
#include <vector>

#include "models/classifier.h"

namespace phantom::nn {
class Conv2d;
class MaxPool2d;
class Sequential;
}  // namespace phantom::nn

namespace phantom::models {

enum class ResNetBlock { Basic, Bottleneck };
enum class ResNetStem { ImageNet, Cifar };

struct ResNetConfig {
  ResNetBlock block = ResNetBlock::Basic;
  std::vector<int64_t> layers{2, 2, 2, 2};  // blocks per stage; stage s has width · 2^s planes
  int64_t width = 64;                       // stem and first-stage planes
  int64_t in_channels = 3;
  int64_t num_classes = 1000;
  ResNetStem stem = ResNetStem::ImageNet;
  nn::BatchNormOptions bn;
};

// torchvision's block and layers for ResNet-18/34/50/101/152; any other depth is a UserError.
ResNetConfig resnet_config(int64_t depth);

class ResNet : public Classifier {
 public:
  ResNet(const ResNetConfig& config, Generator& gen);
  // Stem, stages, global average pool: [N, width · 2^(stages-1) · expansion].
  Tensor features(const Tensor& x) override;
  const ResNetConfig& config() const { return config_; }

 private:
  ResNetConfig config_;
  std::shared_ptr<nn::Conv2d> conv1_;
  std::shared_ptr<nn::BatchNorm2d> bn1_;
  std::shared_ptr<nn::MaxPool2d> maxpool_;  // null for the CIFAR stem
  std::vector<std::shared_ptr<nn::Sequential>> stages_;
};

}  // namespace phantom::models
