// Separable resampling along one axis by a weight table (engine/ops/detail/resize_weights.h):
// src viewed as [outer, in_len, inner] becomes dst [outer, out_len, inner] with
// dst[o][j][k] = Σ_{t < count[j]} w[j·taps + t] · src[o][first[j] + t][k].
#pragma once
#include <cstdint>

namespace phantom::kernels {

struct AxisResamplePlan {
  int64_t outer = 0, in_len = 0, out_len = 0, inner = 0;
  int64_t taps = 0;
};

namespace cpu {
template <class T>
void axis_resample(const AxisResamplePlan& plan, const int64_t* first, const int64_t* count,
                   const T* w, const T* src, T* dst);
// The transpose (the backward): dL_dsrc [outer, in_len, inner] from dL_ddst [outer, out_len,
// inner]. Overwrites dL_dsrc.
template <class T>
void axis_resample_transposed(const AxisResamplePlan& plan, const int64_t* first,
                              const int64_t* count, const T* w, const T* dL_ddst, T* dL_dsrc);
}  // namespace cpu

// The same kernels on the GPU (cuda/resize.cu); pointers are device memory.
namespace cuda {
template <class T>
void axis_resample(const AxisResamplePlan& plan, const int64_t* first, const int64_t* count,
                   const T* w, const T* src, T* dst);
template <class T>
void axis_resample_transposed(const AxisResamplePlan& plan, const int64_t* first,
                              const int64_t* count, const T* w, const T* dL_ddst, T* dL_dsrc);
}  // namespace cuda

}  // namespace phantom::kernels
