#include "engine/core/random.h"

#include <cmath>
#include <numbers>

#include "kernels/philox_math.h"

namespace phantom {

using kernels::philox_block;

uint64_t Generator::take_blocks(uint64_t blocks) {
  uint64_t first = offset_;
  offset_ += blocks;
  return first;
}

Tensor Generator::uniform(const Shape& shape, double lo, double hi, DType dtype) {
  Tensor t = Tensor::empty(shape, dtype);
  int64_t n = t.numel();
  // One block per element keeps element i a function of i alone (simple to mirror on the GPU).
  uint64_t base = take_blocks(static_cast<uint64_t>(n));
  dispatch_float(dtype, [&]<class T>() {
    T* p = t.data<T>();
    for (int64_t i = 0; i < n; ++i) {
      kernels::Philox4 r = philox_block(seed_, stream_, base + i);
      double u = kernels::philox_uniform_f64(r.v[0], r.v[1]);
      p[i] = static_cast<T>(lo + (hi - lo) * u);
    }
  });
  return t;
}

Tensor Generator::normal(const Shape& shape, double mean, double stddev, DType dtype) {
  Tensor t = Tensor::empty(shape, dtype);
  int64_t n = t.numel();
  uint64_t base = take_blocks(static_cast<uint64_t>(n));
  dispatch_float(dtype, [&]<class T>() {
    T* p = t.data<T>();
    for (int64_t i = 0; i < n; ++i) {
      kernels::Philox4 r = philox_block(seed_, stream_, base + i);
      // Box–Muller; u1 in (0, 1] so the log is finite.
      double u1 = 1.0 - kernels::philox_uniform_f64(r.v[0], r.v[1]);
      double u2 = kernels::philox_uniform_f64(r.v[2], r.v[3]);
      p[i] = static_cast<T>(mean + stddev * std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2));
    }
  });
  return t;
}

std::vector<int64_t> Generator::integers(int64_t count, int64_t n) {
  PHANTOM_REQUIRE(n > 0, "Generator::integers: range must be positive, found ", n);
  std::vector<int64_t> out(static_cast<size_t>(count));
  uint64_t base = take_blocks(static_cast<uint64_t>(count));
  for (int64_t i = 0; i < count; ++i) {
    kernels::Philox4 r = philox_block(seed_, stream_, base + i);
    uint64_t bits = (static_cast<uint64_t>(r.v[0]) << 32) | r.v[1];
    // 64 random bits modulo n: bias below 2^-40 for any n < 2^24, negligible for our sizes.
    out[static_cast<size_t>(i)] = static_cast<int64_t>(bits % static_cast<uint64_t>(n));
  }
  return out;
}

std::vector<int64_t> Generator::permutation(int64_t n) {
  std::vector<int64_t> perm(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) perm[static_cast<size_t>(i)] = i;
  uint64_t base = take_blocks(static_cast<uint64_t>(n));
  for (int64_t i = n - 1; i > 0; --i) {
    kernels::Philox4 r = philox_block(seed_, stream_, base + i);
    uint64_t bits = (static_cast<uint64_t>(r.v[0]) << 32) | r.v[1];
    int64_t j = static_cast<int64_t>(bits % static_cast<uint64_t>(i + 1));
    std::swap(perm[static_cast<size_t>(i)], perm[static_cast<size_t>(j)]);
  }
  return perm;
}

double Generator::uniform_scalar(double lo, double hi) {
  kernels::Philox4 r = philox_block(seed_, stream_, take_blocks(1));
  return lo + (hi - lo) * kernels::philox_uniform_f64(r.v[0], r.v[1]);
}

}  // namespace phantom
