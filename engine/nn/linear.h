// Fully connected layer, torch.nn.Linear: y = x Wᵀ + b, weight [out, in], bias [out].
#pragma once
#include "engine/core/random.h"
#include "engine/nn/module.h"

namespace phantom::nn {

class Linear : public Module {
 public:
  // PyTorch's default initialisation, drawn from `gen`.
  Linear(int64_t in_features, int64_t out_features, Generator& gen, bool bias = true);
  Tensor forward(const Tensor& x) override;

  Tensor weight, bias;  // bias undefined (and not in the state dict) when bias = false
};

}  // namespace phantom::nn
