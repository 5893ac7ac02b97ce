// The StyleGAN2-ADA discriminator (unconditional), with the official parameter names
// ("b32.fromrgb.weight", "b8.conv1.resample_filter", "b4.mbstd", "b4.fc.weight", "b4.out.bias"):
// one block per resolution R, R/2, ..., 8 (fromrgb on the first; conv0 3x3; conv1 3x3 with 2x
// FIR down-sampling; a 1x1 down-sampling skip scaled by sqrt(0.5) in 'resnet'), then the 4x4
// epilogue: minibatch std, conv, fc (lrelu) and a linear output giving one logit per image.
// Class conditioning (the official cmap projection) is not implemented: c_dim is always 0.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/stylegan2/discriminator_layers.h"
#include "models/stylegan2/fully_connected_layer.h"

namespace phantom::models::stylegan2 {

enum class DiscriminatorArchitecture { Orig, Resnet };

struct DiscriminatorConfig {
  int64_t img_resolution = 32, img_channels = 3;  // resolution: a power of two >= 8
  int64_t channel_base = 32768, channel_max = 512;
  DiscriminatorArchitecture architecture = DiscriminatorArchitecture::Resnet;
  std::optional<double> conv_clamp;  // unset: no clamp
  int64_t mbstd_group_size = 4;      // official epilogue default
  int64_t mbstd_num_channels = 1;    // 0: no minibatch std layer

  std::vector<int64_t> block_resolutions() const;  // R, R/2, ..., 8
  int64_t channels(int64_t resolution) const;      // min(channel_base / res, channel_max)
  bool operator==(const DiscriminatorConfig&) const = default;
};

// UserError naming the field when the configuration cannot be built.
void validate(const DiscriminatorConfig& c);
// The official constructor arguments (Discriminator(**kwargs)), as JSON.
std::string to_json(const DiscriminatorConfig& c);

class DiscriminatorBlock : public nn::Module {
 public:
  DiscriminatorBlock(const DiscriminatorConfig& config, int64_t resolution,
                     phantom::Generator& gen);
  // x: features from the previous block (undefined for the first block, which reads img).
  Tensor forward(const Tensor& x, const Tensor& img);
  Tensor forward(const Tensor& x) override { return forward(x, Tensor()); }

  Tensor resample_filter;  // buffer, as official

 private:
  DiscriminatorArchitecture architecture_;
  std::shared_ptr<DiscriminatorConv> fromrgb_, conv0_, conv1_, skip_;
};

class DiscriminatorEpilogue : public nn::Module {
 public:
  DiscriminatorEpilogue(const DiscriminatorConfig& config, phantom::Generator& gen);
  Tensor forward(const Tensor& x) override;  // [N, C4, 4, 4] -> [N, 1]

 private:
  int64_t mbstd_group_size_, mbstd_num_channels_;
  std::shared_ptr<DiscriminatorConv> conv_;
  std::shared_ptr<FullyConnectedLayer> fc_, out_;
};

class Discriminator : public nn::Module {
 public:
  Discriminator(const DiscriminatorConfig& config, phantom::Generator& gen);
  const DiscriminatorConfig& config() const { return config_; }
  Tensor forward(const Tensor& img) override;  // [N, C, R, R] in [-1, 1] -> logits [N, 1]

 private:
  DiscriminatorConfig config_;
  std::vector<std::shared_ptr<DiscriminatorBlock>> blocks_;
  std::shared_ptr<DiscriminatorEpilogue> epilogue_;
};

}  // namespace phantom::models::stylegan2
