// The GAN `phantom train-gan` and the study train unless told otherwise, and with which the
// shipped generator (models/weights/) was trained: z = w = 64, two mapping layers, 64 channels at
// every resolution (channel_base 1024, channel_max 64) in G and D, 1500 iterations of batch 32
// (48 kimg, about 25 minutes on 2 cores) and a 2 kimg EMA half-life, which suits so short a run
// better than the official batch·10/32 kimg. The image size and channels come from the data
// (gan_data.h).
#pragma once
#include "models/gan_training/gan_config.h"

namespace phantom::models::gan {

GanTrainConfig default_gan_training();

}  // namespace phantom::models::gan
