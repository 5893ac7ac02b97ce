// Seeded random numbers on top of Philox4x32-10. A Generator is (seed, stream) plus a running
// block offset; each draw consumes a whole number of Philox blocks, so results depend only on the
// seed, the stream and the sequence of draws — never on threads or the device.
#pragma once
#include <cstdint>
#include <vector>

#include "engine/core/tensor.h"
#include "kernels/random.h"

namespace phantom {

class Generator {
 public:
  explicit Generator(uint64_t seed = 0, uint64_t stream = 0) : seed_(seed), stream_(stream) {}

  uint64_t seed() const { return seed_; }
  uint64_t stream() const { return stream_; }
  uint64_t offset() const { return offset_; }  // Philox blocks consumed so far (for checkpoints)
  void set_offset(uint64_t blocks) { offset_ = blocks; }

  // Drawn on `device` directly (the same values on every device).
  Tensor uniform(const Shape& shape, double lo = 0.0, double hi = 1.0, DType dtype = DType::F32,
                 Device device = Device::cpu());
  Tensor normal(const Shape& shape, double mean = 0.0, double stddev = 1.0,
                DType dtype = DType::F32, Device device = Device::cpu());
  // Uniform integers in [0, n).
  std::vector<int64_t> integers(int64_t count, int64_t n);
  // A uniformly random permutation of 0..n-1 (Fisher–Yates on Philox draws).
  std::vector<int64_t> permutation(int64_t n);
  // Single draws for control flow (augmentation parameters and the like).
  double uniform_scalar(double lo = 0.0, double hi = 1.0);

 private:
  uint64_t take_blocks(uint64_t blocks);  // returns the first block index and advances
  Tensor draw(const Shape& shape, kernels::RandomDist dist, double a, double b, DType dtype,
              Device device);
  uint64_t seed_;
  uint64_t stream_;
  uint64_t offset_ = 0;
};

}  // namespace phantom
