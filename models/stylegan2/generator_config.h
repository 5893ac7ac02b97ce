// The StyleGAN2-ADA Generator's constructor arguments (`G.init_kwargs` of an official pickle),
// read from and written to the JSON a weights file carries as its `generator_kwargs` metadata, so
// `Generator(**json.loads(kwargs))` in the official code builds the same network. Defaults are the
// official ones (../shared/reference/stylegan2-spec.md §1).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace phantom::models::stylegan2 {

enum class Architecture { Orig, Skip, Resnet };

struct MappingConfig {
  int64_t num_layers = 8;
  std::optional<int64_t> embed_features;  // unset: w_dim (0 when c_dim == 0)
  std::optional<int64_t> layer_features;  // unset: w_dim
  double lr_multiplier = 0.01;
  double w_avg_beta = 0.995;  // only used by training; the w_avg buffer always exists here
  bool operator==(const MappingConfig&) const = default;
};

struct SynthesisConfig {
  int64_t channel_base = 32768;
  int64_t channel_max = 512;
  // Blocks run in float16 on the official GPU path; phantom runs float32 only (the official
  // synthesis(force_fp32=True)), so the config must say 0.
  int64_t num_fp16_res = 0;
  std::optional<double> conv_clamp;  // unset: no clamp
  Architecture architecture = Architecture::Skip;
  bool use_noise = true;
  bool operator==(const SynthesisConfig&) const = default;
};

struct GeneratorConfig {
  int64_t z_dim = 512, c_dim = 0, w_dim = 512;
  int64_t img_resolution = 1024, img_channels = 3;
  MappingConfig mapping;
  SynthesisConfig synthesis;

  int64_t num_ws() const;                          // 2·log2(R) − 2
  std::vector<int64_t> block_resolutions() const;  // 4, 8, ..., R
  int64_t channels(int64_t resolution) const;      // min(channel_base / res, channel_max)
  int64_t embed_features() const;                  // resolved (0 without classes)
  int64_t layer_features() const;                  // resolved
  bool operator==(const GeneratorConfig&) const = default;
};

std::string architecture_name(Architecture a);
// "orig", "skip" or "resnet"; anything else is a UserError naming `what` (a key or a flag).
Architecture parse_architecture_name(const std::string& name, const std::string& what);

// Parses `generator_kwargs` JSON; `what` (usually the file) names the source in errors. Unknown
// keys, values phantom cannot honour (num_fp16_res != 0, another activation, filter or kernel
// size) and invalid sizes are UserErrors naming the key.
GeneratorConfig generator_config_from_json(const std::string& json_text, const std::string& what);
// Every field explicitly, in the official key names.
std::string to_json(const GeneratorConfig& c);

}  // namespace phantom::models::stylegan2
