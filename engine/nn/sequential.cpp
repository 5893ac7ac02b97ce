#include "engine/nn/sequential.h"

namespace phantom::nn {

Sequential::Sequential(std::vector<std::shared_ptr<Module>> layers) {
  for (auto& layer : layers) push_back(std::move(layer));
}

void Sequential::push_back(std::shared_ptr<Module> layer) {
  PHANTOM_CHECK(layer != nullptr, "Sequential: null layer");
  layers_.push_back(register_module(std::to_string(layers_.size()), std::move(layer)));
}

Module& Sequential::operator[](size_t i) const {
  PHANTOM_REQUIRE(i < layers_.size(), "Sequential: layer ", i, " of ", layers_.size());
  return *layers_[i];
}

Tensor Sequential::forward(const Tensor& x) {
  Tensor y = x;
  for (const auto& layer : layers_) y = layer->forward(y);
  return y;
}

}  // namespace phantom::nn
