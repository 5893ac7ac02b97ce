// Geometry kernels of the data transforms (engine/data/transforms_geometry.h) on one planar f32
// image: a window copy, which is a crop inside the image and constant padding where the window
// reaches outside it, and a left-right mirror. Exact copies: both devices give the same bits.
#pragma once
#include <cstdint>

#include "kernels/image_shape.h"

namespace phantom::kernels {

// The window's top-left corner in image coordinates (negative: above or left of the image), its
// size, and the value of its pixels outside the image.
struct ImageWindow {
  int64_t top = 0, left = 0, height = 0, width = 0;
  float fill = 0.0f;
};

namespace cpu {
// dst [C, window.height, window.width]: src[c][top + y][left + x] where that is inside the image,
// else window.fill.
void image_window(const ImageShape& in, const ImageWindow& window, const float* src, float* dst);
// dst [C, H, W]: src mirrored left-right.
void image_hflip(const ImageShape& in, const float* src, float* dst);
}  // namespace cpu

// The same kernels on the GPU (cuda/image_geometry.cu); pointers are device memory.
namespace cuda {
void image_window(const ImageShape& in, const ImageWindow& window, const float* src, float* dst);
void image_hflip(const ImageShape& in, const float* src, float* dst);
}  // namespace cuda

}  // namespace phantom::kernels
