#include "models/stylegan2/generator.h"

#include "engine/io/safetensors.h"
#include "models/stylegan2/kwargs_fields.h"

namespace phantom::models::stylegan2 {

Generator::Generator(const GeneratorConfig& config, phantom::Generator& gen) : config_(config) {
  // The official state dict lists synthesis before mapping.
  synthesis_ = register_module("synthesis", std::make_shared<SynthesisNetwork>(config, gen));
  mapping_ = register_module("mapping", std::make_shared<MappingNetwork>(config, gen));
}

Tensor Generator::generate(const Tensor& z, const Tensor& c, const Truncation& truncation,
                           const SynthesisOptions& options) {
  return synthesis_->forward(mapping_->forward(z, c, truncation), options);
}

std::shared_ptr<Generator> load_generator(const std::string& path) {
  SafetensorsFile file = read_safetensors(path);
  GeneratorConfig config = generator_config_from_json(
      kwargs_metadata(file.metadata, path, kGeneratorKwargsKey, "generator"), path);
  phantom::Generator unused_init(0);  // every value is overwritten by the file
  auto generator = std::make_shared<Generator>(config, unused_init);
  generator->load_state_dict_from(file.tensors, path);
  generator->eval();
  return generator;
}

void save_generator(const Generator& generator, const std::string& path,
                    const std::map<std::string, std::string>& extra_metadata) {
  std::map<std::string, std::string> metadata = extra_metadata;
  metadata[kGeneratorKwargsKey] = to_json(generator.config());
  metadata["format"] = "pt";
  write_safetensors(path, generator.state_dict(), metadata);
}

}  // namespace phantom::models::stylegan2
