#include "kernels/resize.h"

#include <algorithm>

#include "kernels/cpu/parallel.h"

namespace phantom::kernels::cpu {

namespace {
int64_t grain_for(const AxisResamplePlan& p) {
  return std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(1, p.out_len * p.inner * p.taps));
}
}  // namespace

template <class T>
void axis_resample(const AxisResamplePlan& p, const int64_t* first, const int64_t* count,
                   const T* w, const T* src, T* dst) {
  parallel_chunks(p.outer, grain_for(p), [&](int64_t o0, int64_t o1) {
    for (int64_t o = o0; o < o1; ++o) {
      const T* s = src + o * p.in_len * p.inner;
      T* d = dst + o * p.out_len * p.inner;
      for (int64_t j = 0; j < p.out_len; ++j) {
        T* dj = d + j * p.inner;
        std::fill(dj, dj + p.inner, T(0));
        for (int64_t t = 0; t < count[j]; ++t) {
          const T wt = w[j * p.taps + t];
          const T* st = s + (first[j] + t) * p.inner;
          for (int64_t k = 0; k < p.inner; ++k) dj[k] += wt * st[k];
        }
      }
    }
  });
}

template <class T>
void axis_resample_transposed(const AxisResamplePlan& p, const int64_t* first, const int64_t* count,
                              const T* w, const T* dL_ddst, T* dL_dsrc) {
  // Parallel over `outer` only: within one slice, overlapping windows add into the same rows.
  parallel_chunks(p.outer, grain_for(p), [&](int64_t o0, int64_t o1) {
    for (int64_t o = o0; o < o1; ++o) {
      const T* g = dL_ddst + o * p.out_len * p.inner;
      T* d = dL_dsrc + o * p.in_len * p.inner;
      std::fill(d, d + p.in_len * p.inner, T(0));
      for (int64_t j = 0; j < p.out_len; ++j) {
        const T* gj = g + j * p.inner;
        for (int64_t t = 0; t < count[j]; ++t) {
          const T wt = w[j * p.taps + t];
          T* dt = d + (first[j] + t) * p.inner;
          for (int64_t k = 0; k < p.inner; ++k) dt[k] += wt * gj[k];
        }
      }
    }
  });
}

#define PHANTOM_INSTANTIATE(T)                                                            \
  template void axis_resample<T>(const AxisResamplePlan&, const int64_t*, const int64_t*, \
                                 const T*, const T*, T*);                                 \
  template void axis_resample_transposed<T>(const AxisResamplePlan&, const int64_t*,      \
                                            const int64_t*, const T*, const T*, T*);
PHANTOM_INSTANTIATE(float)
PHANTOM_INSTANTIATE(double)
#undef PHANTOM_INSTANTIATE

}  // namespace phantom::kernels::cpu
