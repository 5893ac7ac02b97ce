// PyTorch's default initialisers, drawn from a phantom Generator so models are reproducible.
#pragma once
#include "engine/core/random.h"

namespace phantom::nn {

// kaiming_uniform_(a, fan_in, leaky_relu gain): U(±bound), bound = sqrt(2/(1+a²)) · sqrt(3/fan_in).
// Linear and Conv weights use a = sqrt(5), which makes bound = 1/sqrt(fan_in).
Tensor kaiming_uniform(const Shape& shape, int64_t fan_in, double a, Generator& gen);
// The Linear / Conv bias default: U(±1/sqrt(fan_in)).
Tensor fan_in_uniform(const Shape& shape, int64_t fan_in, Generator& gen);

}  // namespace phantom::nn
