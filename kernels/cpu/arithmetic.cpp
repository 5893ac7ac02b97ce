#include "kernels/arithmetic.h"

#include "kernels/arithmetic_math.h"
#include "kernels/cpu/broadcast_rows.h"
#include "kernels/cpu/parallel.h"

namespace phantom::kernels::cpu {

namespace {
template <class T, BinaryFn F>
void forward_fn(const BroadcastPlan& p, const T* a, const T* b, T* y) {
  if (p.same_shape) {
    parallel_for(p.numel, [&](int64_t i) { y[i] = binary_apply(F, a[i], b[i]); });
    return;
  }
  // The common broadcasts get their own loops: an operand constant along the row, or both
  // contiguous.
  for_each_broadcast_row(p,
                         [&](int64_t i, int64_t ia, int64_t ib, int64_t n, int64_t sa, int64_t sb) {
                           T* __restrict out = y + i;
                           const T* __restrict pa = a + ia;
                           const T* __restrict pb = b + ib;
                           if (sa == 1 && sb == 1) {
                             for (int64_t j = 0; j < n; ++j) out[j] = binary_apply(F, pa[j], pb[j]);
                           } else if (sa == 1 && sb == 0) {
                             const T vb = *pb;
                             for (int64_t j = 0; j < n; ++j) out[j] = binary_apply(F, pa[j], vb);
                           } else if (sa == 0 && sb == 1) {
                             const T va = *pa;
                             for (int64_t j = 0; j < n; ++j) out[j] = binary_apply(F, va, pb[j]);
                           } else {
                             for (int64_t j = 0; j < n; ++j)
                               out[j] = binary_apply(F, pa[j * sa], pb[j * sb]);
                           }
                         });
}

// One output row of the backward: the full-size gradients of a and b (either may be null).
template <class T, BinaryFn F>
void backward_row(const T* __restrict a, const T* __restrict b, const T* __restrict dL_dy,
                  T* __restrict dL_da, T* __restrict dL_db, int64_t n, int64_t sa, int64_t sb) {
  for (int64_t j = 0; j < n; ++j) {
    const T va = a[j * sa], vb = b[j * sb];
    if (dL_da) dL_da[j] = dL_dy[j] * binary_da(F, va, vb);
    if (dL_db) dL_db[j] = dL_dy[j] * binary_db(F, va, vb);
  }
}

template <class T, BinaryFn F>
void backward_fn(const BroadcastPlan& p, const T* a, const T* b, const T* dL_dy, T* dL_da,
                 T* dL_db) {
  for_each_broadcast_row(p,
                         [&](int64_t i, int64_t ia, int64_t ib, int64_t n, int64_t sa, int64_t sb) {
                           T* da = dL_da ? dL_da + i : nullptr;
                           T* db = dL_db ? dL_db + i : nullptr;
                           // The stride patterns of the common broadcasts as compile-time
                           // constants, so they vectorise.
                           if (sa == 1 && sb == 1)
                             backward_row<T, F>(a + ia, b + ib, dL_dy + i, da, db, n, 1, 1);
                           else if (sa == 1 && sb == 0)
                             backward_row<T, F>(a + ia, b + ib, dL_dy + i, da, db, n, 1, 0);
                           else if (sa == 0 && sb == 1)
                             backward_row<T, F>(a + ia, b + ib, dL_dy + i, da, db, n, 0, 1);
                           else
                             backward_row<T, F>(a + ia, b + ib, dL_dy + i, da, db, n, sa, sb);
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
  switch (fn) {
    case BinaryFn::Add:
      return backward_fn<T, BinaryFn::Add>(p, a, b, dL_dy, dL_da_full, dL_db_full);
    case BinaryFn::Sub:
      return backward_fn<T, BinaryFn::Sub>(p, a, b, dL_dy, dL_da_full, dL_db_full);
    case BinaryFn::Mul:
      return backward_fn<T, BinaryFn::Mul>(p, a, b, dL_dy, dL_da_full, dL_db_full);
    case BinaryFn::Div:
      return backward_fn<T, BinaryFn::Div>(p, a, b, dL_dy, dL_da_full, dL_db_full);
  }
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
