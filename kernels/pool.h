// 2-D pooling kernels over NCHW, each image plane (n, c) pooled independently. Window formulas
// (shared with a future CUDA twin) are in pool_math.h; CPU loops in cpu/pool2d.cpp.
#pragma once
#include <cstdint>

namespace phantom::kernels {

struct PoolGeometry {
  int64_t planes = 1;  // batch * channels
  int64_t in_h = 1, in_w = 1, out_h = 1, out_w = 1;
  int64_t kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1, pad_h = 0, pad_w = 0;
  bool count_include_pad = true;  // fixed average windows only
  bool adaptive = false;          // adaptive average windows (kernel/stride/pad unused)
};

namespace cpu {

// y = max over each window (padding counts as -inf); argmax = the flat index within the input
// plane of the first maximum (a NaN wins, as in PyTorch), kept for the backward.
template <class T>
void max_pool2d_forward(const PoolGeometry& g, const T* x, T* y, int32_t* argmax);
// dL_dx = 0, then dL_dx[argmax] += dL_dy for every output.
template <class T>
void max_pool2d_backward(const PoolGeometry& g, const T* dL_dy, const int32_t* argmax, T* dL_dx);

// Average over fixed (avg_pool2d) or adaptive (adaptive_avg_pool2d) windows, and its adjoint.
template <class T>
void avg_pool2d_forward(const PoolGeometry& g, const T* x, T* y);
template <class T>
void avg_pool2d_backward(const PoolGeometry& g, const T* dL_dy, T* dL_dx);

}  // namespace cpu

// The same kernels on the GPU (cuda/pool.cu); pointers are device memory.
namespace cuda {
template <class T>
void max_pool2d_forward(const PoolGeometry& g, const T* x, T* y, int32_t* argmax);
template <class T>
void max_pool2d_backward(const PoolGeometry& g, const T* dL_dy, const int32_t* argmax, T* dL_dx);
template <class T>
void avg_pool2d_forward(const PoolGeometry& g, const T* x, T* y);
template <class T>
void avg_pool2d_backward(const PoolGeometry& g, const T* dL_dy, T* dL_dx);
}  // namespace cuda
}  // namespace phantom::kernels
