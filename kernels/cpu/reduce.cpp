#include "kernels/reduce.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "kernels/cpu/broadcast_rows.h"
#include "kernels/cpu/parallel.h"
#include "kernels/reduce_math.h"

namespace phantom::kernels::cpu {

namespace {

using Groups = ReduceGroups;

// Calls visit(input offset) for group elements [begin, end) in row-major order of the reduced dims.
template <class Visit>
void walk(const Groups& g, int64_t base, int64_t begin, int64_t end, Visit&& visit) {
  int64_t idx[kMaxRank], offset = base, r = begin;
  for (int d = g.reduced_rank - 1; d >= 0; --d) {
    idx[d] = r % g.reduced_size[d];
    r /= g.reduced_size[d];
    offset += idx[d] * g.reduced_stride[d];
  }
  for (int64_t i = begin; i < end; ++i) {
    visit(offset);
    for (int d = g.reduced_rank - 1; d >= 0; --d) {  // odometer step
      offset += g.reduced_stride[d];
      if (++idx[d] < g.reduced_size[d]) break;
      offset -= idx[d] * g.reduced_stride[d];
      idx[d] = 0;
    }
  }
}

// Σ term(x[offset]) per group in f64, each group summed in row-major order of its reduced dims.
// Many groups: kLanes neighbouring groups walked together, one accumulator each, so the f64 adds
// of different groups overlap instead of waiting on one another (each group's order unchanged).
// Few large groups: fixed chunks summed in order, so the result never depends on the number of
// threads.
template <class T, class Term>
void fold_sum(const BroadcastPlan& plan, const T* x, T* y, int64_t out_numel, Term&& term) {
  Groups g = make_reduce_groups(plan);
  constexpr int64_t kChunk = 16384;
  if (out_numel >= 8 || g.count <= kChunk) {
    // Groups o0 .. o0 + kLanes − 1 (their offsets differ only by their bases).
    auto groups = [&]<int64_t kLanes>(int64_t o0) {
      int64_t base[kLanes];
      double acc[kLanes] = {};
      for (int64_t l = 0; l < kLanes; ++l) base[l] = group_base(g, o0 + l);
      walk(g, 0, 0, g.count, [&](int64_t off) {
        for (int64_t l = 0; l < kLanes; ++l) acc[l] += term(x[base[l] + off]);
      });
      for (int64_t l = 0; l < kLanes; ++l) y[o0 + l] = static_cast<T>(acc[l]);
    };
    constexpr int64_t kLanes = 8;
    const int64_t full = out_numel / kLanes * kLanes;
#pragma omp parallel for schedule(static) if (plan.numel > kParallelGrain)
    for (int64_t o0 = 0; o0 < full; o0 += kLanes) groups.template operator()<kLanes>(o0);
    for (int64_t o = full; o < out_numel; ++o) groups.template operator()<1>(o);
    return;
  }
  int64_t chunks = (g.count + kChunk - 1) / kChunk;
  std::vector<double> partial(static_cast<size_t>(chunks));
  for (int64_t o = 0; o < out_numel; ++o) {
    int64_t base = group_base(g, o);
#pragma omp parallel for schedule(static)
    for (int64_t c = 0; c < chunks; ++c) {
      double acc = 0;
      walk(g, base, c * kChunk, std::min(g.count, (c + 1) * kChunk),
           [&](int64_t off) { acc += term(x[off]); });
      partial[static_cast<size_t>(c)] = acc;
    }
    double total = 0;
    for (double p : partial) total += p;
    y[o] = static_cast<T>(total);
  }
}

}  // namespace

template <class T>
void reduce_sum(const BroadcastPlan& plan, const T* x, T* y, int64_t out_numel) {
  fold_sum(plan, x, y, out_numel, [](T v) { return static_cast<double>(v); });
}

template <class T>
void reduce_abs_pow_sum(const BroadcastPlan& plan, const T* x, T* y, int64_t out_numel, double p) {
  fold_sum(plan, x, y, out_numel,
           [p](T v) { return std::pow(std::abs(static_cast<double>(v)), p); });
}

template <class T>
void reduce_max(const BroadcastPlan& plan, const T* x, T* y, int64_t* argmax, int64_t out_numel) {
  Groups g = make_reduce_groups(plan);
#pragma omp parallel for schedule(static) if (plan.numel > kParallelGrain)
  for (int64_t o = 0; o < out_numel; ++o) {
    int64_t best = -1;
    // The first maximum in row-major order wins; a NaN beats every number (it propagates).
    walk(g, group_base(g, o), 0, g.count, [&](int64_t off) {
      if (best < 0 || x[off] > x[best] || (std::isnan(x[off]) && !std::isnan(x[best]))) best = off;
    });
    argmax[o] = best;
    y[o] = x[best];
  }
}

template <class T>
void expand_grad(const BroadcastPlan& plan, const T* dL_dy, T* dL_dx, double scale) {
  // a is the (contiguous) input: its offset is the output index.
  for_each_broadcast_row(plan, [&](int64_t i, int64_t, int64_t ib, int64_t n, int64_t, int64_t sb) {
    for (int64_t j = 0; j < n; ++j) dL_dx[i + j] = static_cast<T>(scale * dL_dy[ib + j * sb]);
  });
}

template <class T>
void norm_backward(const BroadcastPlan& plan, const T* x, const T* norm, const T* dL_dy, T* dL_dx,
                   double p) {
  for_each_broadcast_row(plan, [&](int64_t i, int64_t, int64_t ib, int64_t n, int64_t, int64_t sb) {
    for (int64_t j = 0; j < n; ++j)
      dL_dx[i + j] =
          static_cast<T>(norm_grad_value(x[i + j], norm[ib + j * sb], dL_dy[ib + j * sb], p));
  });
}

template <class T>
void reduce_finish(T* y, int64_t n, double scale, double root) {
  parallel_for(n,
               [&](int64_t i) { y[i] = static_cast<T>(reduce_finish_value(y[i], scale, root)); });
}

#define PHANTOM_INSTANTIATE(T)                                                                    \
  template void reduce_sum<T>(const BroadcastPlan&, const T*, T*, int64_t);                       \
  template void reduce_max<T>(const BroadcastPlan&, const T*, T*, int64_t*, int64_t);             \
  template void reduce_abs_pow_sum<T>(const BroadcastPlan&, const T*, T*, int64_t, double);       \
  template void expand_grad<T>(const BroadcastPlan&, const T*, T*, double);                       \
  template void norm_backward<T>(const BroadcastPlan&, const T*, const T*, const T*, T*, double); \
  template void reduce_finish<T>(T*, int64_t, double, double);
PHANTOM_INSTANTIATE(float)
PHANTOM_INSTANTIATE(double)
#undef PHANTOM_INSTANTIATE

}  // namespace phantom::kernels::cpu
