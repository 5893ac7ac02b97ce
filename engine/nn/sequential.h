// Sequential container: applies its layers in order; children are named "0", "1", ... as in
// torch.nn.Sequential, so "layer1.0.conv1.weight" style names fall out.
#pragma once
#include "engine/nn/module.h"

namespace phantom::nn {

class Sequential : public Module {
 public:
  Sequential() = default;
  explicit Sequential(std::vector<std::shared_ptr<Module>> layers);
  void push_back(std::shared_ptr<Module> layer);
  size_t size() const { return layers_.size(); }
  Module& operator[](size_t i) const;
  Tensor forward(const Tensor& x) override;

 private:
  std::vector<std::shared_ptr<Module>> layers_;
};

}  // namespace phantom::nn
