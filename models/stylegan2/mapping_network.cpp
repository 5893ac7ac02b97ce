#include "models/stylegan2/mapping_network.h"

#include "engine/ops/arithmetic.h"
#include "engine/ops/shape_ops.h"

namespace phantom::models::stylegan2 {

MappingNetwork::MappingNetwork(const GeneratorConfig& config, phantom::Generator& gen)
    : config_(config) {
  w_avg = Tensor::zeros({config.w_dim});
  register_buffer("w_avg", &w_avg);
  const int64_t embed = config.embed_features();
  if (config.c_dim > 0)
    embed_ =
        register_module("embed", std::make_shared<FullyConnectedLayer>(
                                     config.c_dim, embed, FcActivation::Linear, 1.0, 0.0, gen));
  int64_t in = config.z_dim + embed;
  for (int64_t i = 0; i < config.mapping.num_layers; ++i) {
    const bool last = i + 1 == config.mapping.num_layers;
    const int64_t out = last ? config.w_dim : config.layer_features();
    layers_.push_back(
        register_module("fc" + std::to_string(i),
                        std::make_shared<FullyConnectedLayer>(
                            in, out, FcActivation::Lrelu, config.mapping.lr_multiplier, 0.0, gen)));
    in = out;
  }
}

Tensor MappingNetwork::map(const Tensor& z, const Tensor& c, const Probe& probe) {
  PHANTOM_REQUIRE(z.dim() == 2 && z.size(1) == config_.z_dim, "StyleGAN2 mapping: z must be [N, ",
                  config_.z_dim, "], found ", z.describe());
  Tensor x = normalize_2nd_moment(z);
  if (embed_) {
    PHANTOM_REQUIRE(
        c.defined() && c.dim() == 2 && c.size(0) == z.size(0) && c.size(1) == config_.c_dim,
        "StyleGAN2 mapping: this generator is conditional; c must be [", z.size(0), ", ",
        config_.c_dim, "], found ", c.defined() ? c.describe() : "none");
    Tensor y = embed_->forward(c);
    if (probe) probe("mapping.embed.out", y);
    x = concat({x, normalize_2nd_moment(y)}, 1);
  } else {
    PHANTOM_REQUIRE(!c.defined(),
                    "StyleGAN2 mapping: labels c given to an unconditional generator");
  }
  if (probe) probe("mapping.x_in", x);
  for (size_t i = 0; i < layers_.size(); ++i) {
    x = layers_[i]->forward(x);
    if (probe) probe("mapping.fc" + std::to_string(i) + ".out", x);
  }
  return x;
}

Tensor MappingNetwork::broadcast(const Tensor& w, const Truncation& truncation) const {
  const int64_t num_ws = config_.num_ws();
  PHANTOM_REQUIRE(w.dim() == 2 && w.size(1) == config_.w_dim, "StyleGAN2: w must be [N, ",
                  config_.w_dim, "], found ", w.describe());
  const int64_t cutoff = std::min(truncation.cutoff.value_or(num_ws), num_ws);
  PHANTOM_REQUIRE(cutoff >= 0, "StyleGAN2: truncation cutoff must be >= 0, found ", cutoff);
  Tensor row = reshape(w, {w.size(0), 1, w.size(1)});
  Tensor truncated = row;
  if (truncation.psi != 1.0) {
    Tensor avg = w_avg.to(w.dtype());
    truncated = avg + (row - avg) * truncation.psi;
  }
  std::vector<Tensor> rows(static_cast<size_t>(num_ws), row);
  std::fill(rows.begin(), rows.begin() + cutoff, truncated);
  return concat(rows, 1);
}

}  // namespace phantom::models::stylegan2
