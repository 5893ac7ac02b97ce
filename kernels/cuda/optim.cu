// Fused optimizer updates on the GPU: one thread per parameter element, optim_math.h formulas.
#include "kernels/cuda/launch.h"
#include "kernels/optim.h"
#include "kernels/optim_math.h"

namespace phantom::kernels::cuda {

template <class T>
void sgd_step(const SgdHyper& h, int64_t n, T* param, const T* grad, T* momentum_buffer) {
  const SgdHyper hyper = h;
  for_each_index(n, [=] __device__(int64_t i) {
    sgd_update(hyper, param[i], grad[i], momentum_buffer ? momentum_buffer + i : nullptr);
  });
}

template <class T>
void adam_step(const AdamHyper& h, int64_t n, T* param, const T* grad, T* exp_avg, T* exp_avg_sq) {
  const AdamHyper hyper = h;
  for_each_index(n, [=] __device__(int64_t i) {
    adam_update(hyper, param[i], grad[i], exp_avg[i], exp_avg_sq[i]);
  });
}

template void sgd_step<float>(const SgdHyper&, int64_t, float*, const float*, float*);
template void adam_step<float>(const AdamHyper&, int64_t, float*, const float*, float*, float*);

}  // namespace phantom::kernels::cuda
