#include "engine/optim/adam.h"

#include <cmath>

#include "engine/ops/detail/dispatch.h"
#include "kernels/optim.h"

namespace phantom::optim {

Adam::Adam(std::vector<ParamGroup> groups, const AdamOptions& o, bool decoupled_weight_decay)
    : Optimizer(std::move(groups), o.lr, o.weight_decay),
      options_(o),
      decoupled_(decoupled_weight_decay) {
  PHANTOM_REQUIRE(o.beta1 >= 0 && o.beta1 < 1 && o.beta2 >= 0 && o.beta2 < 1,
                  "Adam: betas must be in [0, 1), found ", o.beta1, ", ", o.beta2);
  PHANTOM_REQUIRE(o.eps >= 0, "Adam: eps must be >= 0, found ", o.eps);
}

void Adam::update(const Group& group, const Tensor& param, const Tensor& grad, ParamState& state) {
  const double t = static_cast<double>(state.step);
  kernels::AdamHyper h;
  h.lr = group.lr;
  h.weight_decay = group.weight_decay;
  h.beta1 = options_.beta1;
  h.beta2 = options_.beta2;
  h.eps = options_.eps;
  h.step_size = group.lr / (1 - std::pow(options_.beta1, t));
  h.bias_correction2_sqrt = std::sqrt(1 - std::pow(options_.beta2, t));
  h.decoupled_weight_decay = decoupled_;
  Tensor& m = buffer(state, "exp_avg", param);
  Tensor& v = buffer(state, "exp_avg_sq", param);
  detail::dispatch(decoupled_ ? "AdamW" : "Adam", param, [&]<class T, detail::Backend B>() {
    PHANTOM_KERNEL(B, adam_step<T>(h, param.numel(), param.data<T>(), grad.data<T>(), m.data<T>(),
                                   v.data<T>()));
  });
}

}  // namespace phantom::optim
