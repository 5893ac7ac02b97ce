// The StyleGAN2-ADA generator (Karras et al. 2020), compatible with the official
// stylegan2-ada-pytorch state dict: every parameter and buffer carries its official name
// ("synthesis.b8.conv0.affine.weight", "mapping.w_avg"), so G_ema weights converted to
// safetensors load unchanged. Float32 only (the official force_fp32 path). See docs/stylegan2.md.
#pragma once
#include <map>
#include <memory>
#include <string>

#include "models/stylegan2/generator_config.h"
#include "models/stylegan2/mapping_network.h"
#include "models/stylegan2/synthesis_network.h"

namespace phantom::models::stylegan2 {

class Generator : public nn::Module {
 public:
  // Official initialisation (spec §6) drawn from `gen`.
  Generator(const GeneratorConfig& config, phantom::Generator& gen);

  const GeneratorConfig& config() const { return config_; }
  MappingNetwork& mapping() { return *mapping_; }
  SynthesisNetwork& synthesis() { return *synthesis_; }

  // z [N, z_dim] (+ c [N, c_dim] for a conditional generator) -> img [N, C, R, R].
  Tensor generate(const Tensor& z, const Tensor& c, const Truncation& truncation,
                  const SynthesisOptions& options);
  // Unconditional, no truncation, noise 'const' (as official generate.py and projector.py; the
  // official forward() defaults to 'random').
  Tensor forward(const Tensor& z) override { return generate(z, Tensor(), {}, {}); }

 private:
  GeneratorConfig config_;
  std::shared_ptr<SynthesisNetwork> synthesis_;
  std::shared_ptr<MappingNetwork> mapping_;
};

// The metadata key holding the config JSON, as in the reference fixtures.
inline constexpr const char* kGeneratorKwargsKey = "generator_kwargs";

// Reads a safetensors file with `generator_kwargs` metadata and exactly the generator's tensors.
std::shared_ptr<Generator> load_generator(const std::string& path);
// Writes the state dict under the official names plus `generator_kwargs` (atomically);
// `extra_metadata` (e.g. a trainer's provenance) is stored alongside.
void save_generator(const Generator& generator, const std::string& path,
                    const std::map<std::string, std::string>& extra_metadata = {});

}  // namespace phantom::models::stylegan2
