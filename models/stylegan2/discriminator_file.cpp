#include "models/stylegan2/discriminator_file.h"

#include "engine/core/random.h"
#include "engine/io/safetensors.h"
#include "models/stylegan2/kwargs_fields.h"

namespace phantom::models::stylegan2 {

using nlohmann::json;

DiscriminatorArchitecture parse_discriminator_architecture(const std::string& name,
                                                           const std::string& what) {
  if (name == "orig") return DiscriminatorArchitecture::Orig;
  PHANTOM_REQUIRE(name == "resnet", what, ": expected orig or resnet, found '", name, "'");
  return DiscriminatorArchitecture::Resnet;
}

DiscriminatorConfig discriminator_config_from_json(const std::string& json_text,
                                                   const std::string& what) {
  json j;
  try {
    j = json::parse(json_text);
  } catch (const json::exception& e) {
    PHANTOM_REQUIRE(false, what, ": ", kDiscriminatorKwargsKey, " is not valid JSON: ", e.what());
  }
  DiscriminatorConfig c;
  KwargsFields top(j, what + ": " + kDiscriminatorKwargsKey);
  top.require_default("c_dim", 0, "unconditional discriminators only");
  top.read("img_resolution", c.img_resolution);
  top.read("img_channels", c.img_channels);
  top.read("channel_base", c.channel_base);
  top.read("channel_max", c.channel_max);
  top.read("conv_clamp", c.conv_clamp);
  if (const json* a = top.find("architecture"))
    c.architecture = parse_discriminator_architecture(
        a->is_string() ? a->get<std::string>() : a->dump(), what + ": architecture");
  top.require_default("num_fp16_res", 0, "phantom runs the discriminator in float32 only");
  top.ignore("cmap_dim");        // the conditioning projection's width: unused without classes
  top.ignore("mapping_kwargs");  // the conditioning mapping's options: likewise
  if (const json* b = top.find("block_kwargs")) {
    KwargsFields f(*b, what + ": block_kwargs");
    f.ignore("freeze_layers");       // which blocks train: no effect on D's values
    f.ignore("fp16_channels_last");  // a GPU memory layout: likewise
    f.require_default("activation", "lrelu", "the blocks are lrelu");
    f.require_default("resample_filter", json::array({1, 3, 3, 1}), "the [1,3,3,1] FIR filter");
    f.reject_unknown();
  }
  if (const json* e = top.find("epilogue_kwargs")) {
    KwargsFields f(*e, what + ": epilogue_kwargs");
    f.read("mbstd_group_size", c.mbstd_group_size);
    f.read("mbstd_num_channels", c.mbstd_num_channels);
    f.reject_unknown();
  }
  top.reject_unknown();
  try {
    validate(c);
  } catch (const UserError& e) {
    throw UserError(detail::concat(what, ": ", e.what()));
  }
  return c;
}

std::shared_ptr<Discriminator> load_discriminator(const std::string& path) {
  SafetensorsFile file = read_safetensors(path);
  const std::string& kwargs =
      kwargs_metadata(file.metadata, path, kDiscriminatorKwargsKey, "discriminator");
  phantom::Generator unused_init(0);  // every value is overwritten by the file
  auto d =
      std::make_shared<Discriminator>(discriminator_config_from_json(kwargs, path), unused_init);
  d->load_state_dict_from(file.tensors, path);
  d->eval();
  return d;
}

void save_discriminator(const Discriminator& discriminator, const std::string& path,
                        const std::map<std::string, std::string>& extra_metadata) {
  std::map<std::string, std::string> metadata = extra_metadata;
  metadata[kDiscriminatorKwargsKey] = to_json(discriminator.config());
  metadata["format"] = "pt";
  write_safetensors(path, discriminator.state_dict(), metadata);
}

}  // namespace phantom::models::stylegan2
