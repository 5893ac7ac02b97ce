// Per-pixel formulas of the colour transforms (engine/data/transforms_color.h), with torchvision's
// tensor semantics, shared by the CPU and CUDA image kernels (image_color.h). Each value is
// computed in double from the f32 inputs and rounded to f32 once; nvcc may fuse the multiply-adds,
// so the GPU can land on the neighbouring f32 (tests/fixture_tolerances.h).
#pragma once
#include <cmath>

#include "kernels/hd.h"

namespace phantom::kernels {

// std::clamp(v, 0.0, 1.0), which device code cannot call; NaN passes through as there.
PHANTOM_HD double unit_interval(double v) {
  return v < 0.0 ? 0.0 : (1.0 < v ? 1.0 : v);
}

PHANTOM_HD float clamp_unit(double v) {
  return static_cast<float>(unit_interval(v));
}

// ITU-R 601-2 luma, the weights torchvision's rgb_to_grayscale uses.
PHANTOM_HD double luma(double r, double g, double b) {
  return 0.2989 * r + 0.587 * g + 0.114 * b;
}

PHANTOM_HD float brightness_value(double x, double factor) {
  return clamp_unit(factor * x);
}

// Contrast blends with the image's mean luma, saturation with the pixel's luma.
PHANTOM_HD float blend_value(double x, double gray, double factor) {
  return clamp_unit(factor * x + (1.0 - factor) * gray);
}

PHANTOM_HD float normalize_value(float x, float mean, float inv_std) {
  return (x - mean) * inv_std;
}

struct Rgb {
  double r, g, b;
};

// torchvision's _rgb2hsv, then the hue rotated by `shift` (a fraction of a turn), then _hsv2rgb.
PHANTOM_HD Rgb shift_hue(Rgb c, double shift) {
  // Largest and smallest channel, the first of equals as std::max/std::min of a list pick.
  double maxc = c.r, minc = c.r;
  if (maxc < c.g) maxc = c.g;
  if (maxc < c.b) maxc = c.b;
  if (c.g < minc) minc = c.g;
  if (c.b < minc) minc = c.b;
  const double range = maxc - minc;
  const bool gray = maxc == minc;
  const double v = maxc, s = range / (gray ? 1.0 : maxc);
  const double div = gray ? 1.0 : range;
  const double rc = (maxc - c.r) / div, gc = (maxc - c.g) / div, bc = (maxc - c.b) / div;
  double h = maxc == c.r ? bc - gc : (maxc == c.g ? 2.0 + rc - bc : 4.0 + gc - rc);
  h = std::fmod(h / 6.0 + 1.0, 1.0);
  h = std::fmod(h + shift + 1.0, 1.0);

  const double sector = std::floor(h * 6.0), f = h * 6.0 - sector;
  const double p = unit_interval(v * (1.0 - s)), q = unit_interval(v * (1.0 - s * f)),
               t = unit_interval(v * (1.0 - s * (1.0 - f)));
  switch (static_cast<int>(sector) % 6) {
    case 0:
      return {v, t, p};
    case 1:
      return {q, v, p};
    case 2:
      return {p, v, t};
    case 3:
      return {p, q, v};
    case 4:
      return {t, p, v};
    default:
      return {v, p, q};
  }
}

}  // namespace phantom::kernels
