// Everything that defines a `phantom train-gan` run besides the data: both networks, the
// optimisers, R1, the EMA generator, the schedule of samples and checkpoints. Written into the
// manifest and checkpoints; a resume must present the same configuration.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>

#include "models/gan_training/diff_augment.h"
#include "models/stylegan2/discriminator.h"
#include "models/stylegan2/generator_config.h"

namespace phantom::models::gan {

struct GanTrainConfig {
  stylegan2::GeneratorConfig generator;
  stylegan2::DiscriminatorConfig discriminator;
  int64_t batch_size = 32;
  int64_t iterations = 1000;  // G and D steps each
  double g_lr = 0.0025, d_lr = 0.0025;
  double beta1 = 0.0, beta2 = 0.99, adam_eps = 1e-8;  // official StyleGAN2-ADA
  double r1_gamma = 0.0064;  // official 'auto': 0.0002·R²/batch (R = 32, batch 32)
  int64_t r1_interval = 16;  // lazy R1 every this many D steps, scaled by it
  double r1_fd_step = 1e-3;  // see R1Options
  double ema_kimg = 10;      // G_ema half-life in thousands of images (official: batch·10/32)
  double ema_rampup = 0.05;  // half-life <= rampup·images seen; <= 0: no ramp-up
  uint64_t seed = 0;
  int64_t sample_every = 100;      // iterations between sample grids (0: only at the end)
  int64_t checkpoint_every = 100;  // iterations between checkpoints (0: only at the end)
  int64_t sample_count = 64;       // fixed latents in each grid
  DiffAugmentPolicy augment;       // applied to every image D sees (off by default)
};

void validate(const GanTrainConfig& c);
nlohmann::json to_json(const GanTrainConfig& c);

}  // namespace phantom::models::gan
