#include "kernels/image_geometry.h"

#include <algorithm>
#include <cstring>

namespace phantom::kernels::cpu {

void image_window(const ImageShape& in, const ImageWindow& win, const float* src, float* dst) {
  // Columns [x0, x1) of every window row that meets the image come from the image.
  const int64_t x0 = std::clamp<int64_t>(-win.left, 0, win.width);
  const int64_t x1 = std::clamp<int64_t>(in.width - win.left, x0, win.width);
  for (int64_t c = 0; c < in.channels; ++c)
    for (int64_t y = 0; y < win.height; ++y) {
      float* row = dst + (c * win.height + y) * win.width;
      const int64_t sy = win.top + y;
      if (sy < 0 || sy >= in.height || x0 == x1) {
        std::fill(row, row + win.width, win.fill);
        continue;
      }
      std::fill(row, row + x0, win.fill);
      std::memcpy(row + x0, src + (c * in.height + sy) * in.width + win.left + x0,
                  sizeof(float) * static_cast<size_t>(x1 - x0));
      std::fill(row + x1, row + win.width, win.fill);
    }
}

void image_hflip(const ImageShape& in, const float* src, float* dst) {
  const int64_t rows = in.channels * in.height, w = in.width;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t x = 0; x < w; ++x) dst[r * w + x] = src[r * w + (w - 1 - x)];
}

}  // namespace phantom::kernels::cpu
