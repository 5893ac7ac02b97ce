#include "models/gan_training/gan_config.h"

#include "models/gan_training/gan_defaults.h"

#include "engine/core/error.h"

namespace phantom::models::gan {

GanTrainConfig default_gan_training() {
  GanTrainConfig c;
  stylegan2::GeneratorConfig& g = c.generator;
  g.z_dim = g.w_dim = 64;
  g.mapping.num_layers = 2;
  g.synthesis.channel_base = c.discriminator.channel_base = 1024;
  g.synthesis.channel_max = c.discriminator.channel_max = 64;
  c.iterations = 1500;
  c.ema_kimg = 2;
  return c;
}

void validate(const GanTrainConfig& c) {
  const auto& g = c.generator;
  const auto& d = c.discriminator;
  stylegan2::validate(d);
  PHANTOM_REQUIRE(g.img_resolution == d.img_resolution && g.img_channels == d.img_channels,
                  "train-gan: generator and discriminator image shapes differ (", g.img_channels,
                  "x", g.img_resolution, " vs ", d.img_channels, "x", d.img_resolution, ")");
  PHANTOM_REQUIRE(g.c_dim == 0, "train-gan: only unconditional GANs are supported (c_dim 0)");
  PHANTOM_REQUIRE(c.batch_size >= 1, "--batch-size: expected >= 1, found ", c.batch_size);
  PHANTOM_REQUIRE(
      d.mbstd_num_channels == 0 || c.batch_size % std::min(d.mbstd_group_size, c.batch_size) == 0,
      "--batch-size (", c.batch_size, ") must be divisible by --mbstd-group (", d.mbstd_group_size,
      ")");
  PHANTOM_REQUIRE(c.iterations >= 0, "--iterations: expected >= 0, found ", c.iterations);
  PHANTOM_REQUIRE(c.g_lr > 0 && c.d_lr > 0, "--g-lr/--d-lr: expected > 0");
  PHANTOM_REQUIRE(c.r1_gamma >= 0, "--r1-gamma: expected >= 0, found ", c.r1_gamma);
  PHANTOM_REQUIRE(c.r1_interval >= 1, "--r1-interval: expected >= 1, found ", c.r1_interval);
  PHANTOM_REQUIRE(c.r1_fd_step > 0, "--r1-fd-step: expected > 0, found ", c.r1_fd_step);
  PHANTOM_REQUIRE(c.ema_kimg >= 0, "--ema-kimg: expected >= 0, found ", c.ema_kimg);
  PHANTOM_REQUIRE(c.sample_every >= 0 && c.checkpoint_every >= 0,
                  "--sample-every/--checkpoint-every: expected >= 0");
  PHANTOM_REQUIRE(c.sample_count >= 1, "--samples: expected >= 1, found ", c.sample_count);
}

nlohmann::json to_json(const GanTrainConfig& c) {
  nlohmann::json j = {
      {"generator_kwargs", nlohmann::json::parse(stylegan2::to_json(c.generator))},
      {"discriminator_kwargs", nlohmann::json::parse(stylegan2::to_json(c.discriminator))},
      {"batch_size", c.batch_size},
      {"iterations", c.iterations},
      {"g_lr", c.g_lr},
      {"d_lr", c.d_lr},
      {"betas", {c.beta1, c.beta2}},
      {"adam_eps", c.adam_eps},
      {"r1_gamma", c.r1_gamma},
      {"r1_interval", c.r1_interval},
      {"r1_fd_step", c.r1_fd_step},
      {"ema_kimg", c.ema_kimg},
      {"ema_rampup", c.ema_rampup},
      {"seed", c.seed},
      {"sample_every", c.sample_every},
      {"checkpoint_every", c.checkpoint_every},
      {"sample_count", c.sample_count}};
  // Only when on: the configurations (and resume checks, cache keys) of runs without it stay as
  // they were before augmentation existed.
  if (c.augment.any()) j["diff_augment"] = to_string(c.augment);
  return j;
}

}  // namespace phantom::models::gan
