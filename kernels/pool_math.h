// Pooling windows, as PyTorch defines them: the input rows/columns [h0, h1) x [w0, w1) that an
// output element pools, clipped to the image, and the average's divisor.
#pragma once
#include <cstdint>

#include "kernels/hd.h"
#include "kernels/pool.h"

namespace phantom::kernels {

struct PoolWindow {
  int64_t h0, h1, w0, w1;
  int64_t divisor;  // average pooling only
};

// Fixed windows of kernel/stride/pad. With count_include_pad the divisor counts the padding that
// the window covers, but not the part beyond the padded image that ceil_mode may add.
PHANTOM_HD PoolWindow fixed_window(const PoolGeometry& g, int64_t oh, int64_t ow) {
  int64_t h0 = oh * g.stride_h - g.pad_h, w0 = ow * g.stride_w - g.pad_w;
  int64_t h1 = h0 + g.kernel_h < g.in_h + g.pad_h ? h0 + g.kernel_h : g.in_h + g.pad_h;
  int64_t w1 = w0 + g.kernel_w < g.in_w + g.pad_w ? w0 + g.kernel_w : g.in_w + g.pad_w;
  int64_t padded_size = (h1 - h0) * (w1 - w0);
  PoolWindow win{h0 > 0 ? h0 : 0, h1 < g.in_h ? h1 : g.in_h, w0 > 0 ? w0 : 0,
                 w1 < g.in_w ? w1 : g.in_w, 0};
  win.divisor = g.count_include_pad ? padded_size : (win.h1 - win.h0) * (win.w1 - win.w0);
  return win;
}

// Adaptive windows: start = floor(i * in / out), end = ceil((i + 1) * in / out).
PHANTOM_HD PoolWindow adaptive_window(const PoolGeometry& g, int64_t oh, int64_t ow) {
  PoolWindow win{oh * g.in_h / g.out_h, ((oh + 1) * g.in_h + g.out_h - 1) / g.out_h,
                 ow * g.in_w / g.out_w, ((ow + 1) * g.in_w + g.out_w - 1) / g.out_w, 0};
  win.divisor = (win.h1 - win.h0) * (win.w1 - win.w0);
  return win;
}

PHANTOM_HD PoolWindow avg_window(const PoolGeometry& g, int64_t oh, int64_t ow) {
  return g.adaptive ? adaptive_window(g, oh, ow) : fixed_window(g, oh, ow);
}

}  // namespace phantom::kernels
