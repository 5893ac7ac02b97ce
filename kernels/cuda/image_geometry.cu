// Image window and mirror on the GPU: one thread per destination value.
#include "kernels/cuda/launch.h"
#include "kernels/image_geometry.h"

namespace phantom::kernels::cuda {

void image_window(const ImageShape& in, const ImageWindow& window, const float* src, float* dst) {
  const ImageShape s = in;
  const ImageWindow win = window;
  for_each_index(s.channels * win.height * win.width, [=] __device__(int64_t i) {
    const int64_t x = i % win.width, y = (i / win.width) % win.height;
    const int64_t c = i / (win.width * win.height);
    const int64_t sy = win.top + y, sx = win.left + x;
    const bool inside = sy >= 0 && sy < s.height && sx >= 0 && sx < s.width;
    dst[i] = inside ? src[(c * s.height + sy) * s.width + sx] : win.fill;
  });
}

void image_hflip(const ImageShape& in, const float* src, float* dst) {
  const int64_t w = in.width;
  for_each_index(in.channels * in.height * w, [=] __device__(int64_t i) {
    const int64_t x = i % w;
    dst[i] = src[i - x + (w - 1 - x)];
  });
}

}  // namespace phantom::kernels::cuda
