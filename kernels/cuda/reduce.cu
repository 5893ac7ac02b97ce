// Reductions on the GPU. Groups (reduce_math.h) of up to kSmallGroup elements: one thread per
// output; larger groups: one block per output, summed in f64 in a fixed order per block size.
#include <cmath>

#include "kernels/cuda/launch.h"
#include "kernels/reduce.h"
#include "kernels/reduce_math.h"

namespace phantom::kernels::cuda {

namespace {

constexpr int64_t kSmallGroup = 64;

// y[o] = Σ term(x[offset]) over output o's group, in f64.
template <class T, class Term>
void fold_sum(const BroadcastPlan& plan, const T* x, T* y, int64_t out_numel, Term term) {
  const ReduceGroups g = make_reduce_groups(plan);
  if (g.count <= kSmallGroup) {
    for_each_index(out_numel, [=] __device__(int64_t o) {
      const int64_t base = group_base(g, o);
      double acc = 0;
      for (int64_t r = 0; r < g.count; ++r) acc += term(x[group_offset(g, base, r)]);
      y[o] = static_cast<T>(acc);
    });
    return;
  }
  for_each_group(out_numel, [=] __device__(int64_t o) {
    const int64_t base = group_base(g, o);
    double acc = 0;
    for (int64_t r = threadIdx.x; r < g.count; r += blockDim.x)
      acc += term(x[group_offset(g, base, r)]);
    acc = block_sum(acc);
    if (threadIdx.x == 0) y[o] = static_cast<T>(acc);
  });
}

struct Identity {
  template <class T>
  __device__ double operator()(T v) const {
    return static_cast<double>(v);
  }
};

struct AbsPow {
  double p;
  template <class T>
  __device__ double operator()(T v) const {
    return pow(fabs(static_cast<double>(v)), p);
  }
};

}  // namespace

template <class T>
void reduce_sum(const BroadcastPlan& plan, const T* x, T* y, int64_t out_numel) {
  fold_sum(plan, x, y, out_numel, Identity{});
}

template <class T>
void reduce_abs_pow_sum(const BroadcastPlan& plan, const T* x, T* y, int64_t out_numel, double p) {
  fold_sum(plan, x, y, out_numel, AbsPow{p});
}

// One thread per output: the first maximum in row-major order wins, a NaN beats every number.
template <class T>
void reduce_max(const BroadcastPlan& plan, const T* x, T* y, int64_t* argmax, int64_t out_numel) {
  const ReduceGroups g = make_reduce_groups(plan);
  for_each_index(out_numel, [=] __device__(int64_t o) {
    const int64_t base = group_base(g, o);
    int64_t best = base;
    for (int64_t r = 1; r < g.count; ++r) {
      int64_t off = group_offset(g, base, r);
      if (x[off] > x[best] || (isnan(x[off]) && !isnan(x[best]))) best = off;
    }
    argmax[o] = best;
    y[o] = x[best];
  });
}

template <class T>
void expand_grad(const BroadcastPlan& plan, const T* dL_dy, T* dL_dx, double scale) {
  const BroadcastPlan p = plan;
  for_each_index(p.numel, [=] __device__(int64_t i) {
    int64_t ia, ib;
    broadcast_offsets(p, i, ia, ib);
    dL_dx[ia] = static_cast<T>(scale * dL_dy[ib]);
  });
}

template <class T>
void norm_backward(const BroadcastPlan& plan, const T* x, const T* norm, const T* dL_dy, T* dL_dx,
                   double p) {
  const BroadcastPlan bp = plan;
  for_each_index(bp.numel, [=] __device__(int64_t i) {
    int64_t ia, ib;
    broadcast_offsets(bp, i, ia, ib);
    dL_dx[ia] = static_cast<T>(norm_grad_value(x[ia], norm[ib], dL_dy[ib], p));
  });
}

template <class T>
void reduce_finish(T* y, int64_t n, double scale, double root) {
  for_each_index(n, [=] __device__(int64_t i) {
    y[i] = static_cast<T>(reduce_finish_value(y[i], scale, root));
  });
}

template void reduce_sum<float>(const BroadcastPlan&, const float*, float*, int64_t);
template void reduce_max<float>(const BroadcastPlan&, const float*, float*, int64_t*, int64_t);
template void reduce_abs_pow_sum<float>(const BroadcastPlan&, const float*, float*, int64_t,
                                        double);
template void expand_grad<float>(const BroadcastPlan&, const float*, float*, double);
template void norm_backward<float>(const BroadcastPlan&, const float*, const float*, const float*,
                                   float*, double);
template void reduce_finish<float>(float*, int64_t, double, double);

}  // namespace phantom::kernels::cuda
