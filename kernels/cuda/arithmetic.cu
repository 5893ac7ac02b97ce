// Broadcasting binary ops and affine on the GPU: one thread per output element (grid-stride),
// formulas from arithmetic_math.h.
#include "kernels/arithmetic.h"
#include "kernels/arithmetic_math.h"
#include "kernels/cuda/launch.h"

namespace phantom::kernels::cuda {

template <class T>
void binary_forward(BinaryFn fn, const BroadcastPlan& plan, const T* a, const T* b, T* y) {
  const BroadcastPlan p = plan;
  if (p.same_shape) {
    for_each_index(p.numel, [=] __device__(int64_t i) { y[i] = binary_apply(fn, a[i], b[i]); });
    return;
  }
  for_each_index(p.numel, [=] __device__(int64_t i) {
    int64_t ia, ib;
    broadcast_offsets(p, i, ia, ib);
    y[i] = binary_apply(fn, a[ia], b[ib]);
  });
}

template <class T>
void binary_backward(BinaryFn fn, const BroadcastPlan& plan, const T* a, const T* b, const T* dL_dy,
                     T* dL_da_full, T* dL_db_full) {
  const BroadcastPlan p = plan;
  for_each_index(p.numel, [=] __device__(int64_t i) {
    int64_t ia = i, ib = i;
    if (!p.same_shape) broadcast_offsets(p, i, ia, ib);
    if (dL_da_full) dL_da_full[i] = dL_dy[i] * binary_da(fn, a[ia], b[ib]);
    if (dL_db_full) dL_db_full[i] = dL_dy[i] * binary_db(fn, a[ia], b[ib]);
  });
}

template <class T>
void affine(const T* x, T* y, int64_t n, T alpha, T beta) {
  for_each_index(n, [=] __device__(int64_t i) { y[i] = alpha * x[i] + beta; });
}

template void binary_forward<float>(BinaryFn, const BroadcastPlan&, const float*, const float*,
                                    float*);
template void binary_backward<float>(BinaryFn, const BroadcastPlan&, const float*, const float*,
                                     const float*, float*, float*);
template void affine<float>(const float*, float*, int64_t, float, float);

}  // namespace phantom::kernels::cuda
