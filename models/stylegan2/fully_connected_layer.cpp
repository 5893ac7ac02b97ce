#include "models/stylegan2/fully_connected_layer.h"

#include <cmath>

#include "engine/ops/arithmetic.h"
#include "engine/ops/matmul.h"
#include "engine/ops/reduction.h"
#include "engine/ops/unary.h"

namespace phantom::models::stylegan2 {

FullyConnectedLayer::FullyConnectedLayer(int64_t in_features, int64_t out_features,
                                         FcActivation activation, double lr_multiplier,
                                         double bias_init, phantom::Generator& gen)
    : activation_(activation),
      lr_multiplier_(lr_multiplier),
      weight_gain_(lr_multiplier / std::sqrt(static_cast<double>(in_features))) {
  weight = gen.normal({out_features, in_features}, 0.0, 1.0 / lr_multiplier);
  bias = Tensor::full({out_features}, bias_init);
  register_parameter("weight", &weight);
  register_parameter("bias", &bias);
}

Tensor FullyConnectedLayer::forward(const Tensor& x) {
  Tensor w = weight * weight_gain_;
  Tensor b = lr_multiplier_ == 1.0 ? bias : bias * lr_multiplier_;
  if (activation_ == FcActivation::Linear) return linear(x, w, b);
  return bias_act(linear(x, w, Tensor()), b, 0.2, std::sqrt(2.0));
}

Tensor normalize_2nd_moment(const Tensor& x) {
  return x * pow(mean(x * x, {1}, true) + 1e-8, -0.5);
}

}  // namespace phantom::models::stylegan2
