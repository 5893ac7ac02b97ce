// Parameter-free activation layers.
#pragma once
#include "engine/nn/module.h"

namespace phantom::nn {

class ReLU : public Module {
 public:
  Tensor forward(const Tensor& x) override;
};

}  // namespace phantom::nn
