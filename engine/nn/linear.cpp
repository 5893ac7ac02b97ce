#include "engine/nn/linear.h"

#include <cmath>

#include "engine/nn/init.h"
#include "engine/ops/matmul.h"

namespace phantom::nn {

Linear::Linear(int64_t in_features, int64_t out_features, Generator& gen, bool with_bias) {
  PHANTOM_REQUIRE(in_features > 0 && out_features > 0,
                  "Linear: features must be positive, found in ", in_features, ", out ",
                  out_features);
  weight = kaiming_uniform({out_features, in_features}, in_features, std::sqrt(5.0), gen);
  register_parameter("weight", &weight);
  if (with_bias) {
    bias = fan_in_uniform({out_features}, in_features, gen);
    register_parameter("bias", &bias);
  }
}

Tensor Linear::forward(const Tensor& x) {
  return linear(x, weight, bias);
}

}  // namespace phantom::nn
