// The generator `phantom train-gan` trains unless told otherwise (and the shipped generator was
// trained with): z = w = 64, two mapping layers, 64 channels at every resolution. The image size
// and channels come from the data (Fashion-MNIST: 32x32 grey).
#pragma once
#include "models/stylegan2/generator_config.h"

namespace phantom::cli {

inline models::stylegan2::GeneratorConfig train_gan_default_generator() {
  models::stylegan2::GeneratorConfig g;
  g.z_dim = g.w_dim = 64;
  g.mapping.num_layers = 2;
  g.synthesis.channel_base = 1024;
  g.synthesis.channel_max = 64;
  return g;
}

}  // namespace phantom::cli
