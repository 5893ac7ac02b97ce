// Tensors of Philox draws: element i is the value of block base + i (philox_math.h), so a draw is
// the same on every device. CPU in cpu/random.cpp, GPU in cuda/random.cu.
#pragma once
#include <cstdint>

namespace phantom::kernels {

enum class RandomDist : uint8_t { Uniform, Normal };

struct RandomDraw {
  uint64_t seed = 0, stream = 0, base = 0;
  RandomDist dist = RandomDist::Uniform;
  double a = 0, b = 1;  // uniform: [a, b); normal: mean a, standard deviation b
};

namespace cpu {
template <class T>
void random_fill(const RandomDraw& draw, T* out, int64_t n);
}  // namespace cpu

namespace cuda {
template <class T>
void random_fill(const RandomDraw& draw, T* out, int64_t n);
}  // namespace cuda

}  // namespace phantom::kernels
