#include "engine/ops/softmax.h"

#include "engine/autograd/node.h"
#include "engine/ops/detail/dispatch.h"
#include "kernels/softmax.h"

namespace phantom {

namespace {

struct Axis {
  int64_t outer = 1, n = 1, inner = 1;
};

Axis split_at(const Tensor& x, int64_t dim, const char* op) {
  int64_t d = wrap_dim(dim, x.dim(), op);
  Axis a;
  for (int64_t i = 0; i < x.dim(); ++i) (i < d ? a.outer : i == d ? a.n : a.inner) *= x.size(i);
  return a;
}

struct SoftmaxBackward final : Node {
  SoftmaxBackward(bool is_log) : Node(is_log ? Op::LogSoftmax : Op::Softmax), log(is_log) {}
  bool log;
  Axis axis;
  Tensor y;
  std::vector<Tensor> backward(const Tensor& dL_dy) override {
    Tensor dL_dx = Tensor::empty(y.shape(), y.dtype(), y.device());
    detail::dispatch(op_name(op()), y, [&]<class T, detail::Backend B>() {
      PHANTOM_KERNEL(B, softmax_backward<T>(y.data<T>(), dL_dy.data<T>(), dL_dx.data<T>(),
                                            axis.outer, axis.n, axis.inner, log));
    });
    return {dL_dx};
  }
};

Tensor softmax_impl(const Tensor& x, int64_t dim, bool log) {
  const char* name = log ? "log_softmax" : "softmax";
  Axis a = split_at(x, dim, name);
  Tensor y = Tensor::empty(x.shape(), x.dtype(), x.device());
  detail::dispatch(name, x, [&]<class T, detail::Backend B>() {
    PHANTOM_KERNEL(B, softmax_forward<T>(x.data<T>(), y.data<T>(), a.outer, a.n, a.inner, log));
  });
  if (auto* node = record<SoftmaxBackward>(y, {x}, log)) {
    node->axis = a;
    node->y = y.detach();
  }
  return y;
}

}  // namespace

Tensor softmax(const Tensor& x, int64_t dim) {
  return softmax_impl(x, dim, false);
}
Tensor log_softmax(const Tensor& x, int64_t dim) {
  return softmax_impl(x, dim, true);
}

}  // namespace phantom
