// SynthesisNetwork (spec §4): blocks b4, b8, ..., bR, each taking its slice of ws; a block's ToRGB
// shares its w with the next block's conv0 (spec §4.1).
#pragma once
#include <memory>
#include <vector>

#include "models/stylegan2/synthesis_block.h"

namespace phantom::models::stylegan2 {

class SynthesisNetwork : public nn::Module {
 public:
  SynthesisNetwork(const GeneratorConfig& config, phantom::Generator& gen);
  // ws [N, num_ws, w_dim] -> img [N, img_channels, R, R] (no final activation; trained networks
  // give roughly [-1, 1]). Gradients flow to ws and every parameter.
  Tensor forward(const Tensor& ws, const SynthesisOptions& options);
  Tensor forward(const Tensor& ws) override { return forward(ws, SynthesisOptions{}); }

 private:
  GeneratorConfig config_;
  std::vector<std::shared_ptr<SynthesisBlock>> blocks_;
};

}  // namespace phantom::models::stylegan2
