// Broadcasting add/sub/mul/div. Formulas in arithmetic_math.h; CPU in cpu/arithmetic.cpp, GPU in
// cuda/arithmetic.cu.
#pragma once
#include <cstdint>

#include "kernels/broadcast.h"

namespace phantom::kernels {

enum class BinaryFn : uint8_t { Add, Sub, Mul, Div };

namespace cpu {
template <class T>
void binary_forward(BinaryFn fn, const BroadcastPlan& plan, const T* a, const T* b, T* y);
// Gradients with the output's shape (before reduction to each operand's shape): dL/da and dL/db
// as if a and b had been broadcast. Either pointer may be null when not needed.
template <class T>
void binary_backward(BinaryFn fn, const BroadcastPlan& plan, const T* a, const T* b, const T* dL_dy,
                     T* dL_da_full, T* dL_db_full);
// y = alpha * x + beta.
template <class T>
void affine(const T* x, T* y, int64_t n, T alpha, T beta);
}  // namespace cpu

// The same kernels on the GPU (cuda/arithmetic.cu); pointers are device memory.
namespace cuda {
template <class T>
void binary_forward(BinaryFn fn, const BroadcastPlan& plan, const T* a, const T* b, T* y);
template <class T>
void binary_backward(BinaryFn fn, const BroadcastPlan& plan, const T* a, const T* b, const T* dL_dy,
                     T* dL_da_full, T* dL_db_full);
template <class T>
void affine(const T* x, T* y, int64_t n, T alpha, T beta);
}  // namespace cuda

}  // namespace phantom::kernels
