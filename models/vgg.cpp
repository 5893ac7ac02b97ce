#include "models/vgg.h"

#include <vector>

#include "engine/nn/activation.h"
#include "engine/nn/pooling.h"
#include "engine/nn/sequential.h"
#include "engine/ops/pool.h"
#include "engine/ops/shape_ops.h"
#include "models/layers.h"

namespace phantom::models {

namespace {

constexpr int64_t kPool = 0;  // a max-pool in a layer plan

// torchvision's plans in units of `width` (64 channels at the standard width).
std::vector<int64_t> layer_plan(int64_t depth) {
  switch (depth) {
    case 11:
      return {1, kPool, 2, kPool, 4, 4, kPool, 8, 8, kPool, 8, 8, kPool};
    case 13:
      return {1, 1, kPool, 2, 2, kPool, 4, 4, kPool, 8, 8, kPool, 8, 8, kPool};
    case 16:
      return {1, 1, kPool, 2, 2, kPool, 4, 4, 4, kPool, 8, 8, 8, kPool, 8, 8, 8, kPool};
    case 19:
      return {1, 1, kPool, 2, 2, kPool, 4, 4, 4, 4, kPool, 8, 8, 8, 8, kPool, 8, 8, 8, 8, kPool};
    default:
      PHANTOM_REQUIRE(false, "VGG: depth ", depth, " is not one of 11, 13, 16, 19");
  }
  return {};
}

}  // namespace

VGG::VGG(const VGGConfig& config, Generator& gen) : config_(config) {
  const VGGConfig& c = config_;
  PHANTOM_REQUIRE(c.width > 0 && c.in_channels > 0 && c.num_classes > 0, "VGG: width ", c.width,
                  ", in_channels ", c.in_channels, " and num_classes ", c.num_classes,
                  " must be positive");
  body_ = register_module("features", std::make_shared<nn::Sequential>());
  int64_t channels = c.in_channels;
  for (int64_t units : layer_plan(c.depth)) {
    if (units == kPool) {
      body_->push_back(std::make_shared<nn::MaxPool2d>(2, 2, 0, /*ceil_mode=*/true));
      continue;
    }
    int64_t out = units * c.width;
    body_->push_back(kaiming_conv(channels, out, 3, 1, gen, /*bias=*/true));
    body_->push_back(std::make_shared<nn::BatchNorm2d>(out, c.bn));
    body_->push_back(std::make_shared<nn::ReLU>());
    channels = out;
  }
  register_head("classifier", channels, c.num_classes, gen);
  // torchvision's VGG initialises its linear layers with N(0, 0.01) and a zero bias.
  head().weight.copy_from(gen.normal(head().weight.shape(), 0.0, 0.01));
  head().bias.fill(0.0);
}

Tensor VGG::features(const Tensor& x) {
  PHANTOM_REQUIRE(x.dim() == 4 && x.size(1) == config_.in_channels, "VGG: expected input [N, ",
                  config_.in_channels, ", H, W], found ", x.describe());
  Tensor h = adaptive_avg_pool2d((*body_)(x), 1, 1);
  return reshape(h, {h.size(0), h.size(1)});
}

}  // namespace phantom::models
