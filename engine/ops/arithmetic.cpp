#include "engine/ops/arithmetic.h"

#include "engine/autograd/node.h"
#include "engine/ops/detail/broadcast.h"
#include "engine/ops/detail/dispatch.h"
#include "kernels/arithmetic.h"

namespace phantom {

namespace {

using kernels::BinaryFn;

Op op_of(BinaryFn fn) {
  switch (fn) {
    case BinaryFn::Add:
      return Op::Add;
    case BinaryFn::Sub:
      return Op::Sub;
    case BinaryFn::Mul:
      return Op::Mul;
    case BinaryFn::Div:
      return Op::Div;
  }
  return Op::Add;
}

struct BinaryBackward final : Node {
  BinaryBackward(BinaryFn f) : Node(op_of(f)), fn(f) {}
  BinaryFn fn;
  kernels::BroadcastPlan plan;
  Tensor a, b;  // saved operands (their values are needed for mul/div)

  std::vector<Tensor> backward(const Tensor& dL_dy) override {
    Tensor full_a, full_b;
    if (needs_grad(0)) full_a = Tensor::empty(dL_dy.shape(), dL_dy.dtype(), dL_dy.device());
    if (needs_grad(1)) full_b = Tensor::empty(dL_dy.shape(), dL_dy.dtype(), dL_dy.device());
    detail::dispatch(op_name(op()), dL_dy, [&]<class T, detail::Backend B>() {
      PHANTOM_KERNEL(B, binary_backward<T>(fn, plan, a.data<T>(), b.data<T>(), dL_dy.data<T>(),
                                           full_a.defined() ? full_a.data<T>() : nullptr,
                                           full_b.defined() ? full_b.data<T>() : nullptr));
    });
    return {full_a.defined() ? detail::sum_to_shape(full_a, a.shape()) : Tensor(),
            full_b.defined() ? detail::sum_to_shape(full_b, b.shape()) : Tensor()};
  }
};

Tensor binary(BinaryFn fn, const Tensor& a, const Tensor& b) {
  const char* name = op_name(op_of(fn));
  require_same_device(name, a, b);
  require_same_dtype(name, a, b);
  kernels::BroadcastPlan plan = detail::broadcast_plan(a.shape(), b.shape(), name);
  const Shape out_shape = broadcast_shapes(a.shape(), b.shape(), name);
  Tensor y = Tensor::empty(out_shape, a.dtype(), a.device());
  detail::dispatch(name, a, [&]<class T, detail::Backend B>() {
    PHANTOM_KERNEL(B, binary_forward<T>(fn, plan, a.data<T>(), b.data<T>(), y.data<T>()));
  });
  if (auto* node = record<BinaryBackward>(y, {a, b}, fn)) {
    node->plan = plan;
    node->a = a.detach();
    node->b = b.detach();
  }
  return y;
}

struct AffineBackward final : Node {
  AffineBackward() : Node(Op::Affine) {}
  double alpha = 1;
  std::vector<Tensor> backward(const Tensor& dL_dy) override { return {affine(dL_dy, alpha, 0.0)}; }
};

}  // namespace

Tensor add(const Tensor& a, const Tensor& b) {
  return binary(BinaryFn::Add, a, b);
}
Tensor sub(const Tensor& a, const Tensor& b) {
  return binary(BinaryFn::Sub, a, b);
}
Tensor mul(const Tensor& a, const Tensor& b) {
  return binary(BinaryFn::Mul, a, b);
}
Tensor div(const Tensor& a, const Tensor& b) {
  return binary(BinaryFn::Div, a, b);
}

Tensor affine(const Tensor& x, double alpha, double beta) {
  Tensor y = Tensor::empty(x.shape(), x.dtype(), x.device());
  detail::dispatch("Affine", x, [&]<class T, detail::Backend B>() {
    PHANTOM_KERNEL(B, affine<T>(x.data<T>(), y.data<T>(), x.numel(), T(alpha), T(beta)));
  });
  if (auto* node = record<AffineBackward>(y, {x})) node->alpha = alpha;
  return y;
}

}  // namespace phantom
