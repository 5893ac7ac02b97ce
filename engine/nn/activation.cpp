#include "engine/nn/activation.h"

#include "engine/ops/unary.h"

namespace phantom::nn {

Tensor ReLU::forward(const Tensor& x) {
  return relu(x);
}

}  // namespace phantom::nn
