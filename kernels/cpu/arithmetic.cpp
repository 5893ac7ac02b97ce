#include "kernels/arithmetic.h"

#include "kernels/arithmetic_math.h"
#include "kernels/cpu/parallel.h"

namespace phantom::kernels::cpu {

namespace {
template <class T, BinaryFn F>
void forward_fn(const BroadcastPlan& p, const T* a, const T* b, T* y) {
  if (p.same_shape) {
    parallel_for(p.numel, [&](int64_t i) { y[i] = binary_apply(F, a[i], b[i]); });
    return;
  }
  parallel_for(p.numel, [&](int64_t i) {
    int64_t ia, ib;
    broadcast_offsets(p, i, ia, ib);
    y[i] = binary_apply(F, a[ia], b[ib]);
  });
}
}  // namespace

template <class T>
void binary_forward(BinaryFn fn, const BroadcastPlan& plan, const T* a, const T* b, T* y) {
  // One instantiation per function so the inner loop has no switch and vectorises.
  switch (fn) {
    case BinaryFn::Add:
      return forward_fn<T, BinaryFn::Add>(plan, a, b, y);
    case BinaryFn::Sub:
      return forward_fn<T, BinaryFn::Sub>(plan, a, b, y);
    case BinaryFn::Mul:
      return forward_fn<T, BinaryFn::Mul>(plan, a, b, y);
    case BinaryFn::Div:
      return forward_fn<T, BinaryFn::Div>(plan, a, b, y);
  }
}

template <class T>
void binary_backward(BinaryFn fn, const BroadcastPlan& p, const T* a, const T* b, const T* dL_dy,
                     T* dL_da_full, T* dL_db_full) {
  parallel_for(p.numel, [&](int64_t i) {
    int64_t ia = i, ib = i;
    if (!p.same_shape) broadcast_offsets(p, i, ia, ib);
    if (dL_da_full) dL_da_full[i] = dL_dy[i] * binary_da(fn, a[ia], b[ib]);
    if (dL_db_full) dL_db_full[i] = dL_dy[i] * binary_db(fn, a[ia], b[ib]);
  });
}

template <class T>
void affine(const T* x, T* y, int64_t n, T alpha, T beta) {
  parallel_for(n, [&](int64_t i) { y[i] = alpha * x[i] + beta; });
}

#define PHANTOM_INSTANTIATE(T)                                                                   \
  template void binary_forward<T>(BinaryFn, const BroadcastPlan&, const T*, const T*, T*);       \
  template void binary_backward<T>(BinaryFn, const BroadcastPlan&, const T*, const T*, const T*, \
                                   T*, T*);                                                      \
  template void affine<T>(const T*, T*, int64_t, T, T);
PHANTOM_INSTANTIATE(float)
PHANTOM_INSTANTIATE(double)
#undef PHANTOM_INSTANTIATE

}  // namespace phantom::kernels::cpu
