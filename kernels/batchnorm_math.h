// Per-element batch-norm formulas shared by the CPU and CUDA backends.
#pragma once
#include "kernels/hd.h"

namespace phantom::kernels {

// PyTorch's running-statistic update: r <- (1 - momentum) r + momentum stat.
template <class T>
PHANTOM_HD T batch_norm_running(T running, T stat, T momentum) {
  return (T(1) - momentum) * running + momentum * stat;
}

// dL/dx of training-mode batch norm for one element, with m elements per channel,
// sum_dy = Σ dL/dy and sum_dy_xhat = Σ dL/dy · x̂ over the channel:
//   dL/dx = w·invstd/m · (m·dL/dy − sum_dy − x̂·sum_dy_xhat).
template <class T>
PHANTOM_HD T batch_norm_dx_train(T dL_dy, T xhat, T w_invstd, T inv_m, T sum_dy, T sum_dy_xhat) {
  return w_invstd * (dL_dy - inv_m * (sum_dy + xhat * sum_dy_xhat));
}

}  // namespace phantom::kernels
