// SynthesisBlock b{r} (spec §4.4): b4 starts from the learned const [C, 4, 4] and has only conv1;
// every other block up-samples with conv0 and refines with conv1. 'skip' adds a ToRGB per block
// to the up-sampled running image; 'orig' and 'resnet' have a ToRGB in the last block only;
// 'resnet' adds the 1x1 up-sampling shortcut and sqrt(0.5) gains.
#pragma once
#include <memory>
#include <optional>
#include <vector>

#include "models/stylegan2/generator_config.h"
#include "models/stylegan2/resnet_skip_layer.h"
#include "models/stylegan2/synthesis_layer.h"
#include "models/stylegan2/to_rgb_layer.h"

namespace phantom::models::stylegan2 {

class SynthesisBlock : public StyleModule {
 public:
  // in_channels 0 means the first (4x4) block.
  SynthesisBlock(const GeneratorConfig& config, int64_t in_channels, int64_t resolution,
                 phantom::Generator& gen, std::string path);
  using StyleModule::forward;

  int64_t num_conv() const { return conv0_ ? 2 : 1; }
  int64_t num_torgb() const { return torgb_ ? 1 : 0; }

  struct Output {
    Tensor x, img;  // img undefined until the first block with a ToRGB
  };
  // `ws` holds num_conv() + num_torgb() per-layer latents [N, w_dim]; x is ignored by b4 except
  // for its batch size (pass any [N, ...] tensor).
  Output forward(const Tensor& x, const Tensor& img, const std::vector<Tensor>& ws,
                 const SynthesisOptions& options);

  Tensor const_input;  // "const" [C, 4, 4], b4 only
  Tensor resample_filter;

 private:
  Architecture architecture_;
  std::shared_ptr<SynthesisLayer> conv0_, conv1_;
  std::shared_ptr<ToRGBLayer> torgb_;
  std::shared_ptr<ResnetSkipLayer> skip_;
};

}  // namespace phantom::models::stylegan2
