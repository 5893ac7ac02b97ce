#include "models/stylegan2/discriminator.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "engine/ops/arithmetic.h"
#include "engine/ops/shape_ops.h"
#include "models/stylegan2/fir_filter.h"

namespace phantom::models::stylegan2 {

std::vector<int64_t> DiscriminatorConfig::block_resolutions() const {
  std::vector<int64_t> r;
  for (int64_t res = img_resolution; res >= 8; res /= 2) r.push_back(res);
  return r;
}

int64_t DiscriminatorConfig::channels(int64_t resolution) const {
  return std::min(channel_base / resolution, channel_max);
}

void validate(const DiscriminatorConfig& c) {
  const int64_t r = c.img_resolution;
  PHANTOM_REQUIRE(r >= 8 && (r & (r - 1)) == 0,
                  "discriminator img_resolution: expected a power of two >= 8, found ", r);
  PHANTOM_REQUIRE(c.img_channels >= 1, "discriminator img_channels: expected >= 1, found ",
                  c.img_channels);
  PHANTOM_REQUIRE(c.channel_base >= r && c.channel_max >= 1,
                  "discriminator channel_base/channel_max: every resolution needs >= 1 channel "
                  "(channel_base ",
                  c.channel_base, " < resolution ", r, ")");
  PHANTOM_REQUIRE(c.mbstd_group_size >= 1 && c.mbstd_num_channels >= 0,
                  "discriminator mbstd: group size must be >= 1 and channels >= 0");
  PHANTOM_REQUIRE(c.mbstd_num_channels == 0 || c.channels(4) % c.mbstd_num_channels == 0,
                  "discriminator mbstd_num_channels (", c.mbstd_num_channels,
                  ") must divide the 4x4 channels (", c.channels(4), ")");
}

std::string to_json(const DiscriminatorConfig& c) {
  nlohmann::json j = {
      {"c_dim", 0},
      {"img_resolution", c.img_resolution},
      {"img_channels", c.img_channels},
      {"architecture", c.architecture == DiscriminatorArchitecture::Resnet ? "resnet" : "orig"},
      {"channel_base", c.channel_base},
      {"channel_max", c.channel_max},
      {"num_fp16_res", 0},
      {"conv_clamp", c.conv_clamp ? nlohmann::json(*c.conv_clamp) : nlohmann::json()},
      {"epilogue_kwargs",
       {{"mbstd_group_size", c.mbstd_group_size}, {"mbstd_num_channels", c.mbstd_num_channels}}}};
  return j.dump();
}

DiscriminatorBlock::DiscriminatorBlock(const DiscriminatorConfig& c, int64_t resolution,
                                       phantom::Generator& gen)
    : architecture_(c.architecture) {
  const int64_t tmp = c.channels(resolution), out = c.channels(resolution / 2);
  resample_filter = make_resample_filter();
  register_buffer("resample_filter", &resample_filter);
  const bool first = resolution == c.img_resolution;
  // Registration order is the official one: fromrgb, conv0, conv1, skip.
  if (first)
    fromrgb_ = register_module(
        "fromrgb",
        std::make_shared<DiscriminatorConv>(
            c.img_channels, tmp,
            DiscriminatorConvOptions{.kernel_size = 1, .conv_clamp = c.conv_clamp}, gen));
  conv0_ = register_module(
      "conv0", std::make_shared<DiscriminatorConv>(
                   tmp, tmp, DiscriminatorConvOptions{.conv_clamp = c.conv_clamp}, gen));
  conv1_ = register_module(
      "conv1", std::make_shared<DiscriminatorConv>(
                   tmp, out, DiscriminatorConvOptions{.down = 2, .conv_clamp = c.conv_clamp}, gen));
  if (architecture_ == DiscriminatorArchitecture::Resnet)
    skip_ = register_module("skip", std::make_shared<DiscriminatorConv>(
                                        tmp, out,
                                        DiscriminatorConvOptions{.kernel_size = 1,
                                                                 .bias = false,
                                                                 .lrelu = false,
                                                                 .down = 2,
                                                                 .conv_clamp = std::nullopt},
                                        gen));
}

Tensor DiscriminatorBlock::forward(const Tensor& x_in, const Tensor& img) {
  Tensor x = fromrgb_ ? fromrgb_->forward(img) : x_in;
  PHANTOM_CHECK(x.defined(), "a block without fromrgb needs features");
  if (architecture_ == DiscriminatorArchitecture::Orig) return conv1_->forward(conv0_->forward(x));
  // Both paths scaled by sqrt(0.5) keep the sum's variance that of one path.
  const double half = std::sqrt(0.5);
  Tensor y = skip_->forward(x, half);
  return y + conv1_->forward(conv0_->forward(x), half);
}

DiscriminatorEpilogue::DiscriminatorEpilogue(const DiscriminatorConfig& c, phantom::Generator& gen)
    : mbstd_group_size_(c.mbstd_group_size), mbstd_num_channels_(c.mbstd_num_channels) {
  const int64_t ch = c.channels(4);
  conv_ = register_module("conv", std::make_shared<DiscriminatorConv>(
                                      ch + c.mbstd_num_channels, ch,
                                      DiscriminatorConvOptions{.conv_clamp = c.conv_clamp}, gen));
  fc_ = register_module(
      "fc", std::make_shared<FullyConnectedLayer>(ch * 16, ch, FcActivation::Lrelu, 1.0, 0.0, gen));
  out_ = register_module(
      "out", std::make_shared<FullyConnectedLayer>(ch, 1, FcActivation::Linear, 1.0, 0.0, gen));
}

Tensor DiscriminatorEpilogue::forward(const Tensor& x_in) {
  Tensor x = x_in;
  if (mbstd_num_channels_ > 0) x = minibatch_std(x, mbstd_group_size_, mbstd_num_channels_);
  x = conv_->forward(x);
  x = fc_->forward(reshape(x, {x.size(0), -1}));
  return out_->forward(x);
}

Discriminator::Discriminator(const DiscriminatorConfig& config, phantom::Generator& gen)
    : config_(config) {
  validate(config);
  for (int64_t res : config.block_resolutions()) {
    std::string name = "b";  // not "b" + to_string: GCC 12 misreports that under -Wrestrict
    name += std::to_string(res);
    blocks_.push_back(
        register_module(name, std::make_shared<DiscriminatorBlock>(config, res, gen)));
  }
  epilogue_ = register_module("b4", std::make_shared<DiscriminatorEpilogue>(config, gen));
}

Tensor Discriminator::forward(const Tensor& img) {
  PHANTOM_REQUIRE(
      img.dim() == 4 && img.size(1) == config_.img_channels &&
          img.size(2) == config_.img_resolution && img.size(3) == config_.img_resolution,
      "discriminator input: expected [N, ", config_.img_channels, ", ", config_.img_resolution,
      ", ", config_.img_resolution, "], found ", shape_str(img.shape()));
  Tensor x;
  for (auto& block : blocks_) x = block->forward(x, img);
  return epilogue_->forward(x);
}

}  // namespace phantom::models::stylegan2
