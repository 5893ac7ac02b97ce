// Adam (L2 weight decay added to the gradient) and AdamW (decoupled weight decay), as
// torch.optim.Adam / AdamW without amsgrad. State: "exp_avg", "exp_avg_sq".
#pragma once
#include "engine/optim/optimizer.h"

namespace phantom::optim {

struct AdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9, beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0;
};

class Adam : public Optimizer {
 public:
  Adam(std::vector<ParamGroup> groups, const AdamOptions& options)
      : Adam(std::move(groups), options, false) {}
  Adam(std::vector<Tensor> params, const AdamOptions& options)
      : Adam({ParamGroup{.params = std::move(params)}}, options) {}

 protected:
  Adam(std::vector<ParamGroup> groups, const AdamOptions& options, bool decoupled_weight_decay);

 private:
  void update(const Group& group, const Tensor& param, const Tensor& grad,
              ParamState& state) override;
  AdamOptions options_;
  bool decoupled_;
};

class AdamW : public Adam {
 public:
  // PyTorch's AdamW default weight decay is 0.01 (Adam's is 0).
  AdamW(std::vector<ParamGroup> groups, const AdamOptions& options = {.weight_decay = 0.01})
      : Adam(std::move(groups), options, true) {}
  AdamW(std::vector<Tensor> params, const AdamOptions& options = {.weight_decay = 0.01})
      : AdamW({ParamGroup{.params = std::move(params)}}, options) {}
};

}  // namespace phantom::optim
