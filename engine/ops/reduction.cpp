#include "engine/ops/reduction.h"

#include <algorithm>

#include "engine/autograd/node.h"
#include "engine/ops/detail/broadcast.h"
#include "engine/ops/detail/device_array.h"
#include "engine/ops/detail/dispatch.h"
#include "kernels/reduce.h"
#include "kernels/shape_ops.h"

namespace phantom {

namespace {

// A reduction's geometry: the plan from the input shape to the keep-dim shape, and the shape
// handed back to the caller (without the reduced dims unless keepdim).
struct Reduction {
  Shape keep, out;
  kernels::BroadcastPlan plan;
  int64_t count = 1;  // input elements per output element
};

Reduction plan_reduction(const Tensor& x, const std::vector<int64_t>& dims, bool keepdim, Op op) {
  std::vector<bool> reduce(x.shape().size(), dims.empty());
  for (int64_t d : dims) reduce[static_cast<size_t>(wrap_dim(d, x.dim(), op_name(op)))] = true;
  Reduction r;
  for (size_t i = 0; i < reduce.size(); ++i) {
    r.keep.push_back(reduce[i] ? 1 : x.shape()[i]);
    if (!reduce[i] || keepdim) r.out.push_back(r.keep.back());
    if (reduce[i]) r.count *= x.shape()[i];
  }
  r.plan = detail::broadcast_plan(x.shape(), r.keep, op_name(op));
  return r;
}

// Backward of sum and mean: dL/dx = scale · dL/dy broadcast over the reduced dims.
struct SumBackward final : Node {
  explicit SumBackward(Op op) : Node(op) {}
  Reduction r;
  Shape x_shape;
  double scale = 1;
  std::vector<Tensor> backward(const Tensor& dL_dy) override {
    Tensor dL_dx = Tensor::empty(x_shape, dL_dy.dtype(), dL_dy.device());
    detail::dispatch(op_name(op()), dL_dy, [&]<class T, detail::Backend B>() {
      PHANTOM_KERNEL(B, expand_grad<T>(r.plan, dL_dy.data<T>(), dL_dx.data<T>(), scale));
    });
    return {dL_dx};
  }
};

Tensor sum_or_mean(Op op, const Tensor& x, const std::vector<int64_t>& dims, bool keepdim) {
  Reduction r = plan_reduction(x, dims, keepdim, op);
  double scale = op == Op::Mean ? 1.0 / static_cast<double>(std::max<int64_t>(r.count, 1)) : 1.0;
  Tensor y = Tensor::empty(r.out, x.dtype(), x.device());
  detail::dispatch(op_name(op), x, [&]<class T, detail::Backend B>() {
    PHANTOM_KERNEL(B, reduce_sum<T>(r.plan, x.data<T>(), y.data<T>(), y.numel()));
    if (op == Op::Mean) PHANTOM_KERNEL(B, reduce_finish<T>(y.data<T>(), y.numel(), scale, 1.0));
  });
  if (auto* node = record<SumBackward>(y, {x}, op)) {
    node->r = r;
    node->x_shape = x.shape();
    node->scale = scale;
  }
  return y;
}

struct MaxBackward final : Node {
  MaxBackward() : Node(Op::Max) {}
  Shape x_shape;
  detail::DeviceArray<int64_t> argmax;  // input offset of each output's maximum
  // dL/dx[argmax[o]] += dL/dy[o]: the scatter-add of a 1-D gather over the flattened input.
  std::vector<Tensor> backward(const Tensor& dL_dy) override {
    Tensor dL_dx = Tensor::zeros(x_shape, dL_dy.dtype(), dL_dy.device());
    kernels::GatherPlan plan;
    plan.rank = 1;
    plan.index_shape[0] = argmax.size();
    plan.x_stride[0] = 1;
    detail::dispatch("Max", dL_dy, [&]<class T, detail::Backend B>() {
      PHANTOM_KERNEL(B, gather_backward<T>(plan, dL_dy.data<T>(), argmax.data(), dL_dx.data<T>()));
    });
    return {dL_dx};
  }
};

struct NormBackward final : Node {
  NormBackward() : Node(Op::Norm) {}
  Reduction r;
  Tensor x, y;
  double p = 2;
  std::vector<Tensor> backward(const Tensor& dL_dy) override {
    Tensor dL_dx = Tensor::empty(x.shape(), x.dtype(), x.device());
    detail::dispatch("Norm", x, [&]<class T, detail::Backend B>() {
      PHANTOM_KERNEL(B, norm_backward<T>(r.plan, x.data<T>(), y.data<T>(), dL_dy.data<T>(),
                                         dL_dx.data<T>(), p));
    });
    return {dL_dx};
  }
};

}  // namespace

Tensor sum(const Tensor& x, const std::vector<int64_t>& dims, bool keepdim) {
  return sum_or_mean(Op::Sum, x, dims, keepdim);
}

Tensor mean(const Tensor& x, const std::vector<int64_t>& dims, bool keepdim) {
  return sum_or_mean(Op::Mean, x, dims, keepdim);
}

Tensor max(const Tensor& x, const std::vector<int64_t>& dims, bool keepdim) {
  Reduction r = plan_reduction(x, dims, keepdim, Op::Max);
  PHANTOM_REQUIRE(r.count > 0, "max: cannot reduce an empty dimension of ", x.describe());
  Tensor y = Tensor::empty(r.out, x.dtype(), x.device());
  detail::DeviceArray<int64_t> argmax(y.numel(), x.device());
  detail::dispatch("Max", x, [&]<class T, detail::Backend B>() {
    PHANTOM_KERNEL(B, reduce_max<T>(r.plan, x.data<T>(), y.data<T>(), argmax.data(), y.numel()));
  });
  if (auto* node = record<MaxBackward>(y, {x})) {
    node->x_shape = x.shape();
    node->argmax = std::move(argmax);
  }
  return y;
}

Tensor norm(const Tensor& x, double p, const std::vector<int64_t>& dims, bool keepdim) {
  PHANTOM_REQUIRE(p >= 1, "norm: p must be >= 1, found ", p);
  Reduction r = plan_reduction(x, dims, keepdim, Op::Norm);
  Tensor y = Tensor::empty(r.out, x.dtype(), x.device());
  detail::dispatch("Norm", x, [&]<class T, detail::Backend B>() {
    PHANTOM_KERNEL(B, reduce_abs_pow_sum<T>(r.plan, x.data<T>(), y.data<T>(), y.numel(), p));
    PHANTOM_KERNEL(B, reduce_finish<T>(y.data<T>(), y.numel(), 1.0, p));
  });
  if (auto* node = record<NormBackward>(y, {x})) {
    node->r = r;
    node->x = x.detach();
    node->y = y.detach();
    node->p = p;
  }
  return y;
}

}  // namespace phantom
