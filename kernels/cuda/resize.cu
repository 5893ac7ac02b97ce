// Separable resampling on the GPU: one thread per destination element sums its taps; the
// transpose zeroes dL/dsrc and scatters each tap with atomicAdd.
#include "kernels/cuda/launch.h"
#include "kernels/resize.h"

namespace phantom::kernels::cuda {

template <class T>
void axis_resample(const AxisResamplePlan& plan, const int64_t* first, const int64_t* count,
                   const T* w, const T* src, T* dst) {
  const AxisResamplePlan p = plan;
  for_each_index(p.outer * p.out_len * p.inner, [=] __device__(int64_t i) {
    const int64_t k = i % p.inner, j = (i / p.inner) % p.out_len, o = i / (p.inner * p.out_len);
    const T* s = src + o * p.in_len * p.inner + k;
    T acc = 0;
    for (int64_t t = 0; t < count[j]; ++t) acc += w[j * p.taps + t] * s[(first[j] + t) * p.inner];
    dst[i] = acc;
  });
}

template <class T>
void axis_resample_transposed(const AxisResamplePlan& plan, const int64_t* first,
                              const int64_t* count, const T* w, const T* dL_ddst, T* dL_dsrc) {
  const AxisResamplePlan p = plan;
  PHANTOM_CUDA_CHECK(cudaMemsetAsync(
      dL_dsrc, 0, static_cast<size_t>(p.outer * p.in_len * p.inner) * sizeof(T), current_stream()));
  for_each_index(p.outer * p.out_len * p.inner, [=] __device__(int64_t i) {
    const int64_t k = i % p.inner, j = (i / p.inner) % p.out_len, o = i / (p.inner * p.out_len);
    T* d = dL_dsrc + o * p.in_len * p.inner + k;
    for (int64_t t = 0; t < count[j]; ++t)
      atomicAdd(d + (first[j] + t) * p.inner, w[j * p.taps + t] * dL_ddst[i]);
  });
}

template void axis_resample<float>(const AxisResamplePlan&, const int64_t*, const int64_t*,
                                   const float*, const float*, float*);
template void axis_resample_transposed<float>(const AxisResamplePlan&, const int64_t*,
                                              const int64_t*, const float*, const float*, float*);

}  // namespace phantom::kernels::cuda
