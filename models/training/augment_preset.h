// The augmentation presets of `phantom train` and the study. Both pad small images to 32 px (the
// CIFAR-style models' input) and scale to [−1, 1], for training and test alike; "standard" adds
// the paper's recipe at small scale (random resized crop, scale 0.85–1, ratio 1, and flips).
#pragma once
#include <string>

#include "models/training/train_config.h"

namespace phantom::models {

// Sets config.train_transform and config.test_transform for images of `image_size` pixels;
// `name` is "none" or "standard" (anything else is a UserError naming --augment).
void apply_augment_preset(const std::string& name, int64_t image_size, TrainConfig& config);

}  // namespace phantom::models
