// Reductions expressed through a BroadcastPlan between the input shape (a) and the keep-dim output
// shape (b): input element i contributes to output offset ib.
#pragma once
#include <cstdint>

#include "kernels/broadcast.h"

namespace phantom::kernels {
namespace cpu {

template <class T>
void reduce_sum(const BroadcastPlan& plan, const T* x, T* y, int64_t out_numel);
// First maximal element per output; argmax holds input offsets.
template <class T>
void reduce_max(const BroadcastPlan& plan, const T* x, T* y, int64_t* argmax, int64_t out_numel);
// Σ|x|^p per output (the norm op takes the 1/p power afterwards).
template <class T>
void reduce_abs_pow_sum(const BroadcastPlan& plan, const T* x, T* y, int64_t out_numel, double p);
// dL_dx[i] = scale * dL_dy[ib] (the backward of sum and mean).
template <class T>
void expand_grad(const BroadcastPlan& plan, const T* dL_dy, T* dL_dx, double scale);
// d‖x‖_p/dx = sign(x) |x|^(p−1) / ‖x‖^(p−1), zero where the norm is 0.
template <class T>
void norm_backward(const BroadcastPlan& plan, const T* x, const T* norm, const T* dL_dy, T* dL_dx,
                   double p);
// y[i] = scale · y[i]^(1/root) in f64 (the mean's 1/count, the norm's 1/p power).
template <class T>
void reduce_finish(T* y, int64_t n, double scale, double root);
}  // namespace cpu

// The same kernels on the GPU (cuda/reduce.cu); pointers are device memory.
namespace cuda {
template <class T>
void reduce_sum(const BroadcastPlan& plan, const T* x, T* y, int64_t out_numel);
template <class T>
void reduce_max(const BroadcastPlan& plan, const T* x, T* y, int64_t* argmax, int64_t out_numel);
template <class T>
void reduce_abs_pow_sum(const BroadcastPlan& plan, const T* x, T* y, int64_t out_numel, double p);
template <class T>
void expand_grad(const BroadcastPlan& plan, const T* dL_dy, T* dL_dx, double scale);
template <class T>
void norm_backward(const BroadcastPlan& plan, const T* x, const T* norm, const T* dL_dy, T* dL_dx,
                   double p);
template <class T>
void reduce_finish(T* y, int64_t n, double scale, double root);
}  // namespace cuda

}  // namespace phantom::kernels
