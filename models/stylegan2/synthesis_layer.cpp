#include "models/stylegan2/synthesis_layer.h"

#include <cmath>

#include "engine/ops/arithmetic.h"
#include "engine/ops/unary.h"
#include "models/stylegan2/fir_filter.h"
#include "models/stylegan2/modulated_conv.h"

namespace phantom::models::stylegan2 {

SynthesisLayer::SynthesisLayer(const SynthesisLayerSpec& spec, phantom::Generator& gen,
                               std::string path)
    : StyleModule(std::move(path)), spec_(spec) {
  weight = gen.normal({spec.out_channels, spec.in_channels, 3, 3});
  register_parameter("weight", &weight);
  if (spec.use_noise) {
    noise_strength = Tensor::scalar(0.0);
    register_parameter("noise_strength", &noise_strength);
  }
  bias = Tensor::zeros({spec.out_channels});
  register_parameter("bias", &bias);
  resample_filter = make_resample_filter();
  register_buffer("resample_filter", &resample_filter);
  if (spec.use_noise) {
    noise_const = gen.normal({spec.resolution, spec.resolution});
    register_buffer("noise_const", &noise_const);
  }
  affine_ = register_module(
      "affine", std::make_shared<FullyConnectedLayer>(spec.w_dim, spec.in_channels,
                                                      FcActivation::Linear, 1.0, 1.0, gen));
}

Tensor SynthesisLayer::noise(const Tensor& y, const SynthesisOptions& options) const {
  if (options.noise == NoiseMode::Const) return noise_const * noise_strength;
  PHANTOM_REQUIRE(options.noise_generator != nullptr,
                  "SynthesisOptions: noise mode 'random' needs a noise_generator");
  const int64_t r = spec_.resolution;
  Tensor fresh =
      options.noise_generator->normal({y.size(0), 1, r, r}, 0.0, 1.0, y.dtype()).to(y.device());
  return fresh.to(y.device()) * noise_strength;
}

Tensor SynthesisLayer::forward(const Tensor& x, const Tensor& w, const SynthesisOptions& options,
                               double gain) {
  Tensor styles = affine_->forward(w);
  probe(options, "styles", styles);
  ModConvSpec conv;
  conv.up = spec_.up;
  conv.padding = 1;
  conv.fused = options.fused_modconv;
  Tensor y = modulated_conv2d(x, weight, styles, resample_filter, conv);
  if (spec_.use_noise && options.noise != NoiseMode::None) y = y + noise(y, options);
  const double clamp = spec_.conv_clamp ? *spec_.conv_clamp * gain : -1.0;
  y = bias_act(y, bias, 0.2, std::sqrt(2.0) * gain, clamp);
  probe(options, "out", y);
  return y;
}

}  // namespace phantom::models::stylegan2
