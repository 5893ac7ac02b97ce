// Batch norm on the GPU: per-channel sums by one block per channel (f64, two passes for the
// variance as on the CPU), elementwise passes one thread per element; batchnorm_math.h formulas.
#include <cmath>
#include <optional>

#include "kernels/batchnorm.h"
#include "kernels/batchnorm_math.h"
#include "kernels/cuda/launch.h"
#include "kernels/cuda/runtime.h"
#include "kernels/cuda/stream.h"

namespace phantom::kernels::cuda {

namespace {
// Offset of element r of channel ch: the count() elements are n rows of s contiguous values.
__device__ inline int64_t channel_offset(BatchNormDims d, int64_t ch, int64_t r) {
  return ((r / d.s) * d.c + ch) * d.s + r % d.s;
}
}  // namespace

template <class T>
void batch_norm_stats(const BatchNormDims& dims, const T* x, T* mean, T* var) {
  const BatchNormDims d = dims;
  const int64_t count = d.count();
  const double inv_m = 1.0 / static_cast<double>(count);
  for_each_group(d.c, [=] __device__(int64_t ch) {
    __shared__ double mu_shared;
    double sum = 0;
    for (int64_t r = threadIdx.x; r < count; r += blockDim.x) sum += x[channel_offset(d, ch, r)];
    sum = block_sum(sum);
    if (threadIdx.x == 0) mu_shared = sum * inv_m;
    __syncthreads();
    const double mu = mu_shared;
    double sq = 0;
    for (int64_t r = threadIdx.x; r < count; r += blockDim.x) {
      double dx = x[channel_offset(d, ch, r)] - mu;
      sq += dx * dx;
    }
    sq = block_sum(sq);
    if (threadIdx.x == 0) {
      mean[ch] = static_cast<T>(mu);
      var[ch] = static_cast<T>(sq * inv_m);
    }
    __syncthreads();  // mu_shared is rewritten by the block's next channel
  });
}

template <class T>
void batch_norm_invstd(int64_t c, const T* var, T eps, T* invstd) {
  for_each_index(c, [=] __device__(int64_t ch) { invstd[ch] = T(1) / sqrt(var[ch] + eps); });
}

template <class T>
void batch_norm_update_running(const BatchNormDims& d, const T* mean, const T* var, T momentum,
                               T* running_mean, T* running_var) {
  const T m = static_cast<T>(d.count());
  for_each_index(d.c, [=] __device__(int64_t ch) {
    running_mean[ch] = batch_norm_running(running_mean[ch], mean[ch], momentum);
    running_var[ch] = batch_norm_running(running_var[ch], var[ch] * m / (m - T(1)), momentum);
  });
}

template <class T>
void batch_norm_forward(const BatchNormDims& dims, const T* x, const T* mean, const T* invstd,
                        const T* weight, const T* bias, T* y) {
  const BatchNormDims d = dims;
  for_each_index(d.n * d.c * d.s, [=] __device__(int64_t i) {
    const int64_t ch = (i / d.s) % d.c;
    const T scale = invstd[ch] * (weight ? weight[ch] : T(1));
    const T shift = (bias ? bias[ch] : T(0)) - mean[ch] * scale;
    y[i] = x[i] * scale + shift;
  });
}

template <class T>
void batch_norm_backward(const BatchNormDims& dims, bool batch_stats, const T* x, const T* mean,
                         const T* invstd, const T* weight, const T* dL_dy, T* dL_dx, T* dL_dw,
                         T* dL_db) {
  const BatchNormDims d = dims;
  const int64_t count = d.count();
  // Σ dL/dy and Σ dL/dy·x̂ per channel; kept (as T, like the CPU) for the dL/dx pass when needed.
  const bool keep_sums = dL_dx && batch_stats;
  std::optional<DeviceScratch<T>> scratch;
  if (keep_sums) scratch.emplace(2 * d.c);
  T* sums = keep_sums ? scratch->get() : nullptr;
  for_each_group(d.c, [=] __device__(int64_t ch) {
    const T mu = mean[ch], is = invstd[ch];
    double sum_dy = 0, sum_dy_xhat = 0;
    for (int64_t r = threadIdx.x; r < count; r += blockDim.x) {
      const int64_t j = channel_offset(d, ch, r);
      sum_dy += dL_dy[j];
      sum_dy_xhat += static_cast<double>(dL_dy[j]) * ((x[j] - mu) * is);
    }
    sum_dy = block_sum(sum_dy);
    sum_dy_xhat = block_sum(sum_dy_xhat);
    if (threadIdx.x == 0) {
      if (dL_dw) dL_dw[ch] = static_cast<T>(sum_dy_xhat);
      if (dL_db) dL_db[ch] = static_cast<T>(sum_dy);
      if (sums)
        sums[2 * ch] = static_cast<T>(sum_dy), sums[2 * ch + 1] = static_cast<T>(sum_dy_xhat);
    }
  });
  if (dL_dx) {
    const T inv_m = T(1) / static_cast<T>(d.count());
    for_each_index(d.n * d.c * d.s, [=] __device__(int64_t j) {
      const int64_t ch = (j / d.s) % d.c;
      const T is = invstd[ch], w_invstd = (weight ? weight[ch] : T(1)) * is;
      dL_dx[j] = sums ? batch_norm_dx_train(dL_dy[j], (x[j] - mean[ch]) * is, w_invstd, inv_m,
                                            sums[2 * ch], sums[2 * ch + 1])
                      : dL_dy[j] * w_invstd;
    });
  }
}

template void batch_norm_stats<float>(const BatchNormDims&, const float*, float*, float*);
template void batch_norm_invstd<float>(int64_t, const float*, float, float*);
template void batch_norm_update_running<float>(const BatchNormDims&, const float*, const float*,
                                               float, float*, float*);
template void batch_norm_forward<float>(const BatchNormDims&, const float*, const float*,
                                        const float*, const float*, const float*, float*);
template void batch_norm_backward<float>(const BatchNormDims&, bool, const float*, const float*,
                                         const float*, const float*, const float*, float*, float*,
                                         float*);

}  // namespace phantom::kernels::cuda
