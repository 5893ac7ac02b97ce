#include "models/training/augment_preset.h"

#include "engine/core/error.h"

namespace phantom::models {

void apply_augment_preset(const std::string& name, int64_t image_size, TrainConfig& c) {
  const int64_t pad = image_size < 32 ? (32 - image_size) / 2 : 0;
  c.train_transform = {};
  c.train_transform.pad = pad;
  c.train_transform.normalize = true;
  c.test_transform = c.train_transform;
  if (name == "none") return;
  PHANTOM_REQUIRE(name == "standard", "--augment: expected none or standard, found '", name, "'");
  c.train_transform.random_crop_height = c.train_transform.random_crop_width = image_size + 2 * pad;
  c.train_transform.random_crop_scale = {0.85, 1.0};
  c.train_transform.random_crop_ratio = {1.0, 1.0};
  c.train_transform.hflip_probability = 0.5;
}

}  // namespace phantom::models
