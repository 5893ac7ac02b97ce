#include "engine/ops/batchnorm.h"

#include "engine/autograd/node.h"
#include "engine/ops/detail/dispatch.h"
#include "kernels/batchnorm.h"

namespace phantom {

namespace {

using kernels::BatchNormDims;

template <class T>
const T* data_or_null(const Tensor& t) {
  return t.defined() ? t.data<T>() : nullptr;
}

struct BatchNormBackward final : Node {
  BatchNormBackward() : Node(Op::BatchNorm) {}
  BatchNormDims dims;
  bool batch_stats = true;
  Tensor x, weight, mean, invstd;  // the statistics the forward normalised with

  std::vector<Tensor> backward(const Tensor& dL_dy) override {
    Tensor dL_dx, dL_dw, dL_db;
    if (needs_grad(0)) dL_dx = Tensor::empty(x.shape(), x.dtype(), x.device());
    if (needs_grad(1)) dL_dw = Tensor::empty({dims.c}, x.dtype(), x.device());
    if (needs_grad(2)) dL_db = Tensor::empty({dims.c}, x.dtype(), x.device());
    detail::dispatch("BatchNorm", dL_dy, [&]<class T, detail::Backend B>() {
      PHANTOM_KERNEL(
          B, batch_norm_backward<T>(dims, batch_stats, x.data<T>(), mean.data<T>(),
                                    invstd.data<T>(), data_or_null<T>(weight), dL_dy.data<T>(),
                                    dL_dx.defined() ? dL_dx.data<T>() : nullptr,
                                    dL_dw.defined() ? dL_dw.data<T>() : nullptr,
                                    dL_db.defined() ? dL_db.data<T>() : nullptr));
    });
    return {dL_dx, dL_dw, dL_db};
  }
};

void require_channel_vector(const Tensor& x, const Tensor& t, const char* what) {
  if (!t.defined()) return;
  PHANTOM_REQUIRE(t.shape() == Shape{x.size(1)}, "batch_norm: ", what, " must be [", x.size(1),
                  "] for input ", x.describe(), ", found ", t.describe());
  require_same_device("batch_norm", x, t);
  require_same_dtype("batch_norm", x, t);
}

}  // namespace

Tensor batch_norm(const Tensor& x, const Tensor& weight, const Tensor& bias, Tensor running_mean,
                  Tensor running_var, bool training, double momentum, double eps) {
  PHANTOM_REQUIRE(x.dim() == 2 || x.dim() == 4,
                  "batch_norm: input must be [N, C] or [N, C, H, W], found ", x.describe());
  require_channel_vector(x, weight, "weight");
  require_channel_vector(x, bias, "bias");
  require_channel_vector(x, running_mean, "running_mean");
  require_channel_vector(x, running_var, "running_var");
  PHANTOM_REQUIRE(running_mean.defined() == running_var.defined(),
                  "batch_norm: running_mean and running_var must be given together");
  PHANTOM_REQUIRE(training || running_mean.defined(),
                  "batch_norm: eval mode needs running_mean and running_var");

  BatchNormDims dims{x.size(0), x.size(1), x.dim() == 4 ? x.size(2) * x.size(3) : 1};
  // The unbiased variance divides by m - 1: one value per channel has no spread to estimate.
  PHANTOM_REQUIRE(!training || dims.count() > 1,
                  "batch_norm: training needs more than one value per "
                  "channel, found input ",
                  x.describe());
  Tensor mean = Tensor::empty({dims.c}, x.dtype(), x.device());
  Tensor var = Tensor::empty({dims.c}, x.dtype(), x.device());
  Tensor invstd = Tensor::empty({dims.c}, x.dtype(), x.device());
  Tensor y = Tensor::empty(x.shape(), x.dtype(), x.device());
  detail::dispatch("batch_norm", x, [&]<class T, detail::Backend B>() {
    if (training) {
      PHANTOM_KERNEL(B, batch_norm_stats<T>(dims, x.data<T>(), mean.data<T>(), var.data<T>()));
      if (running_mean.defined())
        PHANTOM_KERNEL(
            B, batch_norm_update_running<T>(dims, mean.data<T>(), var.data<T>(), T(momentum),
                                            running_mean.data<T>(), running_var.data<T>()));
    } else {
      mean.copy_from(running_mean);
      var.copy_from(running_var);
    }
    PHANTOM_KERNEL(B, batch_norm_invstd<T>(dims.c, var.data<T>(), T(eps), invstd.data<T>()));
    PHANTOM_KERNEL(
        B, batch_norm_forward<T>(dims, x.data<T>(), mean.data<T>(), invstd.data<T>(),
                                 data_or_null<T>(weight), data_or_null<T>(bias), y.data<T>()));
  });
  if (auto* node = record<BatchNormBackward>(y, {x, weight, bias})) {
    node->dims = dims;
    node->batch_stats = training;
    node->x = x.detach();
    node->weight = weight.defined() ? weight.detach() : Tensor();
    node->mean = mean;
    node->invstd = invstd;
  }
  return y;
}

}  // namespace phantom
