// Softmax / log-softmax on the GPU: one block per row (o, k) of x viewed as [outer, n, inner],
// max and Σexp reduced across the block in f64, as the CPU computes them.
#include <cfloat>

#include "kernels/cuda/launch.h"
#include "kernels/softmax.h"

namespace phantom::kernels::cuda {

namespace {
__device__ double block_max(double value) {
  __shared__ double partial[kThreads / 32];
  for (int offset = 16; offset > 0; offset /= 2)
    value = fmax(value, __shfl_down_sync(0xffffffffu, value, offset));
  const int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
  if (lane == 0) partial[warp] = value;
  __syncthreads();
  if (threadIdx.x == 0) {
    for (int w = 1; w < kThreads / 32; ++w) value = fmax(value, partial[w]);
    partial[0] = value;
  }
  __syncthreads();
  value = partial[0];
  __syncthreads();
  return value;
}

// Broadcasts thread 0's value to the block.
__device__ double block_broadcast(double value) {
  __shared__ double shared;
  if (threadIdx.x == 0) shared = value;
  __syncthreads();
  value = shared;
  __syncthreads();
  return value;
}
}  // namespace

template <class T>
void softmax_forward(const T* x, T* y, int64_t outer, int64_t n, int64_t inner, bool log) {
  for_each_group(outer * inner, [=] __device__(int64_t row) {
    const int64_t base = (row / inner) * n * inner + row % inner;
    double m = -DBL_MAX;
    for (int64_t j = threadIdx.x; j < n; j += blockDim.x) m = fmax(m, double(x[base + j * inner]));
    const T mx = static_cast<T>(block_max(m));  // the max is one of the inputs: exact in T
    double s = 0;
    for (int64_t j = threadIdx.x; j < n; j += blockDim.x)
      s += exp(static_cast<double>(x[base + j * inner] - mx));
    s = block_broadcast(block_sum(s));
    const T lse = static_cast<T>(::log(s));
    for (int64_t j = threadIdx.x; j < n; j += blockDim.x) {
      const int64_t i = base + j * inner;
      y[i] = log ? x[i] - mx - lse : static_cast<T>(exp(static_cast<double>(x[i] - mx)) / s);
    }
  });
}

template <class T>
void softmax_backward(const T* y, const T* dL_dy, T* dL_dx, int64_t outer, int64_t n, int64_t inner,
                      bool log) {
  for_each_group(outer * inner, [=] __device__(int64_t row) {
    const int64_t base = (row / inner) * n * inner + row % inner;
    double s = 0;
    for (int64_t j = threadIdx.x; j < n; j += blockDim.x) {
      const int64_t i = base + j * inner;
      s += log ? dL_dy[i] : double(dL_dy[i]) * y[i];
    }
    s = block_broadcast(block_sum(s));
    for (int64_t j = threadIdx.x; j < n; j += blockDim.x) {
      const int64_t i = base + j * inner;
      dL_dx[i] = log ? static_cast<T>(dL_dy[i] - exp(static_cast<double>(y[i])) * s)
                     : static_cast<T>(y[i] * (dL_dy[i] - s));
    }
  });
}

template void softmax_forward<float>(const float*, float*, int64_t, int64_t, int64_t, bool);
template void softmax_backward<float>(const float*, const float*, float*, int64_t, int64_t, int64_t,
                                      bool);

}  // namespace phantom::kernels::cuda
