// Inverted dropout: zeroes each element with probability p and scales survivors by 1/(1-p).
// The mask is a pure function of (seed, stream, offset) through Philox, so a call is reproducible.
#pragma once
#include "engine/core/random.h"
#include "engine/core/tensor.h"

namespace phantom {

Tensor dropout(const Tensor& x, double p, bool training, Generator& gen);

}  // namespace phantom
