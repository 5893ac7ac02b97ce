// Launch helpers for the elementwise-style kernels: grid-stride loops over 64-bit indices on the
// current stream, each launch followed by PHANTOM_LAUNCH_CHECK.
#pragma once
#include <cstdint>

#include "kernels/cuda/check.h"
#include "kernels/cuda/stream.h"

namespace phantom::kernels::cuda {

inline constexpr int kThreads = 256;

// Enough blocks to fill the GPU; the grid-stride loop covers the rest.
inline unsigned grid_for(int64_t n) {
  int64_t blocks = (n + kThreads - 1) / kThreads;
  return static_cast<unsigned>(blocks < 65536 ? (blocks > 0 ? blocks : 1) : 65536);
}

template <class F>
__global__ void for_each_index_kernel(int64_t n, F body) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
       i += int64_t(blockDim.x) * gridDim.x)
    body(i);
}

// body(i) for every i in [0, n); body is a __device__ lambda capturing by value.
template <class F>
void for_each_index(int64_t n, F body) {
  if (n <= 0) return;
  for_each_index_kernel<<<grid_for(n), kThreads, 0, current_stream()>>>(n, body);
  PHANTOM_LAUNCH_CHECK();
}

// Sum of a block's `value` in f64, valid in thread 0 (blockDim.x == kThreads).
__device__ inline double block_sum(double value) {
  __shared__ double partial[kThreads / 32];
  for (int offset = 16; offset > 0; offset /= 2)
    value += __shfl_down_sync(0xffffffffu, value, offset);
  const int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
  if (lane == 0) partial[warp] = value;
  __syncthreads();
  if (warp == 0) {
    value = lane < kThreads / 32 ? partial[lane] : 0.0;
    for (int offset = 16; offset > 0; offset /= 2)
      value += __shfl_down_sync(0xffffffffu, value, offset);
  }
  __syncthreads();  // `partial` may be reused by a following call
  return value;
}

// One block per group g in [0, groups) (grid-stride over groups): body(g) runs in every thread
// of the block, which cooperate through block_sum.
template <class F>
__global__ void for_each_group_kernel(int64_t groups, F body) {
  for (int64_t g = blockIdx.x; g < groups; g += gridDim.x) body(g);
}

template <class F>
void for_each_group(int64_t groups, F body) {
  if (groups <= 0) return;
  unsigned blocks = static_cast<unsigned>(groups < 65536 ? groups : 65536);
  for_each_group_kernel<<<blocks, kThreads, 0, current_stream()>>>(groups, body);
  PHANTOM_LAUNCH_CHECK();
}

// Σ v[0..n) in f64, summed in a fixed order (deterministic); waits for the result.
double sum_f64(const double* v, int64_t n);

}  // namespace phantom::kernels::cuda
