#include "kernels/optim.h"

#include "kernels/cpu/parallel.h"
#include "kernels/optim_math.h"

namespace phantom::kernels::cpu {

template <class T>
void sgd_step(const SgdHyper& h, int64_t n, T* param, const T* grad, T* momentum_buffer) {
  parallel_for(n, [&](int64_t i) {
    sgd_update(h, param[i], grad[i], momentum_buffer ? momentum_buffer + i : nullptr);
  });
}

template <class T>
void adam_step(const AdamHyper& h, int64_t n, T* param, const T* grad, T* exp_avg, T* exp_avg_sq) {
  parallel_for(n, [&](int64_t i) { adam_update(h, param[i], grad[i], exp_avg[i], exp_avg_sq[i]); });
}

#define PHANTOM_INSTANTIATE(T)                                           \
  template void sgd_step<T>(const SgdHyper&, int64_t, T*, const T*, T*); \
  template void adam_step<T>(const AdamHyper&, int64_t, T*, const T*, T*, T*);
PHANTOM_INSTANTIATE(float)
PHANTOM_INSTANTIATE(double)
#undef PHANTOM_INSTANTIATE

}  // namespace phantom::kernels::cpu
