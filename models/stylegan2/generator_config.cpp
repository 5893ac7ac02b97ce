#include "models/stylegan2/generator_config.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/core/error.h"
#include "models/stylegan2/kwargs_fields.h"

namespace phantom::models::stylegan2 {

using nlohmann::json;

namespace {

Architecture parse_architecture(const json* v, const std::string& where) {
  if (!v) return Architecture::Skip;
  return parse_architecture_name(v->is_string() ? v->get<std::string>() : v->dump(),
                                 where + ".architecture");
}

bool is_power_of_two(int64_t v) {
  return v > 0 && (v & (v - 1)) == 0;
}

void validate(const GeneratorConfig& c, const std::string& what) {
  PHANTOM_REQUIRE(c.z_dim >= 1 && c.w_dim >= 1 && c.c_dim >= 0 && c.img_channels >= 1, what,
                  ": z_dim, w_dim and img_channels must be >= 1 and c_dim >= 0, found z_dim ",
                  c.z_dim, ", w_dim ", c.w_dim, ", img_channels ", c.img_channels, ", c_dim ",
                  c.c_dim);
  PHANTOM_REQUIRE(c.img_resolution >= 4 && is_power_of_two(c.img_resolution), what,
                  ": img_resolution must be a power of two >= 4, found ", c.img_resolution);
  PHANTOM_REQUIRE(c.mapping.num_layers >= 1, what,
                  ": mapping_kwargs.num_layers must be >= 1, found ", c.mapping.num_layers);
  PHANTOM_REQUIRE(c.embed_features() >= 0 && c.layer_features() >= 1, what,
                  ": mapping_kwargs embed_features/layer_features must be positive");
  PHANTOM_REQUIRE(c.synthesis.channel_base >= 1 && c.synthesis.channel_max >= 1 &&
                      c.channels(c.img_resolution) >= 1,
                  what, ": channel_base ", c.synthesis.channel_base, " and channel_max ",
                  c.synthesis.channel_max, " leave no channels at resolution ", c.img_resolution);
  PHANTOM_REQUIRE(c.synthesis.num_fp16_res == 0, what,
                  ": synthesis_kwargs.num_fp16_res = ", c.synthesis.num_fp16_res,
                  ": phantom runs the generator in float32 only (the official "
                  "synthesis(force_fp32=True)); set it to 0 (tools/python/convert_stylegan2_pkl.py "
                  "does this)");
}

}  // namespace

int64_t GeneratorConfig::num_ws() const {
  int64_t log2 = 0;
  while ((int64_t{1} << log2) < img_resolution) ++log2;
  return 2 * log2 - 2;
}

std::vector<int64_t> GeneratorConfig::block_resolutions() const {
  std::vector<int64_t> out;
  for (int64_t r = 4; r <= img_resolution; r *= 2) out.push_back(r);
  return out;
}

int64_t GeneratorConfig::channels(int64_t resolution) const {
  return std::min(synthesis.channel_base / resolution, synthesis.channel_max);
}

int64_t GeneratorConfig::embed_features() const {
  return c_dim == 0 ? 0 : mapping.embed_features.value_or(w_dim);
}

int64_t GeneratorConfig::layer_features() const {
  return mapping.layer_features.value_or(w_dim);
}

Architecture parse_architecture_name(const std::string& name, const std::string& what) {
  for (Architecture a : {Architecture::Orig, Architecture::Skip, Architecture::Resnet})
    if (name == architecture_name(a)) return a;
  PHANTOM_REQUIRE(false, what, ": expected orig, skip or resnet, found '", name, "'");
  return Architecture::Skip;
}

std::string architecture_name(Architecture a) {
  switch (a) {
    case Architecture::Orig:
      return "orig";
    case Architecture::Skip:
      return "skip";
    case Architecture::Resnet:
      return "resnet";
  }
  return "?";
}

GeneratorConfig generator_config_from_json(const std::string& json_text, const std::string& what) {
  json j;
  try {
    j = json::parse(json_text);
  } catch (const json::exception& e) {
    PHANTOM_REQUIRE(false, what, ": generator_kwargs is not valid JSON: ", e.what());
  }
  GeneratorConfig c;
  KwargsFields top(j, what + ": generator_kwargs");
  top.read("z_dim", c.z_dim);
  top.read("c_dim", c.c_dim);
  top.read("w_dim", c.w_dim);
  top.read("img_resolution", c.img_resolution);
  top.read("img_channels", c.img_channels);
  if (const json* m = top.find("mapping_kwargs")) {
    KwargsFields f(*m, what + ": mapping_kwargs");
    f.read("num_layers", c.mapping.num_layers);
    f.read("embed_features", c.mapping.embed_features);
    f.read("layer_features", c.mapping.layer_features);
    f.read("lr_multiplier", c.mapping.lr_multiplier);
    f.read("w_avg_beta", c.mapping.w_avg_beta);
    f.require_default("activation", "lrelu", "the mapping layers are lrelu");
    f.reject_unknown();
  }
  if (const json* s = top.find("synthesis_kwargs")) {
    KwargsFields f(*s, what + ": synthesis_kwargs");
    f.read("channel_base", c.synthesis.channel_base);
    f.read("channel_max", c.synthesis.channel_max);
    f.read("num_fp16_res", c.synthesis.num_fp16_res);
    f.read("conv_clamp", c.synthesis.conv_clamp);
    c.synthesis.architecture = parse_architecture(f.find("architecture"), what);
    f.read("use_noise", c.synthesis.use_noise);
    f.require_default("activation", "lrelu", "the synthesis layers are lrelu");
    f.require_default("kernel_size", 3, "3x3 synthesis convolutions");
    f.require_default("resample_filter", json::array({1, 3, 3, 1}), "the [1,3,3,1] FIR filter");
    f.ignore("fp16_channels_last");  // a GPU memory-layout choice; no effect on the values
    f.reject_unknown();
  }
  top.reject_unknown();
  validate(c, what);
  return c;
}

std::string to_json(const GeneratorConfig& c) {
  json mapping = {{"num_layers", c.mapping.num_layers},
                  {"lr_multiplier", c.mapping.lr_multiplier},
                  {"w_avg_beta", c.mapping.w_avg_beta}};
  if (c.mapping.embed_features) mapping["embed_features"] = *c.mapping.embed_features;
  if (c.mapping.layer_features) mapping["layer_features"] = *c.mapping.layer_features;
  json synthesis = {{"channel_base", c.synthesis.channel_base},
                    {"channel_max", c.synthesis.channel_max},
                    {"num_fp16_res", c.synthesis.num_fp16_res},
                    {"conv_clamp", c.synthesis.conv_clamp ? json(*c.synthesis.conv_clamp) : json()},
                    {"architecture", architecture_name(c.synthesis.architecture)},
                    {"use_noise", c.synthesis.use_noise}};
  json j = {{"z_dim", c.z_dim},
            {"c_dim", c.c_dim},
            {"w_dim", c.w_dim},
            {"img_resolution", c.img_resolution},
            {"img_channels", c.img_channels},
            {"mapping_kwargs", mapping},
            {"synthesis_kwargs", synthesis}};
  return j.dump();
}

}  // namespace phantom::models::stylegan2
