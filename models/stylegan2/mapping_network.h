// MappingNetwork (spec §3): z (and optional one-hot c) -> w through normalize_2nd_moment, an
// optional class embedding, and num_layers lrelu FC layers with lr multiplier 0.01; then
// truncation towards the tracked average w_avg and broadcast to the num_ws per-layer latents.
// w_avg is a buffer that only official training updates; phantom never updates it.
#pragma once
#include <memory>
#include <optional>
#include <vector>

#include "models/stylegan2/fully_connected_layer.h"
#include "models/stylegan2/generator_config.h"
#include "models/stylegan2/synthesis_options.h"

namespace phantom::models::stylegan2 {

struct Truncation {
  double psi = 1.0;               // 1 = none
  std::optional<int64_t> cutoff;  // truncate ws[:, :cutoff] only; unset = every layer
};

class MappingNetwork : public nn::Module {
 public:
  MappingNetwork(const GeneratorConfig& config, phantom::Generator& gen);

  // z [N, z_dim], c [N, c_dim] (undefined when c_dim = 0) -> w [N, w_dim], before truncation.
  Tensor map(const Tensor& z, const Tensor& c, const Probe& probe = {});
  // w [N, w_dim] -> ws [N, num_ws, w_dim]: w_avg + psi (w − w_avg) on the first cutoff layers,
  // w itself on the rest. Differentiable in w.
  Tensor broadcast(const Tensor& w, const Truncation& truncation = {}) const;
  Tensor forward(const Tensor& z, const Tensor& c, const Truncation& truncation = {}) {
    return broadcast(map(z, c), truncation);
  }
  Tensor forward(const Tensor& z) override { return forward(z, Tensor()); }

  Tensor w_avg;  // buffer [w_dim]

 private:
  GeneratorConfig config_;
  std::shared_ptr<FullyConnectedLayer> embed_;  // c_dim > 0 only
  std::vector<std::shared_ptr<FullyConnectedLayer>> layers_;
};

}  // namespace phantom::models::stylegan2
