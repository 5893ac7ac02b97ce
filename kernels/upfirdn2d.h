// StyleGAN2-ADA upfirdn2d on planes of [H, W]: zero-upsample, pad (negative crops), correlate with
// the (already oriented) 2-D filter, downsample, scale by gain. Index math in upfirdn2d_math.h.
#pragma once
#include <cstdint>

namespace phantom::kernels {

struct Upfirdn2dPlan {
  int64_t planes = 0;  // N·C
  int64_t in_h = 0, in_w = 0, out_h = 0, out_w = 0;
  int64_t fh = 0, fw = 0;
  int64_t up_x = 1, up_y = 1, down_x = 1, down_y = 1;
  int64_t pad_x0 = 0, pad_y0 = 0;  // the far pads only set out_h/out_w
  bool flip_filter = false;        // false: true convolution (filter read reversed)
  double gain = 1.0;
};

namespace cpu {
template <class T>
void upfirdn2d(const Upfirdn2dPlan& plan, const T* x, const T* f, T* y);
}  // namespace cpu

// The same kernels on the GPU (cuda/upfirdn2d.cu); pointers are device memory.
namespace cuda {
template <class T>
void upfirdn2d(const Upfirdn2dPlan& plan, const T* x, const T* f, T* y);
}  // namespace cuda

}  // namespace phantom::kernels
