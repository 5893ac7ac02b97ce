#include "models/stylegan2/to_rgb_layer.h"

#include <cmath>

#include "engine/ops/arithmetic.h"
#include "engine/ops/unary.h"
#include "models/stylegan2/modulated_conv.h"

namespace phantom::models::stylegan2 {

ToRGBLayer::ToRGBLayer(int64_t in_channels, int64_t img_channels, int64_t w_dim,
                       std::optional<double> conv_clamp, phantom::Generator& gen, std::string path)
    : StyleModule(std::move(path)),
      conv_clamp_(conv_clamp),
      weight_gain_(1.0 / std::sqrt(static_cast<double>(in_channels))) {
  weight = gen.normal({img_channels, in_channels, 1, 1});
  bias = Tensor::zeros({img_channels});
  register_parameter("weight", &weight);
  register_parameter("bias", &bias);
  affine_ = register_module("affine", std::make_shared<FullyConnectedLayer>(
                                          w_dim, in_channels, FcActivation::Linear, 1.0, 1.0, gen));
}

Tensor ToRGBLayer::forward(const Tensor& x, const Tensor& w, const SynthesisOptions& options) {
  Tensor styles = affine_->forward(w);
  probe(options, "styles", styles);
  ModConvSpec conv;
  conv.demodulate = false;
  conv.fused = options.fused_modconv;
  Tensor y = modulated_conv2d(x, weight, styles * weight_gain_, Tensor(), conv);
  y = bias_act(y, bias, 1.0, 1.0, conv_clamp_ ? *conv_clamp_ : -1.0);
  probe(options, "out", y);
  return y;
}

}  // namespace phantom::models::stylegan2
