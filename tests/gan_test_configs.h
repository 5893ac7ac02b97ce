// The small StyleGAN2 generator of the GAN-training and discriminator-file tests: 8x8 grey, z = w =
// 8, two mapping layers, 4 to 8 channels. Cheap enough to train for a few iterations in a test.
#pragma once
#include "models/stylegan2/generator_config.h"

namespace phantom::testing {

inline models::stylegan2::GeneratorConfig small_gan_generator() {
  models::stylegan2::GeneratorConfig g;
  g.z_dim = g.w_dim = 8;
  g.img_resolution = 8;
  g.img_channels = 1;
  g.mapping.num_layers = 2;
  g.synthesis.channel_base = 32;
  g.synthesis.channel_max = 8;
  return g;
}

}  // namespace phantom::testing
