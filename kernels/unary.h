// Elementwise unary functions and StyleGAN2's bias_act (formulas in unary_math.h).
#pragma once
#include <cstdint>

#include "kernels/unary_math.h"

namespace phantom::kernels {
namespace cpu {

template <class T>
void unary_forward(UnaryFn fn, UnaryParams p, const T* x, T* y, int64_t n);
template <class T>
void unary_backward(UnaryFn fn, UnaryParams p, const T* x, const T* y, const T* dL_dy, T* dL_dx,
                    int64_t n);

// x viewed as [outer, channels, inner]; b [channels] or null.
template <class T>
void bias_act_forward(const T* x, const T* b, T* y, int64_t outer, int64_t channels, int64_t inner,
                      T slope, T gain, T clamp);
// dL_dxb = dL/d(x + b) (which is dL/dx); dL_db (nullable) sums it over outer and inner.
template <class T>
void bias_act_backward(const T* x, const T* b, const T* dL_dy, T* dL_dxb, T* dL_db, int64_t outer,
                       int64_t channels, int64_t inner, T slope, T gain, T clamp);

}  // namespace cpu

// The same kernels on the GPU (cuda/unary.cu); pointers are device memory.
namespace cuda {
template <class T>
void unary_forward(UnaryFn fn, UnaryParams p, const T* x, T* y, int64_t n);
template <class T>
void unary_backward(UnaryFn fn, UnaryParams p, const T* x, const T* y, const T* dL_dy, T* dL_dx,
                    int64_t n);
template <class T>
void bias_act_forward(const T* x, const T* b, T* y, int64_t outer, int64_t channels, int64_t inner,
                      T slope, T gain, T clamp);
template <class T>
void bias_act_backward(const T* x, const T* b, const T* dL_dy, T* dL_dxb, T* dL_db, int64_t outer,
                       int64_t channels, int64_t inner, T slope, T gain, T clamp);
}  // namespace cuda
}  // namespace phantom::kernels
