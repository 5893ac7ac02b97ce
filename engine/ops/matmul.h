// Matrix products through the GEMM kernels.
#pragma once
#include "engine/core/tensor.h"

namespace phantom {

// a: [..., M, K] or [M, K]; b: [K, N] or batched [..., K, N] with the same leading dims as a.
Tensor matmul(const Tensor& a, const Tensor& b);
// y = x Wᵀ + b, torch.nn.functional.linear: x [N, in], w [out, in], b [out] or undefined.
Tensor linear(const Tensor& x, const Tensor& w, const Tensor& b);

}  // namespace phantom
