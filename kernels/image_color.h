// Colour kernels of the data transforms (engine/data/transforms_color.h) on one planar f32 image;
// the per-pixel formulas are in image_color_math.h. Outputs are clamped to [0, 1] except
// normalise's. The caller checks the channel counts each kernel states.
#pragma once
#include <cstdint>

#include "kernels/hd.h"

namespace phantom::kernels {

// The shape of one planar f32 image [C, H, W].
struct ImageShape {
  int64_t channels = 0, height = 0, width = 0;
  PHANTOM_HD int64_t plane() const { return height * width; }
};

namespace cpu {
// All n values: brightness_value(x, factor).
void image_brightness(int64_t n, double factor, const float* src, float* dst);
// 1 or 3 channels: every value blended with the image's mean luma (gray: mean value).
void image_contrast(const ImageShape& in, double factor, const float* src, float* dst);
// 3 channels: every value blended with its pixel's luma.
void image_saturation(const ImageShape& in, double factor, const float* src, float* dst);
// 3 channels: every pixel's hue rotated by `shift` turns.
void image_hue(const ImageShape& in, double shift, const float* src, float* dst);
// All n values: (x - mean) * inv_std.
void image_normalize(int64_t n, float mean, float inv_std, const float* src, float* dst);
}  // namespace cpu

// The same kernels on the GPU (cuda/image_color.cu); pointers are device memory.
namespace cuda {
void image_brightness(int64_t n, double factor, const float* src, float* dst);
void image_contrast(const ImageShape& in, double factor, const float* src, float* dst);
void image_saturation(const ImageShape& in, double factor, const float* src, float* dst);
void image_hue(const ImageShape& in, double shift, const float* src, float* dst);
void image_normalize(int64_t n, float mean, float inv_std, const float* src, float* dst);
}  // namespace cuda

}  // namespace phantom::kernels
