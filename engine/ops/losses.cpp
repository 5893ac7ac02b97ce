#include "engine/ops/losses.h"

#include "engine/autograd/node.h"
#include "engine/ops/arithmetic.h"
#include "engine/ops/detail/device_array.h"
#include "engine/ops/detail/dispatch.h"
#include "kernels/losses.h"

namespace phantom {

namespace {

using kernels::PointLoss;
using kernels::RowLoss;

Op op_of(RowLoss kind) {
  switch (kind) {
    case RowLoss::CrossEntropyLS:
      return Op::CrossEntropyLS;
    case RowLoss::Poincare:
      return Op::Poincare;
    case RowLoss::MaxMargin:
      return Op::MaxMargin;
    case RowLoss::Logit:
      return Op::LogitLoss;
  }
  return Op::CrossEntropyLS;
}

// The losses compute d(loss)/d(input) in the same pass as the loss (fused); backward only scales
// the saved gradient by the incoming scalar dL/d(loss).
struct FusedLossBackward final : Node {
  explicit FusedLossBackward(Op op) : Node(op) {}
  std::vector<Tensor> dloss_dinputs;
  std::vector<Tensor> backward(const Tensor& dL_dloss) override {
    double s = dL_dloss.item();
    std::vector<Tensor> out;
    for (const Tensor& g : dloss_dinputs) out.push_back(g.defined() ? affine(g, s, 0.0) : Tensor());
    return out;
  }
};

Tensor row_loss(RowLoss kind, const Tensor& logits, const std::vector<int64_t>& labels,
                double param) {
  const char* name = op_name(op_of(kind));
  require_rank(name, "logits", logits, 2);
  const int64_t N = logits.size(0), C = logits.size(1);
  PHANTOM_REQUIRE(static_cast<int64_t>(labels.size()) == N, name, ": ", labels.size(),
                  " labels for ", N, " rows of logits");
  PHANTOM_REQUIRE(C >= 1, name, ": logits need at least one class, found ", logits.describe());
  for (int64_t y : labels)
    PHANTOM_REQUIRE(0 <= y && y < C, name, ": label ", y, " out of range [0, ", C, ")");
  bool grad = grad_enabled() && logits.requires_grad();
  Tensor dloss = grad ? Tensor::empty(logits.shape(), logits.dtype(), logits.device()) : Tensor();
  auto labels_on_device = detail::DeviceArray<int64_t>::from(labels, logits.device());
  double loss = detail::dispatch(name, logits, [&]<class T, detail::Backend B>() {
    return PHANTOM_KERNEL(B, row_loss<T>(kind, logits.data<T>(), labels_on_device.data(), N, C,
                                         param, grad ? dloss.data<T>() : nullptr));
  });
  Tensor y = Tensor::full({}, loss, logits.dtype(), logits.device());
  if (auto* node = record<FusedLossBackward>(y, {logits}, op_of(kind)))
    node->dloss_dinputs = {dloss};
  return y;
}

Tensor point_loss(PointLoss kind, Op op, const Tensor& x, const Tensor& t) {
  const char* name = op_name(op);
  PHANTOM_REQUIRE(x.shape() == t.shape(), name, ": input ", x.describe(), " and target ",
                  t.describe(), " must have the same shape");
  require_same_dtype(name, x, t);
  require_same_device(name, x, t);
  bool grad = grad_enabled();
  Tensor dx =
      grad && x.requires_grad() ? Tensor::empty(x.shape(), x.dtype(), x.device()) : Tensor();
  Tensor dt =
      grad && t.requires_grad() ? Tensor::empty(t.shape(), t.dtype(), t.device()) : Tensor();
  double loss = detail::dispatch(name, x, [&]<class T, detail::Backend B>() {
    return PHANTOM_KERNEL(B, point_loss<T>(kind, x.data<T>(), t.data<T>(), x.numel(),
                                           dx.defined() ? dx.data<T>() : nullptr,
                                           dt.defined() ? dt.data<T>() : nullptr));
  });
  Tensor y = Tensor::full({}, loss, x.dtype(), x.device());
  if (auto* node = record<FusedLossBackward>(y, {x, t}, op)) node->dloss_dinputs = {dx, dt};
  return y;
}

}  // namespace

Tensor cross_entropy_ls(const Tensor& logits, const std::vector<int64_t>& labels, double alpha) {
  PHANTOM_REQUIRE(alpha <= 1.0, "cross_entropy_ls: label smoothing alpha must be <= 1, found ",
                  alpha);
  return row_loss(RowLoss::CrossEntropyLS, logits, labels, alpha);
}
Tensor poincare_loss(const Tensor& logits, const std::vector<int64_t>& targets, double xi) {
  PHANTOM_REQUIRE(xi > 0 && xi < 1, "poincare_loss: xi must be in (0, 1), found ", xi);
  return row_loss(RowLoss::Poincare, logits, targets, xi);
}
Tensor max_margin_loss(const Tensor& logits, const std::vector<int64_t>& targets) {
  return row_loss(RowLoss::MaxMargin, logits, targets, 0);
}
Tensor logit_loss(const Tensor& logits, const std::vector<int64_t>& targets) {
  return row_loss(RowLoss::Logit, logits, targets, 0);
}
Tensor bce_with_logits(const Tensor& logits, const Tensor& targets) {
  return point_loss(PointLoss::BCEWithLogits, Op::BCEWithLogits, logits, targets);
}
Tensor mse_loss(const Tensor& x, const Tensor& target) {
  return point_loss(PointLoss::MSE, Op::MSE, x, target);
}

}  // namespace phantom
