#include "models/stylegan2/synthesis_network.h"

#include "engine/ops/shape_ops.h"

namespace phantom::models::stylegan2 {

SynthesisNetwork::SynthesisNetwork(const GeneratorConfig& config, phantom::Generator& gen)
    : config_(config) {
  int64_t in_channels = 0;
  for (int64_t r : config.block_resolutions()) {
    // Appending, not `"b" + std::to_string(r)`: GCC 12 misreports the latter under -Wrestrict.
    std::string name = "b";
    name += std::to_string(r);
    const std::string path = "synthesis." + name;
    blocks_.push_back(
        register_module(name, std::make_shared<SynthesisBlock>(config, in_channels, r, gen, path)));
    in_channels = config.channels(r);
  }
}

Tensor SynthesisNetwork::forward(const Tensor& ws, const SynthesisOptions& options) {
  const int64_t num_ws = config_.num_ws(), w_dim = config_.w_dim;
  PHANTOM_REQUIRE(ws.dim() == 3 && ws.size(1) == num_ws && ws.size(2) == w_dim,
                  "StyleGAN2 synthesis: ws must be [N, ", num_ws, ", ", w_dim, "], found ",
                  ws.describe());
  std::vector<Tensor> per_layer;
  for (int64_t i = 0; i < num_ws; ++i)
    per_layer.push_back(reshape(slice(ws, 1, i, i + 1), {ws.size(0), w_dim}));

  SynthesisBlock::Output state{ws, Tensor()};  // b4 reads only the batch size of x
  size_t w_index = 0;
  for (const auto& block : blocks_) {
    auto first = per_layer.begin() + static_cast<std::ptrdiff_t>(w_index);
    std::vector<Tensor> block_ws(first, first + block->num_conv() + block->num_torgb());
    state = block->forward(state.x, state.img, block_ws, options);
    w_index += static_cast<size_t>(block->num_conv());
  }
  return state.img;
}

}  // namespace phantom::models::stylegan2
