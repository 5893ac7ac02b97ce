#include "models/toy_mlp.h"

#include "engine/ops/unary.h"

namespace phantom::models {

ToyMLP::ToyMLP(Generator& init, int64_t hidden, int64_t classes)
    : fc1_(register_module("fc1", std::make_shared<nn::Linear>(2, hidden, init))),
      fc2_(register_module("fc2", std::make_shared<nn::Linear>(hidden, hidden, init))),
      fc3_(register_module("fc3",
                           std::make_shared<nn::Linear>(hidden, classes, init, /*bias=*/false))),
      bn1_(register_module("bn1", std::make_shared<nn::BatchNorm1d>(hidden))),
      bn2_(register_module("bn2", std::make_shared<nn::BatchNorm1d>(hidden))) {}

Tensor ToyMLP::forward(const Tensor& x) {
  Tensor h = relu((*bn1_)((*fc1_)(x)));
  h = relu((*bn2_)((*fc2_)(h)));
  return (*fc3_)(h);
}

}  // namespace phantom::models
