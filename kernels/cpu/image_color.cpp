// One image at a time on the loader's thread: plain loops (images are small and the loader
// already overlaps with training).
#include "kernels/image_color.h"

#include "kernels/image_color_math.h"

namespace phantom::kernels::cpu {

void image_brightness(int64_t n, double factor, const float* src, float* dst) {
  for (int64_t i = 0; i < n; ++i) dst[i] = brightness_value(src[i], factor);
}

void image_contrast(const ImageShape& in, double factor, const float* src, float* dst) {
  const int64_t plane = in.plane(), n = in.channels * plane;
  const bool rgb = in.channels == 3;
  double sum = 0;
  for (int64_t i = 0; i < plane; ++i)
    sum += rgb ? luma(src[i], src[plane + i], src[2 * plane + i]) : src[i];
  const double mean = sum / static_cast<double>(plane);
  for (int64_t i = 0; i < n; ++i) dst[i] = blend_value(src[i], mean, factor);
}

void image_saturation(const ImageShape& in, double factor, const float* src, float* dst) {
  const int64_t plane = in.plane();
  for (int64_t i = 0; i < plane; ++i) {
    const double gray = luma(src[i], src[plane + i], src[2 * plane + i]);
    for (int64_t c = 0; c < 3; ++c)
      dst[c * plane + i] = blend_value(src[c * plane + i], gray, factor);
  }
}

void image_hue(const ImageShape& in, double shift, const float* src, float* dst) {
  const int64_t plane = in.plane();
  for (int64_t i = 0; i < plane; ++i) {
    const Rgb out = shift_hue({src[i], src[plane + i], src[2 * plane + i]}, shift);
    dst[i] = static_cast<float>(out.r);
    dst[plane + i] = static_cast<float>(out.g);
    dst[2 * plane + i] = static_cast<float>(out.b);
  }
}

void image_normalize(int64_t n, float mean, float inv_std, const float* src, float* dst) {
  for (int64_t i = 0; i < n; ++i) dst[i] = normalize_value(src[i], mean, inv_std);
}

}  // namespace phantom::kernels::cpu
