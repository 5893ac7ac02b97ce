// Batch normalisation over dim 1 of [N, C] or [N, C, H, W]. In training mode it normalises with
// the batch statistics and updates running_mean / running_var in place (unbiased variance,
// `momentum` as in PyTorch); in eval mode it uses the running statistics.
#pragma once
#include "engine/core/tensor.h"

namespace phantom {

Tensor batch_norm(const Tensor& x, const Tensor& weight, const Tensor& bias, Tensor running_mean,
                  Tensor running_var, bool training, double momentum = 0.1, double eps = 1e-5);

}  // namespace phantom
