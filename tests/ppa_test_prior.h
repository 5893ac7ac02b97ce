// A tiny stand-in for StyleGAN2 in the attack's tests: z -> w is a fixed linear map, truncation
// pulls the first `cutoff` layers towards w_avg = 0, and synthesis maps the mean w over the layers
// to 1×8×8 images through a fixed linear layer and tanh; with `critic`, a fixed linear map of the
// pixels stands in for the discriminator. Cheap, deterministic and differentiable.
#pragma once
#include <memory>
#include <string>

#include "attacks/ppa/image_prior.h"
#include "engine/ops/arithmetic.h"
#include "engine/ops/matmul.h"
#include "engine/ops/reduction.h"
#include "engine/ops/shape_ops.h"
#include "engine/ops/unary.h"
#include "models/classifier.h"

namespace phantom::testing {

class TinyPrior final : public attacks::ImagePrior {
 public:
  explicit TinyPrior(uint64_t seed = 5, bool critic = false) {
    Generator gen(seed);
    mapping_ = gen.normal({kW, kZ}, 0.0, 0.5);
    synthesis_ = gen.normal({64, kW}, 0.0, 0.7);
    if (critic) critic_ = gen.normal({1, 64}, 0.0, 0.3);
  }
  int64_t z_dim() const override { return kZ; }
  int64_t w_dim() const override { return kW; }
  int64_t num_ws() const override { return kLayers; }
  Tensor map(const Tensor& z, double psi, int64_t cutoff) override {
    Tensor w = reshape(linear(z, mapping_, Tensor()), {z.size(0), 1, kW});
    std::vector<Tensor> layers;
    for (int64_t l = 0; l < kLayers; ++l)
      layers.push_back(cutoff < 0 || l < cutoff ? affine(w, psi, 0.0) : w);
    return concat(layers, 1);
  }
  Tensor synthesize(const Tensor& ws) override {
    Tensor h = linear(mean(ws, {1}), synthesis_, Tensor());
    return reshape(tanh(h), {ws.size(0), 1, 8, 8});
  }
  Tensor realism_logits(const Tensor& images) override {
    if (!critic_.defined()) return Tensor();
    return linear(reshape(images, {images.size(0), 64}), critic_, Tensor());
  }

 private:
  static constexpr int64_t kZ = 6, kW = 5, kLayers = 3;
  Tensor mapping_, synthesis_, critic_;
};

// A freshly initialised width-4 classifier on 1-channel images, the attacks' tiny target.
inline std::shared_ptr<models::Classifier> tiny_classifier(
    const std::string& arch = "resnet18-cifar", uint64_t seed = 11, int64_t classes = 3) {
  Generator gen(seed);
  models::ClassifierConfig cfg;
  cfg.arch = arch;
  cfg.width = 4;
  cfg.in_channels = 1;
  cfg.num_classes = classes;
  return models::make_classifier(cfg, gen);
}

}  // namespace phantom::testing
