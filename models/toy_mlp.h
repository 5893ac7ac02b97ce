// The paper's 2-D toy classifier (Figure 1): Linear(2,20) → BatchNorm1d → ReLU → Linear(20,20) →
// BatchNorm1d → ReLU → Linear(20,3, no bias).
#pragma once
#include <memory>

#include "engine/core/random.h"
#include "engine/nn/batchnorm.h"
#include "engine/nn/linear.h"

namespace phantom::models {

class ToyMLP : public nn::Module {
 public:
  ToyMLP(Generator& init, int64_t hidden = 20, int64_t classes = 3);
  Tensor forward(const Tensor& x) override;  // [N, 2] -> logits [N, classes]

 private:
  std::shared_ptr<nn::Linear> fc1_, fc2_, fc3_;
  std::shared_ptr<nn::BatchNorm1d> bn1_, bn2_;
};

}  // namespace phantom::models
