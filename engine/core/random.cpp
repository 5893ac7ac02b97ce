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

namespace {
// A new tensor whose element i is value(Philox block base + i): one block per element keeps
// element i a function of i alone, which is simple to mirror on the GPU.
template <class Value>
Tensor tensor_from_blocks(const Shape& shape, DType dtype, uint64_t seed, uint64_t stream,
                          uint64_t base, Value&& value) {
  Tensor t = Tensor::empty(shape, dtype);
  dispatch_float(dtype, [&]<class T>() {
    T* p = t.data<T>();
    for (int64_t i = 0; i < t.numel(); ++i)
      p[i] = static_cast<T>(value(philox_block(seed, stream, base + i)));
  });
  return t;
}
}  // namespace

Tensor Generator::uniform(const Shape& shape, double lo, double hi, DType dtype) {
  uint64_t base = take_blocks(static_cast<uint64_t>(numel(shape)));
  return tensor_from_blocks(shape, dtype, seed_, stream_, base, [&](kernels::Philox4 r) {
    return lo + (hi - lo) * kernels::philox_uniform_f64(r.v[0], r.v[1]);
  });
}

Tensor Generator::normal(const Shape& shape, double mean, double stddev, DType dtype) {
  uint64_t base = take_blocks(static_cast<uint64_t>(numel(shape)));
  return tensor_from_blocks(shape, dtype, seed_, stream_, base, [&](kernels::Philox4 r) {
    // Box–Muller; u1 in (0, 1] so the log is finite.
    double u1 = 1.0 - kernels::philox_uniform_f64(r.v[0], r.v[1]);
    double u2 = kernels::philox_uniform_f64(r.v[2], r.v[3]);
    return mean + stddev * std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
  });
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
