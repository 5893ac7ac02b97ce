// A plain description of an augmentation pipeline (what `phantom train` flags and manifests hold)
// and the Pipeline it builds. Steps run in a fixed order: resize, pad, centre crop, random resized
// crop, horizontal flip, colour jitter, normalise; each is off at its default.
#pragma once
#include <cstdint>

#include "engine/data/transform.h"
#include "engine/data/transforms_geometry.h"

namespace phantom::data {

struct TransformConfig {
  int64_t resize_height = 0, resize_width = 0;  // > 0: resize (bilinear, antialias)
  int64_t pad = 0;                              // pixels of zero on every side (28 -> 32: 2)
  int64_t center_crop_height = 0, center_crop_width = 0;
  int64_t random_crop_height = 0, random_crop_width = 0;  // > 0: random resized crop to this size
  Range random_crop_scale{0.08, 1.0};
  Range random_crop_ratio{3.0 / 4.0, 4.0 / 3.0};
  double hflip_probability = 0.0;
  double brightness = 0, contrast = 0, saturation = 0, hue = 0;  // colour jitter strengths
  bool normalize = false;                                        // [0, 1] -> [-1, 1]
};

Pipeline build_pipeline(const TransformConfig& config);

}  // namespace phantom::data
