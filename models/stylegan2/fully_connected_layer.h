// StyleGAN2's FullyConnectedLayer (spec §2.2): parameters are stored in "raw" units and scaled at
// run time — weight by lr_multiplier / sqrt(in), bias by lr_multiplier — so the official state
// dict loads unchanged. Used by the mapping network (lr 0.01, lrelu) and as every layer's
// `affine` (lr 1, bias 1, linear).
#pragma once
#include "engine/core/random.h"
#include "engine/nn/module.h"

namespace phantom::models::stylegan2 {

enum class FcActivation { Linear, Lrelu };

class FullyConnectedLayer : public nn::Module {
 public:
  // Official init: weight ~ N(0, 1) / lr_multiplier, bias = bias_init.
  FullyConnectedLayer(int64_t in_features, int64_t out_features, FcActivation activation,
                      double lr_multiplier, double bias_init, phantom::Generator& gen);
  Tensor forward(const Tensor& x) override;  // [N, in] -> [N, out]

  Tensor weight, bias;

 private:
  FcActivation activation_;
  double lr_multiplier_, weight_gain_;
};

// x · rsqrt(mean over dim 1 of x² + 1e-8), per sample (spec §2.1).
Tensor normalize_2nd_moment(const Tensor& x);

}  // namespace phantom::models::stylegan2
