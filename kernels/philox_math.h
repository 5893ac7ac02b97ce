// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011): a
// counter-based generator, so element i of a draw is a pure function of (seed, stream, i) and the
// CPU and every GPU thread produce the same numbers. Shared host/device formula.
#pragma once
#include <cmath>
#include <cstdint>

#include "kernels/hd.h"

namespace phantom::kernels {

struct Philox4 {
  uint32_t v[4];
};

PHANTOM_HD void philox_mulhilo(uint32_t a, uint32_t b, uint32_t& hi, uint32_t& lo) {
  uint64_t p = static_cast<uint64_t>(a) * b;
  hi = static_cast<uint32_t>(p >> 32);
  lo = static_cast<uint32_t>(p);
}

// Ten rounds on counter `c` with key (k0, k1).
PHANTOM_HD Philox4 philox4x32_10(Philox4 c, uint32_t k0, uint32_t k1) {
  constexpr uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;  // round multipliers
  constexpr uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;  // Weyl key increments
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += kW0;
      k1 += kW1;
    }
    uint32_t hi0, lo0, hi1, lo1;
    philox_mulhilo(kM0, c.v[0], hi0, lo0);
    philox_mulhilo(kM1, c.v[2], hi1, lo1);
    c = Philox4{{hi1 ^ c.v[1] ^ k0, lo1, hi0 ^ c.v[3] ^ k1, lo0}};
  }
  return c;
}

// Block `block` of stream `stream` under `seed`: counter = (block lo, block hi, stream lo, hi).
PHANTOM_HD Philox4 philox_block(uint64_t seed, uint64_t stream, uint64_t block) {
  Philox4 c{{static_cast<uint32_t>(block), static_cast<uint32_t>(block >> 32),
             static_cast<uint32_t>(stream), static_cast<uint32_t>(stream >> 32)}};
  return philox4x32_10(c, static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32));
}

// Uniform in [0, 1) from 24 random bits (exactly representable in f32).
PHANTOM_HD float philox_uniform_f32(uint32_t bits) {
  return static_cast<float>(bits >> 8) * (1.0f / 16777216.0f);
}

// Uniform in [0, 1) from 53 random bits.
PHANTOM_HD double philox_uniform_f64(uint32_t hi, uint32_t lo) {
  uint64_t bits = (static_cast<uint64_t>(hi) << 21) ^ (lo >> 11);
  return static_cast<double>(bits & ((1ull << 53) - 1)) * (1.0 / 9007199254740992.0);
}

// The values Generator::uniform and Generator::normal draw from one block, in f64: uniform in
// [lo, hi), and Box–Muller with u1 in (0, 1] so the log is finite.
PHANTOM_HD double philox_uniform_value(Philox4 r, double lo, double hi) {
  return lo + (hi - lo) * philox_uniform_f64(r.v[0], r.v[1]);
}
PHANTOM_HD double philox_normal_value(Philox4 r, double mean, double stddev) {
  constexpr double kTwoPi = 6.283185307179586;
  double u1 = 1.0 - philox_uniform_f64(r.v[0], r.v[1]);
  double u2 = philox_uniform_f64(r.v[2], r.v[3]);
  return mean + stddev * sqrt(-2.0 * log(u1)) * cos(kTwoPi * u2);
}

}  // namespace phantom::kernels
