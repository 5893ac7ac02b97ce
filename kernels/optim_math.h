// Per-element optimizer updates shared by the CPU and CUDA backends, in the order of operations
// of PyTorch's single-tensor implementations (torch.optim.SGD / Adam / AdamW).
#pragma once
#include <cmath>

#include "kernels/hd.h"
#include "kernels/optim.h"

namespace phantom::kernels {

// SGD with optional weight decay, momentum (dampening), Nesterov:
//   g ← g + wd·p;  b ← g on the first step, else μ·b + (1 − τ)·g;
//   g ← g + μ·b (Nesterov) or b;  p ← p − lr·g.
template <class T>
PHANTOM_HD void sgd_update(const SgdHyper& h, T& p, T g, T* buf) {
  if (h.weight_decay != 0) g = g + T(h.weight_decay) * p;
  if (h.momentum != 0) {
    T b = h.first_step ? g : T(h.momentum) * *buf + T(1 - h.dampening) * g;
    *buf = b;
    g = h.nesterov ? g + T(h.momentum) * b : b;
  }
  p = p - T(h.lr) * g;
}

// Adam / AdamW:
//   p ← p (1 − lr·wd) (AdamW)  or  g ← g + wd·p (Adam);
//   m ← m + (1 − β1)(g − m);  v ← β2·v + (1 − β2) g²;
//   p ← p − step_size · m / (sqrt(v) / sqrt(1 − β2^t) + eps).
template <class T>
PHANTOM_HD void adam_update(const AdamHyper& h, T& p, T g, T& m, T& v) {
  if (h.weight_decay != 0) {
    if (h.decoupled_weight_decay)
      p = p * T(1 - h.lr * h.weight_decay);
    else
      g = g + T(h.weight_decay) * p;
  }
  m = m + T(1 - h.beta1) * (g - m);
  v = T(h.beta2) * v + T(1 - h.beta2) * g * g;
  T denom = std::sqrt(v) / T(h.bias_correction2_sqrt) + T(h.eps);
  p = p - T(h.step_size) * (m / denom);
}

}  // namespace phantom::kernels
