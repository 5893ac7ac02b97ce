// Dropout's keep decision for element i: its own Philox block (seed, stream, base + i), drawn as
// the same uniform Generator::uniform produces, kept when u >= p. Shared host/device formula, so
// the mask is the same on every device and can be recomputed in backward instead of stored.
#pragma once
#include <cstdint>

#include "kernels/hd.h"
#include "kernels/philox_math.h"

namespace phantom::kernels {

PHANTOM_HD bool dropout_keep(uint64_t seed, uint64_t stream, uint64_t block, double p) {
  Philox4 r = philox_block(seed, stream, block);
  return philox_uniform_f64(r.v[0], r.v[1]) >= p;
}

}  // namespace phantom::kernels
