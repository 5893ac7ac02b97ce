// Elementwise functions of one tensor (formulas and derivatives in kernels/unary_math.h).
#pragma once
#include "engine/core/tensor.h"

namespace phantom {

Tensor exp(const Tensor& x);
Tensor log(const Tensor& x);
Tensor sqrt(const Tensor& x);
Tensor pow(const Tensor& x, double exponent);
Tensor abs(const Tensor& x);                          // subgradient 0 at 0
Tensor clamp(const Tensor& x, double lo, double hi);  // gradient passes strictly inside (lo, hi)
Tensor relu(const Tensor& x);
Tensor leaky_relu(const Tensor& x, double negative_slope);
Tensor sigmoid(const Tensor& x);
Tensor tanh(const Tensor& x);
Tensor softplus(const Tensor& x);  // log(1 + e^x), computed stably
Tensor acosh(const Tensor& x);     // defined for x >= 1

// StyleGAN2's bias_act: y = clamp(act(x + b) * gain, -clamp, clamp) with b broadcast along dim 1
// (b may be undefined for no bias). act is leaky ReLU with `slope` (1 = linear). clamp < 0: none.
Tensor bias_act(const Tensor& x, const Tensor& b, double slope, double gain, double clamp = -1);

}  // namespace phantom
