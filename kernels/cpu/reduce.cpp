#include "kernels/reduce.h"

#include <cmath>
#include <vector>

#include "kernels/cpu/parallel.h"

namespace phantom::kernels::cpu {

// The reductions walk the input once, serially, accumulating in f64: reductions are a small share
// of the run time here, and a serial walk keeps results bit-for-bit deterministic.
template <class T>
void reduce_sum(const BroadcastPlan& plan, const T* x, T* y, int64_t out_numel) {
  std::vector<double> acc(static_cast<size_t>(out_numel), 0.0);
  for (int64_t i = 0; i < plan.numel; ++i) {
    int64_t ia, ib;
    broadcast_offsets(plan, i, ia, ib);
    acc[static_cast<size_t>(ib)] += x[ia];
  }
  for (int64_t o = 0; o < out_numel; ++o) y[o] = static_cast<T>(acc[static_cast<size_t>(o)]);
}

template <class T>
void reduce_max(const BroadcastPlan& plan, const T* x, T* y, int64_t* argmax, int64_t out_numel) {
  for (int64_t o = 0; o < out_numel; ++o) argmax[o] = -1;
  for (int64_t i = 0; i < plan.numel; ++i) {
    int64_t ia, ib;
    broadcast_offsets(plan, i, ia, ib);
    if (argmax[ib] < 0 || x[ia] > y[ib] || (std::isnan(x[ia]) && !std::isnan(y[ib]))) {
      y[ib] = x[ia];
      argmax[ib] = ia;
    }
  }
}

template <class T>
void reduce_abs_pow_sum(const BroadcastPlan& plan, const T* x, T* y, int64_t out_numel, double p) {
  std::vector<double> acc(static_cast<size_t>(out_numel), 0.0);
  for (int64_t i = 0; i < plan.numel; ++i) {
    int64_t ia, ib;
    broadcast_offsets(plan, i, ia, ib);
    acc[static_cast<size_t>(ib)] += std::pow(std::abs(static_cast<double>(x[ia])), p);
  }
  for (int64_t o = 0; o < out_numel; ++o) y[o] = static_cast<T>(acc[static_cast<size_t>(o)]);
}

template <class T>
void expand_grad(const BroadcastPlan& plan, const T* dL_dy, T* dL_dx, double scale) {
  parallel_for(plan.numel, [&](int64_t i) {
    int64_t ia, ib;
    broadcast_offsets(plan, i, ia, ib);
    dL_dx[ia] = static_cast<T>(scale * dL_dy[ib]);
  });
}

template <class T>
void norm_backward(const BroadcastPlan& plan, const T* x, const T* norm, const T* dL_dy, T* dL_dx, double p) {
  parallel_for(plan.numel, [&](int64_t i) {
    int64_t ia, ib;
    broadcast_offsets(plan, i, ia, ib);
    double n = norm[ib], v = x[ia];
    double d = n == 0 ? 0.0 : (v > 0 ? 1.0 : (v < 0 ? -1.0 : 0.0)) * std::pow(std::abs(v) / n, p - 1);
    dL_dx[ia] = static_cast<T>(d * dL_dy[ib]);
  });
}

#define PHANTOM_INSTANTIATE(T)                                                                   \
  template void reduce_sum<T>(const BroadcastPlan&, const T*, T*, int64_t);                      \
  template void reduce_max<T>(const BroadcastPlan&, const T*, T*, int64_t*, int64_t);            \
  template void reduce_abs_pow_sum<T>(const BroadcastPlan&, const T*, T*, int64_t, double);      \
  template void expand_grad<T>(const BroadcastPlan&, const T*, T*, double);                      \
  template void norm_backward<T>(const BroadcastPlan&, const T*, const T*, const T*, T*, double);
PHANTOM_INSTANTIATE(float)
PHANTOM_INSTANTIATE(double)
#undef PHANTOM_INSTANTIATE

}  // namespace phantom::kernels::cpu
