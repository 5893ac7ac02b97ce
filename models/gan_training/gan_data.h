// The reals of a GAN training from a dataset: square images padded evenly to the next power of two
// (at least 8; Fashion-MNIST: 28 + 2·2 = 32) and scaled to [-1, 1], optionally mirrored.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "models/gan_training/gan_config.h"
#include "models/gan_training/gan_trainer.h"

namespace phantom::models::gan {

// The padded size of the dataset's images; a UserError naming `what` (a flag or a config key)
// when they are not square or do not pad evenly.
int64_t gan_resolution(const data::Dataset& ds, const std::string& what);

// Wraps `ds` for train_gan and sets the image size and channels of both networks in `config`.
// `description` (source, classes, ...) goes into the manifest, with the image count, pad and
// mirror added.
GanData make_gan_data(data::Dataset ds, bool mirror, nlohmann::json description,
                      GanTrainConfig& config, const std::string& what);

}  // namespace phantom::models::gan
