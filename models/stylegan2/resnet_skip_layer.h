// The 'resnet' architecture's shortcut, an official Conv2dLayer(in, out, 1x1, bias=False, up=2)
// (spec §2.7): conv with weight · 1/sqrt(in), 2x FIR up-sampling, then · sqrt(0.5). No clamp.
#pragma once
#include "engine/core/random.h"
#include "engine/nn/module.h"

namespace phantom::models::stylegan2 {

class ResnetSkipLayer : public nn::Module {
 public:
  ResnetSkipLayer(int64_t in_channels, int64_t out_channels, phantom::Generator& gen);
  Tensor forward(const Tensor& x) override;  // [N, in, r, r] -> [N, out, 2r, 2r]

  Tensor weight;           // [out, in, 1, 1]
  Tensor resample_filter;  // buffer

 private:
  double weight_gain_;
};

}  // namespace phantom::models::stylegan2
