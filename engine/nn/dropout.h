// Dropout layer: active in training mode only. It owns its generator, so its masks are a pure
// function of the seed it was given and the number of calls so far (generator().offset()).
#pragma once
#include "engine/core/random.h"
#include "engine/nn/module.h"

namespace phantom::nn {

class Dropout : public Module {
 public:
  Dropout(double p, Generator gen);
  Tensor forward(const Tensor& x) override;
  Generator& generator() { return gen_; }

 private:
  double p_;
  Generator gen_;
};

}  // namespace phantom::nn
