// Per-element formulas of the unary ops and their derivatives, shared by CPU and CUDA.
// Derivatives are given both x and y = f(x) so each uses whichever is cheaper and more accurate.
#pragma once
#include <cmath>
#include <cstdint>

#include "kernels/hd.h"

namespace phantom::kernels {

enum class UnaryFn : uint8_t {
  Exp,
  Log,
  Sqrt,
  Pow,
  Abs,
  Clamp,
  Relu,
  LeakyRelu,
  Sigmoid,
  Tanh,
  Softplus,
  Acosh
};

// Parameters used by some functions: Pow (a = exponent), Clamp (a = lo, b = hi), LeakyRelu (a =
// slope).
struct UnaryParams {
  double a = 0, b = 0;
};

template <class T>
PHANTOM_HD T unary_apply(UnaryFn fn, T x, UnaryParams p) {
  using std::abs, std::exp, std::log, std::sqrt, std::pow, std::tanh, std::log1p, std::acosh;
  switch (fn) {
    case UnaryFn::Exp:
      return exp(x);
    case UnaryFn::Log:
      return log(x);
    case UnaryFn::Sqrt:
      return sqrt(x);
    case UnaryFn::Pow:
      return pow(x, T(p.a));
    case UnaryFn::Abs:
      return abs(x);
    case UnaryFn::Clamp:
      return x < T(p.a) ? T(p.a) : (x > T(p.b) ? T(p.b) : x);
    case UnaryFn::Relu:
      return x > T(0) ? x : T(0);
    case UnaryFn::LeakyRelu:
      return x > T(0) ? x : x * T(p.a);
    case UnaryFn::Sigmoid:
      return x >= T(0) ? T(1) / (T(1) + exp(-x)) : exp(x) / (T(1) + exp(x));
    case UnaryFn::Tanh:
      return tanh(x);
    // log(1 + e^x) = max(x, 0) + log1p(e^-|x|): no overflow for large |x|.
    case UnaryFn::Softplus:
      return (x > T(0) ? x : T(0)) + log1p(exp(-abs(x)));
    case UnaryFn::Acosh:
      return acosh(x);
  }
  return T(0);
}

// dy/dx at x (with y = f(x) already computed).
template <class T>
PHANTOM_HD T unary_derivative(UnaryFn fn, T x, T y, UnaryParams p) {
  using std::exp, std::sqrt, std::pow;
  switch (fn) {
    case UnaryFn::Exp:
      return y;
    case UnaryFn::Log:
      return T(1) / x;
    case UnaryFn::Sqrt:
      return T(0.5) / y;
    case UnaryFn::Pow:
      return T(p.a) * pow(x, T(p.a - 1));
    case UnaryFn::Abs:
      return x > T(0) ? T(1) : (x < T(0) ? T(-1) : T(0));
    case UnaryFn::Clamp:
      return (x > T(p.a) && x < T(p.b)) ? T(1) : T(0);
    case UnaryFn::Relu:
      return x > T(0) ? T(1) : T(0);
    case UnaryFn::LeakyRelu:
      return x > T(0) ? T(1) : T(p.a);
    case UnaryFn::Sigmoid:
      return y * (T(1) - y);
    case UnaryFn::Tanh:
      return T(1) - y * y;
    case UnaryFn::Softplus:
      return x >= T(0) ? T(1) / (T(1) + exp(-x)) : exp(x) / (T(1) + exp(x));
    case UnaryFn::Acosh:
      return T(1) / sqrt((x - T(1)) * (x + T(1)));
  }
  return T(0);
}

// StyleGAN2 bias_act (leaky ReLU variant): y = clamp(lrelu(x + b, slope) * gain, ±c), c < 0 = none.
template <class T>
PHANTOM_HD T bias_act_apply(T x_plus_b, T slope, T gain, T clamp) {
  T y = (x_plus_b > T(0) ? x_plus_b : x_plus_b * slope) * gain;
  if (clamp >= T(0)) y = y > clamp ? clamp : (y < -clamp ? -clamp : y);
  return y;
}

// d y / d(x + b): zero where the pre-clamp value lies outside [−c, c] (PyTorch's convention, which
// the StyleGAN2-ADA CPU reference follows; it passes the gradient at exact equality).
template <class T>
PHANTOM_HD T bias_act_derivative(T x_plus_b, T slope, T gain, T clamp) {
  T d = (x_plus_b > T(0) ? T(1) : slope) * gain;
  if (clamp >= T(0)) {
    T pre = x_plus_b * d;
    if (pre > clamp || pre < -clamp) return T(0);
  }
  return d;
}

}  // namespace phantom::kernels
