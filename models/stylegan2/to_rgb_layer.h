// ToRGBLayer (spec §4.3): a 1x1 modulated conv without demodulation whose styles (not weights) are
// scaled by 1/sqrt(in_channels), then bias and an optional clamp (not scaled by any gain).
#pragma once
#include <memory>
#include <optional>

#include "models/stylegan2/fully_connected_layer.h"
#include "models/stylegan2/synthesis_options.h"

namespace phantom::models::stylegan2 {

class ToRGBLayer : public StyleModule {
 public:
  ToRGBLayer(int64_t in_channels, int64_t img_channels, int64_t w_dim,
             std::optional<double> conv_clamp, phantom::Generator& gen, std::string path);
  using StyleModule::forward;
  // x [N, in, r, r], w [N, w_dim] -> [N, img_channels, r, r].
  Tensor forward(const Tensor& x, const Tensor& w, const SynthesisOptions& options);

  Tensor weight, bias;

 private:
  std::optional<double> conv_clamp_;
  double weight_gain_;
  std::shared_ptr<FullyConnectedLayer> affine_;
};

}  // namespace phantom::models::stylegan2
