// A StyleGAN2 discriminator as a weights file: the state dict under the official names plus its
// constructor arguments as `discriminator_kwargs` metadata, the way generator files carry
// `generator_kwargs`. `phantom train-gan` writes one next to its generator; the attack's optional
// realism term reads it.
#pragma once
#include <map>
#include <memory>
#include <string>

#include "models/stylegan2/discriminator.h"

namespace phantom::models::stylegan2 {

inline constexpr const char* kDiscriminatorKwargsKey = "discriminator_kwargs";

// "orig" or "resnet"; anything else is a UserError naming `what` (a key or a flag).
DiscriminatorArchitecture parse_discriminator_architecture(const std::string& name,
                                                           const std::string& what);

// Parses `discriminator_kwargs` JSON as to_json writes it or the official training loop passes it
// (official key names; block options that do not change D's values are accepted). Conditioning,
// fp16 layers, another activation or filter are refused; `what` names the source in errors.
DiscriminatorConfig discriminator_config_from_json(const std::string& json_text,
                                                   const std::string& what);

// Reads a discriminator file (eval mode); every problem is a UserError naming `path`.
std::shared_ptr<Discriminator> load_discriminator(const std::string& path);
// Writes it atomically; `extra_metadata` (e.g. a trainer's provenance) is stored alongside.
void save_discriminator(const Discriminator& discriminator, const std::string& path,
                        const std::map<std::string, std::string>& extra_metadata = {});

}  // namespace phantom::models::stylegan2
