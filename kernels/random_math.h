// One element of a RandomDraw, shared by the CPU and CUDA backends.
#pragma once
#include "kernels/hd.h"
#include "kernels/philox_math.h"
#include "kernels/random.h"

namespace phantom::kernels {

PHANTOM_HD double random_value(const RandomDraw& d, int64_t i) {
  Philox4 r = philox_block(d.seed, d.stream, d.base + static_cast<uint64_t>(i));
  return d.dist == RandomDist::Uniform ? philox_uniform_value(r, d.a, d.b)
                                       : philox_normal_value(r, d.a, d.b);
}

}  // namespace phantom::kernels
