#include "kernels/batchnorm.h"

#include <cmath>
#include <utility>

#include "kernels/batchnorm_math.h"
#include "kernels/cpu/parallel.h"

namespace phantom::kernels::cpu {

namespace {
// Channels are independent, so the parallel loop is over channels; a channel's elements are the
// n rows of s contiguous values at x + (i*c + ch)*s.
template <class F>
void for_each_channel(const BatchNormDims& d, F&& body) {
  if (d.n * d.c * d.s < kParallelGrain) {
    for (int64_t ch = 0; ch < d.c; ++ch) body(ch);
    return;
  }
#pragma omp parallel for schedule(static)
  for (int64_t ch = 0; ch < d.c; ++ch) body(ch);
}

template <class F>
void for_each_element(const BatchNormDims& d, int64_t ch, F&& body) {
  for (int64_t i = 0; i < d.n; ++i) {
    int64_t base = (i * d.c + ch) * d.s;
    for (int64_t k = 0; k < d.s; ++k) body(base + k);
  }
}

// Sums of term_a(j) and term_b(j) over a channel's elements, in double. Each row of s values is
// summed in SIMD lanes (the one reassociation: a serial double sum runs at one add per 4 cycles),
// then the rows are added in order.
template <class A, class B>
std::pair<double, double> channel_sums(const BatchNormDims& d, int64_t ch, A&& term_a, B&& term_b) {
  double total_a = 0, total_b = 0;
  for (int64_t i = 0; i < d.n; ++i) {
    const int64_t base = (i * d.c + ch) * d.s;
    double row_a = 0, row_b = 0;
#pragma omp simd reduction(+ : row_a, row_b)
    for (int64_t k = 0; k < d.s; ++k) {
      row_a += term_a(base + k);
      row_b += term_b(base + k);
    }
    total_a += row_a;
    total_b += row_b;
  }
  return {total_a, total_b};
}
}  // namespace

template <class T>
void batch_norm_stats(const BatchNormDims& d, const T* x, T* mean, T* var) {
  const double inv_m = 1.0 / static_cast<double>(d.count());
  auto zero = [](int64_t) { return 0.0; };
  for_each_channel(d, [&](int64_t ch) {
    const double mu = channel_sums(
                          d, ch, [&](int64_t j) { return static_cast<double>(x[j]); }, zero)
                          .first *
                      inv_m;
    // Two passes: Σ(x − μ)² does not cancel catastrophically the way Σx² − mμ² does.
    const double sq = channel_sums(
                          d, ch,
                          [&](int64_t j) {
                            const double dx = x[j] - mu;
                            return dx * dx;
                          },
                          zero)
                          .first;
    mean[ch] = static_cast<T>(mu);
    var[ch] = static_cast<T>(sq * inv_m);
  });
}

template <class T>
void batch_norm_invstd(int64_t c, const T* var, T eps, T* invstd) {
  for (int64_t ch = 0; ch < c; ++ch) invstd[ch] = T(1) / std::sqrt(var[ch] + eps);
}

template <class T>
void batch_norm_update_running(const BatchNormDims& d, const T* mean, const T* var, T momentum,
                               T* running_mean, T* running_var) {
  const T m = static_cast<T>(d.count());
  for (int64_t ch = 0; ch < d.c; ++ch) {
    running_mean[ch] = batch_norm_running(running_mean[ch], mean[ch], momentum);
    running_var[ch] = batch_norm_running(running_var[ch], var[ch] * m / (m - T(1)), momentum);
  }
}

template <class T>
void batch_norm_forward(const BatchNormDims& d, const T* x, const T* mean, const T* invstd,
                        const T* weight, const T* bias, T* y) {
  for_each_channel(d, [&](int64_t ch) {
    const T scale = invstd[ch] * (weight ? weight[ch] : T(1));
    const T shift = (bias ? bias[ch] : T(0)) - mean[ch] * scale;
    for_each_element(d, ch, [&](int64_t j) { y[j] = x[j] * scale + shift; });
  });
}

template <class T>
void batch_norm_backward(const BatchNormDims& d, bool batch_stats, const T* x, const T* mean,
                         const T* invstd, const T* weight, const T* dL_dy, T* dL_dx, T* dL_dw,
                         T* dL_db) {
  const T inv_m = T(1) / static_cast<T>(d.count());
  for_each_channel(d, [&](int64_t ch) {
    const T mu = mean[ch], is = invstd[ch];
    const auto [sum_dy, sum_dy_xhat] = channel_sums(
        d, ch, [&](int64_t j) { return static_cast<double>(dL_dy[j]); },
        [&](int64_t j) { return static_cast<double>(dL_dy[j]) * ((x[j] - mu) * is); });
    if (dL_dw) dL_dw[ch] = static_cast<T>(sum_dy_xhat);
    if (dL_db) dL_db[ch] = static_cast<T>(sum_dy);
    if (!dL_dx) return;
    const T w_invstd = (weight ? weight[ch] : T(1)) * is;
    if (!batch_stats) {
      for_each_element(d, ch, [&](int64_t j) { dL_dx[j] = dL_dy[j] * w_invstd; });
      return;
    }
    const T sdy = static_cast<T>(sum_dy), sdyx = static_cast<T>(sum_dy_xhat);
    for_each_element(d, ch, [&](int64_t j) {
      dL_dx[j] = batch_norm_dx_train(dL_dy[j], (x[j] - mu) * is, w_invstd, inv_m, sdy, sdyx);
    });
  });
}

#define PHANTOM_INSTANTIATE(T)                                                                     \
  template void batch_norm_stats<T>(const BatchNormDims&, const T*, T*, T*);                       \
  template void batch_norm_invstd<T>(int64_t, const T*, T, T*);                                    \
  template void batch_norm_update_running<T>(const BatchNormDims&, const T*, const T*, T, T*, T*); \
  template void batch_norm_forward<T>(const BatchNormDims&, const T*, const T*, const T*,          \
                                      const T*, const T*, T*);                                     \
  template void batch_norm_backward<T>(const BatchNormDims&, bool, const T*, const T*, const T*,   \
                                       const T*, const T*, T*, T*, T*);
PHANTOM_INSTANTIATE(float)
PHANTOM_INSTANTIATE(double)
#undef PHANTOM_INSTANTIATE

}  // namespace phantom::kernels::cpu
