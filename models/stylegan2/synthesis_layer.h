// SynthesisLayer (spec §4.2): affine(w) -> styles, demodulated modulated 3x3 conv (optionally
// up-sampling 2x), noise, bias, lrelu · sqrt(2) · gain, optional clamp at conv_clamp · gain.
#pragma once
#include <memory>
#include <optional>

#include "models/stylegan2/fully_connected_layer.h"
#include "models/stylegan2/synthesis_options.h"

namespace phantom::models::stylegan2 {

struct SynthesisLayerSpec {
  int64_t in_channels = 0, out_channels = 0, w_dim = 0, resolution = 0;
  bool up = false;
  bool use_noise = true;
  std::optional<double> conv_clamp;
};

class SynthesisLayer : public StyleModule {
 public:
  SynthesisLayer(const SynthesisLayerSpec& spec, phantom::Generator& gen, std::string path);
  using StyleModule::forward;
  // x [N, in, r', r'] (r' = r/2 when up), w [N, w_dim] -> [N, out, r, r]. `gain` scales the
  // activation and the clamp (the resnet architecture passes sqrt(0.5)).
  Tensor forward(const Tensor& x, const Tensor& w, const SynthesisOptions& options,
                 double gain = 1.0);

  // Official names and registration order: weight, noise_strength, bias; buffers
  // resample_filter, noise_const; then affine.
  Tensor weight, noise_strength, bias;
  Tensor resample_filter, noise_const;

 private:
  Tensor noise(const Tensor& y, const SynthesisOptions& options) const;

  SynthesisLayerSpec spec_;
  std::shared_ptr<FullyConnectedLayer> affine_;
};

}  // namespace phantom::models::stylegan2
