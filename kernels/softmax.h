// Softmax / log-softmax along the middle axis of x viewed as [outer, n, inner].
#pragma once
#include <cstdint>

namespace phantom::kernels {
namespace cpu {

template <class T>
void softmax_forward(const T* x, T* y, int64_t outer, int64_t n, int64_t inner, bool log);
// softmax: dx = y ⊙ (g − Σ g⊙y);  log-softmax: dx = g − exp(y) Σ g.
template <class T>
void softmax_backward(const T* y, const T* dL_dy, T* dL_dx, int64_t outer, int64_t n, int64_t inner,
                      bool log);

}  // namespace cpu

// The same kernels on the GPU (cuda/softmax.cu); pointers are device memory.
namespace cuda {
template <class T>
void softmax_forward(const T* x, T* y, int64_t outer, int64_t n, int64_t inner, bool log);
template <class T>
void softmax_backward(const T* y, const T* dL_dy, T* dL_dx, int64_t outer, int64_t n, int64_t inner,
                      bool log);
}  // namespace cuda
}  // namespace phantom::kernels
