// Colour transforms with torchvision's tensor semantics: brightness, contrast, saturation and hue
// adjustments (each a blend clamped to [0, 1]), ColorJitter (random order, random factors) and
// Normalize, on the image's device (kernels/image_color.h; per-pixel formulas in
// kernels/image_color_math.h). Gray images (C = 1) take brightness and contrast; saturation and hue
// leave them as they are, as torchvision does.
#pragma once
#include "engine/data/transform.h"

namespace phantom::data {

Tensor adjust_brightness(const Tensor& chw, double factor);  // factor * x
Tensor adjust_contrast(const Tensor& chw, double factor);    // blend with the mean gray level
Tensor adjust_saturation(const Tensor& chw, double factor);  // blend with the gray image
Tensor adjust_hue(const Tensor& chw, double shift);  // rotate HSV hue by shift in [-0.5, 0.5]

class ColorJitter final : public Transform {
 public:
  // brightness, contrast, saturation >= 0: factor uniform in [max(0, 1 - v), 1 + v];
  // hue in [0, 0.5]: shift uniform in [-hue, hue]. Zero disables that adjustment.
  ColorJitter(double brightness, double contrast, double saturation, double hue);
  Tensor apply(const Tensor& chw, Generator& gen) const override;
  std::string name() const override;

 private:
  double brightness_, contrast_, saturation_, hue_;
};

// (x - mean) / std; the defaults map [0, 1] to [-1, 1].
class Normalize final : public Transform {
 public:
  explicit Normalize(double mean = 0.5, double std = 0.5);
  Tensor apply(const Tensor& chw, Generator& gen) const override;
  std::string name() const override;

 private:
  double mean_, std_;
};

}  // namespace phantom::data
