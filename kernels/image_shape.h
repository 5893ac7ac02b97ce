// The shape of one planar f32 image [C, H, W], as the data-transform kernels (image_geometry.h,
// image_color.h) take it.
#pragma once
#include <cstdint>

#include "kernels/hd.h"

namespace phantom::kernels {

struct ImageShape {
  int64_t channels = 0, height = 0, width = 0;
  PHANTOM_HD int64_t plane() const { return height * width; }
};

}  // namespace phantom::kernels
