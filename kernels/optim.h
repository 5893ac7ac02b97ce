// Optimizer updates, one parameter tensor at a time. Formulas in optim_math.h (PyTorch semantics).
#pragma once
#include <cstdint>

namespace phantom::kernels {

struct SgdHyper {
  double lr = 0, weight_decay = 0, momentum = 0, dampening = 0;
  bool nesterov = false;
  bool first_step = false;  // the momentum buffer starts as the first gradient, undamped
};

// Per-step Adam coefficients; step_size and bias_correction2_sqrt fold in the bias correction
// for this parameter's step count t: lr / (1 − β1^t) and sqrt(1 − β2^t).
struct AdamHyper {
  double lr = 0, weight_decay = 0, beta1 = 0, beta2 = 0, eps = 0;
  double step_size = 0, bias_correction2_sqrt = 1;
  bool decoupled_weight_decay = false;  // AdamW: p ← p (1 − lr·wd) instead of g ← g + wd·p
};

namespace cpu {
// momentum_buffer may be null when momentum is 0.
template <class T>
void sgd_step(const SgdHyper& h, int64_t n, T* param, const T* grad, T* momentum_buffer);
template <class T>
void adam_step(const AdamHyper& h, int64_t n, T* param, const T* grad, T* exp_avg, T* exp_avg_sq);
}  // namespace cpu

// The same kernels on the GPU (cuda/optim.cu); pointers are device memory.
namespace cuda {
template <class T>
void sgd_step(const SgdHyper& h, int64_t n, T* param, const T* grad, T* momentum_buffer);
template <class T>
void adam_step(const AdamHyper& h, int64_t n, T* param, const T* grad, T* exp_avg, T* exp_avg_sq);
}  // namespace cuda

}  // namespace phantom::kernels
