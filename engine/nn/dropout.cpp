#include "engine/nn/dropout.h"

#include "engine/ops/dropout.h"

namespace phantom::nn {

Dropout::Dropout(double p, Generator gen) : p_(p), gen_(gen) {
  PHANTOM_REQUIRE(p >= 0 && p < 1, "Dropout: p must be in [0, 1), found ", p);
}

Tensor Dropout::forward(const Tensor& x) {
  return dropout(x, p_, is_training(), gen_);
}

}  // namespace phantom::nn
