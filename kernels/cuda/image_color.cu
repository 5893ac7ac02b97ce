// Colour adjustments on the GPU with the formulas of image_color_math.h: one thread per value, or
// per pixel where the formula mixes the channels. Contrast's mean luma is summed by one block into
// device memory, so nothing waits for the host.
#include "kernels/cuda/launch.h"
#include "kernels/cuda/stream.h"
#include "kernels/image_color.h"
#include "kernels/image_color_math.h"

namespace phantom::kernels::cuda {

void image_brightness(int64_t n, double factor, const float* src, float* dst) {
  for_each_index(n, [=] __device__(int64_t i) { dst[i] = brightness_value(src[i], factor); });
}

void image_contrast(const ImageShape& in, double factor, const float* src, float* dst) {
  const int64_t plane = in.plane();
  const bool rgb = in.channels == 3;
  DeviceScratch<double> mean_scratch(1);
  double* mean = mean_scratch.get();
  for_each_group(1, [=] __device__(int64_t) {
    double sum = 0;
    for (int64_t i = threadIdx.x; i < plane; i += kThreads)
      sum += rgb ? luma(src[i], src[plane + i], src[2 * plane + i]) : src[i];
    sum = block_sum(sum);
    if (threadIdx.x == 0) *mean = sum / static_cast<double>(plane);
  });
  for_each_index(in.channels * plane,
                 [=] __device__(int64_t i) { dst[i] = blend_value(src[i], *mean, factor); });
}

void image_saturation(const ImageShape& in, double factor, const float* src, float* dst) {
  const int64_t plane = in.plane();
  for_each_index(plane, [=] __device__(int64_t i) {
    const double gray = luma(src[i], src[plane + i], src[2 * plane + i]);
    for (int64_t c = 0; c < 3; ++c)
      dst[c * plane + i] = blend_value(src[c * plane + i], gray, factor);
  });
}

void image_hue(const ImageShape& in, double shift, const float* src, float* dst) {
  const int64_t plane = in.plane();
  for_each_index(plane, [=] __device__(int64_t i) {
    const Rgb out = shift_hue({src[i], src[plane + i], src[2 * plane + i]}, shift);
    dst[i] = static_cast<float>(out.r);
    dst[plane + i] = static_cast<float>(out.g);
    dst[2 * plane + i] = static_cast<float>(out.b);
  });
}

void image_normalize(int64_t n, float mean, float inv_std, const float* src, float* dst) {
  for_each_index(n, [=] __device__(int64_t i) { dst[i] = normalize_value(src[i], mean, inv_std); });
}

}  // namespace phantom::kernels::cuda
