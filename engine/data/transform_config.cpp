#include "engine/data/transform_config.h"

#include "engine/data/transforms_color.h"

namespace phantom::data {

Pipeline build_pipeline(const TransformConfig& c) {
  Pipeline p;
  if (c.resize_height > 0 || c.resize_width > 0)
    p.add(std::make_shared<Resize>(c.resize_height, c.resize_width));
  if (c.pad > 0) p.add(std::make_shared<Pad>(c.pad));
  if (c.center_crop_height > 0 || c.center_crop_width > 0)
    p.add(std::make_shared<CenterCrop>(c.center_crop_height, c.center_crop_width));
  if (c.random_crop_height > 0 || c.random_crop_width > 0)
    p.add(std::make_shared<RandomResizedCrop>(c.random_crop_height, c.random_crop_width,
                                              c.random_crop_scale, c.random_crop_ratio));
  if (c.hflip_probability > 0) p.add(std::make_shared<RandomHorizontalFlip>(c.hflip_probability));
  if (c.brightness > 0 || c.contrast > 0 || c.saturation > 0 || c.hue > 0)
    p.add(std::make_shared<ColorJitter>(c.brightness, c.contrast, c.saturation, c.hue));
  if (c.normalize) p.add(std::make_shared<Normalize>());
  return p;
}

}  // namespace phantom::data
