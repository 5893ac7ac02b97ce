#include "engine/core/random.h"

#include <cmath>

#include "engine/ops/detail/dispatch.h"
#include "kernels/philox_math.h"
#include "kernels/random.h"

namespace phantom {

using kernels::philox_block;

uint64_t Generator::take_blocks(uint64_t blocks) {
  uint64_t first = offset_;
  offset_ += blocks;
  return first;
}

Tensor Generator::draw(const Shape& shape, kernels::RandomDist dist, double a, double b,
                       DType dtype, Device device) {
  kernels::RandomDraw d{seed_, stream_, take_blocks(static_cast<uint64_t>(numel(shape))),
                        dist,  a,       b};
  Tensor t = Tensor::empty(shape, dtype, device);
  detail::dispatch("random", t, [&]<class T, detail::Backend B>() {
    PHANTOM_KERNEL(B, random_fill<T>(d, t.data<T>(), t.numel()));
  });
  return t;
}

Tensor Generator::uniform(const Shape& shape, double lo, double hi, DType dtype, Device device) {
  return draw(shape, kernels::RandomDist::Uniform, lo, hi, dtype, device);
}

Tensor Generator::normal(const Shape& shape, double mean, double stddev, DType dtype,
                         Device device) {
  return draw(shape, kernels::RandomDist::Normal, mean, stddev, dtype, device);
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
  return kernels::philox_uniform_value(r, lo, hi);
}

}  // namespace phantom
