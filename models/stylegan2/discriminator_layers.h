// The StyleGAN2-ADA discriminator's building blocks: the official Conv2dLayer (equalized learning
// rate: the weight is stored N(0, 1) and scaled by 1/sqrt(fan_in) at run time; FIR-filtered 2x
// down-sampling; bias_act with lrelu gain sqrt(2) and an optional clamp) and the minibatch
// standard deviation layer. Parameter names follow the official state dict.
#pragma once
#include <optional>

#include "engine/core/random.h"
#include "engine/nn/module.h"

namespace phantom::models::stylegan2 {

struct DiscriminatorConvOptions {
  int64_t kernel_size = 3;
  bool bias = true;
  bool lrelu = true;  // false: linear (gain 1)
  int64_t down = 1;   // 1 or 2
  std::optional<double> conv_clamp;
};

class DiscriminatorConv : public nn::Module {
 public:
  DiscriminatorConv(int64_t in_channels, int64_t out_channels,
                    const DiscriminatorConvOptions& options, phantom::Generator& gen);
  // `gain` multiplies the activation gain and the clamp (the resnet blocks pass sqrt(0.5)).
  Tensor forward(const Tensor& x, double gain);
  Tensor forward(const Tensor& x) override { return forward(x, 1.0); }

  Tensor weight;           // [out, in, k, k], N(0, 1)
  Tensor bias;             // [out] zeros (absent without bias)
  Tensor resample_filter;  // buffer [4, 4]

 private:
  DiscriminatorConvOptions options_;
  double weight_gain_;
};

// Official MinibatchStdLayer: the batch is split into groups of min(group_size, N) samples taken
// with stride N / G (sample g·n + j belongs to group j); the channels into `num_channels` parts.
// Each part's standard deviation over its group, averaged over channels and pixels, is appended
// as a constant feature map. N must be divisible by the group size.
Tensor minibatch_std(const Tensor& x, int64_t group_size, int64_t num_channels);

}  // namespace phantom::models::stylegan2
