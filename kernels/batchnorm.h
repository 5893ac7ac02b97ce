// Batch normalisation over the channel dim of x viewed as [N, C, S] (S = H*W, or 1 for [N, C]).
// Per-channel statistics are computed in double whatever T is, so f32 batches of millions of
// elements keep their variance accurate. Formulas shared with the GPU in batchnorm_math.h.
#pragma once
#include <cstdint>

namespace phantom::kernels {

struct BatchNormDims {
  int64_t n = 0, c = 0, s = 1;             // x is [n, c, s]
  int64_t count() const { return n * s; }  // elements per channel
};

namespace cpu {
// mean[c] and the biased variance var[c] of each channel.
template <class T>
void batch_norm_stats(const BatchNormDims& d, const T* x, T* mean, T* var);
// invstd[c] = 1 / sqrt(var[c] + eps).
template <class T>
void batch_norm_invstd(int64_t c, const T* var, T eps, T* invstd);
// running = (1 - momentum) running + momentum stat, with the unbiased variance for running_var.
template <class T>
void batch_norm_update_running(const BatchNormDims& d, const T* mean, const T* var, T momentum,
                               T* running_mean, T* running_var);
// y = (x - mean) * invstd * weight + bias; weight / bias may be null (1 and 0).
template <class T>
void batch_norm_forward(const BatchNormDims& d, const T* x, const T* mean, const T* invstd,
                        const T* weight, const T* bias, T* y);
// Gradients given the statistics the forward normalised with. `batch_stats`: mean / invstd came
// from this batch, so dL/dx includes their dependence on x; otherwise (eval) the map is affine.
// dL_dx, dL_dw, dL_db may each be null when not needed; weight may be null (1).
template <class T>
void batch_norm_backward(const BatchNormDims& d, bool batch_stats, const T* x, const T* mean,
                         const T* invstd, const T* weight, const T* dL_dy, T* dL_dx, T* dL_dw,
                         T* dL_db);
}  // namespace cpu

// The same kernels on the GPU (cuda/batchnorm.cu); pointers are device memory.
namespace cuda {
template <class T>
void batch_norm_stats(const BatchNormDims& d, const T* x, T* mean, T* var);
template <class T>
void batch_norm_invstd(int64_t c, const T* var, T eps, T* invstd);
template <class T>
void batch_norm_update_running(const BatchNormDims& d, const T* mean, const T* var, T momentum,
                               T* running_mean, T* running_var);
template <class T>
void batch_norm_forward(const BatchNormDims& d, const T* x, const T* mean, const T* invstd,
                        const T* weight, const T* bias, T* y);
template <class T>
void batch_norm_backward(const BatchNormDims& d, bool batch_stats, const T* x, const T* mean,
                         const T* invstd, const T* weight, const T* dL_dy, T* dL_dx, T* dL_dw,
                         T* dL_db);
}  // namespace cuda

}  // namespace phantom::kernels
