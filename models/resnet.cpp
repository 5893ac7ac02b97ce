#include "models/resnet.h"

#include "engine/nn/pooling.h"
#include "engine/nn/sequential.h"
#include "engine/ops/pool.h"
#include "engine/ops/shape_ops.h"
#include "engine/ops/unary.h"
#include "models/basic_block.h"
#include "models/bottleneck.h"
#include "models/layers.h"

namespace phantom::models {

ResNetConfig resnet_config(int64_t depth) {
  ResNetConfig c;
  switch (depth) {
    case 18:
      c.layers = {2, 2, 2, 2};
      break;
    case 34:
      c.layers = {3, 4, 6, 3};
      break;
    case 50:
      c.layers = {3, 4, 6, 3};
      break;
    case 101:
      c.layers = {3, 4, 23, 3};
      break;
    case 152:
      c.layers = {3, 8, 36, 3};
      break;
    default:
      PHANTOM_REQUIRE(false, "ResNet: depth ", depth, " is not one of 18, 34, 50, 101, 152");
  }
  c.block = depth >= 50 ? ResNetBlock::Bottleneck : ResNetBlock::Basic;
  return c;
}

namespace {

// torchvision's _make_layer: the first block takes the stride (and the projection shortcut when
// needed), the others keep the shape. `in_channels` is updated to the stage's output channels.
template <class Block>
std::shared_ptr<nn::Sequential> make_stage(int64_t& in_channels, int64_t planes, int64_t blocks,
                                           int64_t stride, const nn::BatchNormOptions& bn,
                                           Generator& gen) {
  auto stage = std::make_shared<nn::Sequential>();
  for (int64_t b = 0; b < blocks; ++b) {
    stage->push_back(std::make_shared<Block>(in_channels, planes, b == 0 ? stride : 1, bn, gen));
    in_channels = planes * Block::kExpansion;
  }
  return stage;
}

}  // namespace

ResNet::ResNet(const ResNetConfig& config, Generator& gen) : config_(config) {
  const ResNetConfig& c = config_;
  PHANTOM_REQUIRE(c.width > 0 && c.in_channels > 0 && c.num_classes > 0 && !c.layers.empty(),
                  "ResNet: width ", c.width, ", in_channels ", c.in_channels, ", num_classes ",
                  c.num_classes, " and ", c.layers.size(),
                  " stages (all must be positive, with at least one stage)");
  bool imagenet = c.stem == ResNetStem::ImageNet;
  conv1_ = register_module(
      "conv1", kaiming_conv(c.in_channels, c.width, imagenet ? 7 : 3, imagenet ? 2 : 1, gen));
  bn1_ = register_module("bn1", std::make_shared<nn::BatchNorm2d>(c.width, c.bn));
  if (imagenet) maxpool_ = std::make_shared<nn::MaxPool2d>(3, 2, 1);

  int64_t channels = c.width;
  for (size_t s = 0; s < c.layers.size(); ++s) {
    PHANTOM_REQUIRE(c.layers[s] > 0, "ResNet: stage ", s + 1, " has ", c.layers[s],
                    " blocks (must be positive)");
    int64_t planes = c.width << s;
    int64_t stride = s == 0 ? 1 : 2;
    auto stage = c.block == ResNetBlock::Basic
                     ? make_stage<BasicBlock>(channels, planes, c.layers[s], stride, c.bn, gen)
                     : make_stage<Bottleneck>(channels, planes, c.layers[s], stride, c.bn, gen);
    stages_.push_back(register_module("layer" + std::to_string(s + 1), stage));
  }
  register_head("fc", channels, c.num_classes, gen);
}

Tensor ResNet::features(const Tensor& x) {
  PHANTOM_REQUIRE(x.dim() == 4 && x.size(1) == config_.in_channels, "ResNet: expected input [N, ",
                  config_.in_channels, ", H, W], found ", x.describe());
  Tensor h = relu((*bn1_)((*conv1_)(x)));
  if (maxpool_) h = (*maxpool_)(h);
  for (const auto& stage : stages_) h = (*stage)(h);
  h = adaptive_avg_pool2d(h, 1, 1);
  return reshape(h, {h.size(0), h.size(1)});
}

}  // namespace phantom::models
