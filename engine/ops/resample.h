// Resampling ops for StyleGAN2 and differentiable augmentation.
#pragma once
#include <vector>

#include "engine/core/tensor.h"

namespace phantom {

struct Upfirdn2dParams {
  int64_t up_x = 1, up_y = 1;
  int64_t down_x = 1, down_y = 1;
  int64_t pad_x0 = 0, pad_x1 = 0, pad_y0 = 0, pad_y1 = 0;
  double gain = 1.0;
  bool flip_filter = false;
};

// StyleGAN2-ADA upfirdn2d on NCHW: upsample by zero insertion, pad, convolve with the 2-D FIR
// filter f [fh, fw] (a true convolution unless flip_filter), downsample; the output is scaled by
// `gain`. ../shared/reference/stylegan2-spec.md has the exact definition. Output size per axis:
// ceil((in·up + pad0 + pad1 − taps + 1) / down). The filter is a constant (a buffer in StyleGAN):
// only dL/dx flows back, and a filter that requires grad is rejected.
Tensor upfirdn2d(const Tensor& x, const Tensor& f, const Upfirdn2dParams& p);

// Crop box in input pixels (top, left, height, width); a full-image box means plain resize.
struct CropBox {
  double top = 0, left = 0, height = -1, width = -1;  // height/width < 0: the whole image
};

// Bilinear resize of the box region of NCHW x to [out_h, out_w], align_corners = false, with
// optional antialiasing when downsampling (PyTorch's antialias=True triangle filter). An
// integer box equals torchvision's resized_crop (crop, then interpolate); the box must lie inside
// the image.
Tensor resize_bilinear(const Tensor& x, int64_t out_h, int64_t out_w, bool antialias = true,
                       CropBox box = {});

}  // namespace phantom
