#include "engine/optim/sgd.h"

#include "engine/ops/detail/dispatch.h"
#include "kernels/optim.h"

namespace phantom::optim {

SGD::SGD(std::vector<ParamGroup> groups, const SGDOptions& o)
    : Optimizer(std::move(groups), o.lr, o.weight_decay), options_(o) {
  PHANTOM_REQUIRE(o.momentum >= 0, "SGD: momentum must be >= 0, found ", o.momentum);
  PHANTOM_REQUIRE(!o.nesterov || (o.momentum > 0 && o.dampening == 0),
                  "SGD: Nesterov momentum needs momentum > 0 and dampening 0, found momentum ",
                  o.momentum, ", dampening ", o.dampening);
}

void SGD::update(const Group& group, const Tensor& param, const Tensor& grad, ParamState& state) {
  kernels::SgdHyper h{group.lr,           group.weight_decay, options_.momentum,
                      options_.dampening, options_.nesterov,  state.step == 1};
  Tensor buf = options_.momentum != 0 ? buffer(state, "momentum_buffer", param) : Tensor();
  detail::dispatch("SGD", param, [&]<class T, detail::Backend B>() {
    PHANTOM_KERNEL(B, sgd_step<T>(h, param.numel(), param.data<T>(), grad.data<T>(),
                                  buf.defined() ? buf.data<T>() : nullptr));
  });
}

}  // namespace phantom::optim
