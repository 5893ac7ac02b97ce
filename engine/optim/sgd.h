// Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay, as
// torch.optim.SGD. State: "momentum_buffer" (when momentum != 0).
#pragma once
#include "engine/optim/optimizer.h"

namespace phantom::optim {

struct SGDOptions {
  double lr = 0.01;
  double momentum = 0;
  double dampening = 0;
  double weight_decay = 0;
  bool nesterov = false;
};

class SGD : public Optimizer {
 public:
  SGD(std::vector<ParamGroup> groups, const SGDOptions& options);
  SGD(std::vector<Tensor> params, const SGDOptions& options)
      : SGD({ParamGroup{.params = std::move(params)}}, options) {}

 private:
  void update(const Group& group, const Tensor& param, const Tensor& grad,
              ParamState& state) override;
  SGDOptions options_;
};

}  // namespace phantom::optim
