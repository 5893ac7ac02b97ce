// Inverted dropout. The op is a diagonal linear map (y = m ⊙ x), so forward and backward are the
// same kernel applied to x and to dL/dy. Formula in dropout_math.h.
#pragma once
#include <cstdint>

namespace phantom::kernels {

struct DropoutMask {
  uint64_t seed = 0, stream = 0;
  uint64_t base = 0;  // Philox block of element 0
  double p = 0;
};

namespace cpu {
// out[i] = in[i] / (1 - p) where element i is kept, else 0.
template <class T>
void dropout_apply(const DropoutMask& mask, const T* in, T* out, int64_t n);
}  // namespace cpu

// The same kernels on the GPU (cuda/dropout.cu); pointers are device memory.
namespace cuda {
template <class T>
void dropout_apply(const DropoutMask& mask, const T* in, T* out, int64_t n);
}  // namespace cuda

}  // namespace phantom::kernels
