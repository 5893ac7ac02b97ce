#include "engine/ops/unary.h"

#include "engine/autograd/node.h"
#include "engine/ops/detail/dispatch.h"
#include "kernels/unary.h"

namespace phantom {

namespace {

using kernels::UnaryFn;
using kernels::UnaryParams;

Op op_of(UnaryFn fn) {
  switch (fn) {
    case UnaryFn::Exp:
      return Op::Exp;
    case UnaryFn::Log:
      return Op::Log;
    case UnaryFn::Sqrt:
      return Op::Sqrt;
    case UnaryFn::Pow:
      return Op::Pow;
    case UnaryFn::Abs:
      return Op::Abs;
    case UnaryFn::Clamp:
      return Op::Clamp;
    case UnaryFn::Relu:
      return Op::Relu;
    case UnaryFn::LeakyRelu:
      return Op::LeakyRelu;
    case UnaryFn::Sigmoid:
      return Op::Sigmoid;
    case UnaryFn::Tanh:
      return Op::Tanh;
    case UnaryFn::Softplus:
      return Op::Softplus;
    case UnaryFn::Acosh:
      return Op::Acosh;
  }
  return Op::Exp;
}

struct UnaryBackward final : Node {
  UnaryBackward(UnaryFn f, UnaryParams p) : Node(op_of(f)), fn(f), params(p) {}
  UnaryFn fn;
  UnaryParams params;
  Tensor x, y;  // both saved: each derivative uses whichever is cheaper (unary_math.h)

  std::vector<Tensor> backward(const Tensor& dL_dy) override {
    Tensor dL_dx = Tensor::empty(x.shape(), x.dtype(), x.device());
    detail::dispatch(op_name(op()), x, [&]<class T, detail::Backend B>() {
      PHANTOM_KERNEL(B, unary_backward<T>(fn, params, x.data<T>(), y.data<T>(), dL_dy.data<T>(),
                                          dL_dx.data<T>(), x.numel()));
    });
    return {dL_dx};
  }
};

Tensor unary(UnaryFn fn, const Tensor& x, UnaryParams params = {}) {
  Tensor y = Tensor::empty(x.shape(), x.dtype(), x.device());
  detail::dispatch(op_name(op_of(fn)), x, [&]<class T, detail::Backend B>() {
    PHANTOM_KERNEL(B, unary_forward<T>(fn, params, x.data<T>(), y.data<T>(), x.numel()));
  });
  if (auto* node = record<UnaryBackward>(y, {x}, fn, params)) {
    node->x = x.detach();
    node->y = y.detach();
  }
  return y;
}

struct BiasActBackward final : Node {
  BiasActBackward() : Node(Op::BiasAct) {}
  Tensor x, b;
  int64_t outer = 0, channels = 0, inner = 0;
  double slope = 1, gain = 1, clamp = -1;

  std::vector<Tensor> backward(const Tensor& dL_dy) override {
    Tensor dL_dx = Tensor::empty(x.shape(), x.dtype(), x.device());
    Tensor dL_db = needs_grad(1) ? Tensor::empty(b.shape(), b.dtype(), b.device()) : Tensor();
    detail::dispatch("BiasAct", x, [&]<class T, detail::Backend B>() {
      PHANTOM_KERNEL(
          B, bias_act_backward<T>(x.data<T>(), b.defined() ? b.data<T>() : nullptr, dL_dy.data<T>(),
                                  dL_dx.data<T>(), dL_db.defined() ? dL_db.data<T>() : nullptr,
                                  outer, channels, inner, T(slope), T(gain), T(clamp)));
    });
    return {dL_dx, dL_db};
  }
};

}  // namespace

Tensor exp(const Tensor& x) {
  return unary(UnaryFn::Exp, x);
}
Tensor log(const Tensor& x) {
  return unary(UnaryFn::Log, x);
}
Tensor sqrt(const Tensor& x) {
  return unary(UnaryFn::Sqrt, x);
}
Tensor pow(const Tensor& x, double exponent) {
  return unary(UnaryFn::Pow, x, {exponent, 0});
}
Tensor abs(const Tensor& x) {
  return unary(UnaryFn::Abs, x);
}
Tensor clamp(const Tensor& x, double lo, double hi) {
  PHANTOM_REQUIRE(lo <= hi, "clamp: lower bound ", lo, " exceeds upper bound ", hi);
  return unary(UnaryFn::Clamp, x, {lo, hi});
}
Tensor relu(const Tensor& x) {
  return unary(UnaryFn::Relu, x);
}
Tensor leaky_relu(const Tensor& x, double negative_slope) {
  return unary(UnaryFn::LeakyRelu, x, {negative_slope, 0});
}
Tensor sigmoid(const Tensor& x) {
  return unary(UnaryFn::Sigmoid, x);
}
Tensor tanh(const Tensor& x) {
  return unary(UnaryFn::Tanh, x);
}
Tensor softplus(const Tensor& x) {
  return unary(UnaryFn::Softplus, x);
}
Tensor acosh(const Tensor& x) {
  return unary(UnaryFn::Acosh, x);
}

Tensor bias_act(const Tensor& x, const Tensor& b, double slope, double gain, double clamp) {
  PHANTOM_REQUIRE(x.dim() >= 2 || !b.defined(),
                  "bias_act: x must have a channel dimension (dim 1) for a bias, found ",
                  x.describe());
  int64_t channels = x.dim() >= 2 ? x.size(1) : 1;
  if (b.defined()) {
    PHANTOM_REQUIRE(b.dim() == 1 && b.size(0) == channels, "bias_act: bias must be [", channels,
                    "], found ", b.describe());
    require_same_dtype("bias_act", x, b);
    require_same_device("bias_act", x, b);
  }
  int64_t outer = x.dim() >= 1 ? x.size(0) : 1;
  int64_t inner = channels == 0 || outer == 0 ? 0 : x.numel() / (outer * channels);
  Tensor y = Tensor::empty(x.shape(), x.dtype(), x.device());
  detail::dispatch("BiasAct", x, [&]<class T, detail::Backend B>() {
    PHANTOM_KERNEL(
        B, bias_act_forward<T>(x.data<T>(), b.defined() ? b.data<T>() : nullptr, y.data<T>(), outer,
                               channels, inner, T(slope), T(gain), T(clamp)));
  });
  if (auto* node = record<BiasActBackward>(y, {x, b})) {
    node->x = x.detach();
    node->b = b.defined() ? b.detach() : Tensor();
    node->outer = outer;
    node->channels = channels;
    node->inner = inner;
    node->slope = slope;
    node->gain = gain;
    node->clamp = clamp;
  }
  return y;
}

}  // namespace phantom
