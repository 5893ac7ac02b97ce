#include "models/stylegan2/synthesis_block.h"

#include <cmath>

#include "engine/ops/arithmetic.h"
#include "engine/ops/shape_ops.h"
#include "models/stylegan2/fir_filter.h"
#include "models/stylegan2/modulated_conv.h"

namespace phantom::models::stylegan2 {

SynthesisBlock::SynthesisBlock(const GeneratorConfig& config, int64_t in_channels,
                               int64_t resolution, phantom::Generator& gen, std::string path)
    : StyleModule(path), architecture_(config.synthesis.architecture) {
  const int64_t out_channels = config.channels(resolution);
  const bool is_last = resolution == config.img_resolution;
  if (in_channels == 0) {
    const_input = gen.normal({out_channels, 4, 4});
    register_parameter("const", &const_input);
  }
  resample_filter = make_resample_filter();
  register_buffer("resample_filter", &resample_filter);

  SynthesisLayerSpec layer{in_channels,
                           out_channels,
                           config.w_dim,
                           resolution,
                           true,
                           config.synthesis.use_noise,
                           config.synthesis.conv_clamp};
  if (in_channels != 0)
    conv0_ =
        register_module("conv0", std::make_shared<SynthesisLayer>(layer, gen, path + ".conv0"));
  layer.in_channels = out_channels;
  layer.up = false;
  conv1_ = register_module("conv1", std::make_shared<SynthesisLayer>(layer, gen, path + ".conv1"));
  if (is_last || architecture_ == Architecture::Skip)
    torgb_ = register_module(
        "torgb", std::make_shared<ToRGBLayer>(out_channels, config.img_channels, config.w_dim,
                                              config.synthesis.conv_clamp, gen, path + ".torgb"));
  if (in_channels != 0 && architecture_ == Architecture::Resnet)
    skip_ =
        register_module("skip", std::make_shared<ResnetSkipLayer>(in_channels, out_channels, gen));
}

SynthesisBlock::Output SynthesisBlock::forward(const Tensor& x, const Tensor& img,
                                               const std::vector<Tensor>& ws,
                                               const SynthesisOptions& options) {
  PHANTOM_CHECK(static_cast<int64_t>(ws.size()) == num_conv() + num_torgb(), path(), " got ",
                ws.size(), " latents");
  Output out;
  if (!conv0_) {
    Tensor c = reshape(const_input, {1, const_input.size(0), 4, 4});
    out.x = conv1_->forward(concat(std::vector<Tensor>(ws[0].size(0), c), 0), ws[0], options);
  } else if (skip_) {
    Tensor shortcut = skip_->forward(x);
    Tensor h = conv0_->forward(x, ws[0], options);
    out.x = shortcut + conv1_->forward(h, ws[1], options, std::sqrt(0.5));
  } else {
    out.x = conv1_->forward(conv0_->forward(x, ws[0], options), ws[1], options);
  }
  probe(options, "x", out.x);
  if (img.defined()) out.img = upsample2d(img, resample_filter);
  if (torgb_) {
    Tensor rgb = torgb_->forward(out.x, ws.back(), options);
    out.img = out.img.defined() ? out.img + rgb : rgb;
  }
  if (out.img.defined()) probe(options, "img", out.img);
  return out;
}

}  // namespace phantom::models::stylegan2
