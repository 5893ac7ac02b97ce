#include "engine/data/transforms_color.h"

#include <algorithm>

#include "engine/data/image_kernel.h"
#include "kernels/image_color.h"

namespace phantom::data {

namespace {

bool is_rgb(const char* what, const Tensor& chw) {
  require_image(what, chw);
  PHANTOM_REQUIRE(chw.size(0) == 1 || chw.size(0) == 3, what, ": expects 1 or 3 channels, found ",
                  chw.size(0));
  return chw.size(0) == 3;
}

}  // namespace

Tensor adjust_brightness(const Tensor& chw, double factor) {
  is_rgb("brightness", chw);
  return run_image_kernel("brightness", chw, chw.shape(),
                          [&]<detail::Backend B>(const float* src, float* dst) {
                            PHANTOM_KERNEL(B, image_brightness(chw.numel(), factor, src, dst));
                          });
}

Tensor adjust_contrast(const Tensor& chw, double factor) {
  is_rgb("contrast", chw);
  return run_image_kernel("contrast", chw, chw.shape(),
                          [&]<detail::Backend B>(const float* src, float* dst) {
                            PHANTOM_KERNEL(B, image_contrast(image_shape(chw), factor, src, dst));
                          });
}

Tensor adjust_saturation(const Tensor& chw, double factor) {
  if (!is_rgb("saturation", chw)) return chw;
  return run_image_kernel("saturation", chw, chw.shape(),
                          [&]<detail::Backend B>(const float* src, float* dst) {
                            PHANTOM_KERNEL(B, image_saturation(image_shape(chw), factor, src, dst));
                          });
}

Tensor adjust_hue(const Tensor& chw, double shift) {
  PHANTOM_REQUIRE(shift >= -0.5 && shift <= 0.5, "hue: shift must be in [-0.5, 0.5], found ",
                  shift);
  if (!is_rgb("hue", chw)) return chw;
  return run_image_kernel("hue", chw, chw.shape(),
                          [&]<detail::Backend B>(const float* src, float* dst) {
                            PHANTOM_KERNEL(B, image_hue(image_shape(chw), shift, src, dst));
                          });
}

ColorJitter::ColorJitter(double brightness, double contrast, double saturation, double hue)
    : brightness_(brightness), contrast_(contrast), saturation_(saturation), hue_(hue) {
  PHANTOM_REQUIRE(brightness >= 0 && contrast >= 0 && saturation >= 0,
                  "color jitter: brightness, contrast and saturation must be >= 0, found ",
                  brightness, ", ", contrast, ", ", saturation);
  PHANTOM_REQUIRE(hue >= 0 && hue <= 0.5, "color jitter: hue must be in [0, 0.5], found ", hue);
}

Tensor ColorJitter::apply(const Tensor& chw, Generator& gen) const {
  // As torchvision: a random order of the four adjustments, then one factor per enabled one.
  const std::vector<int64_t> order = gen.permutation(4);
  auto factor = [&](double v) {
    return v > 0 ? gen.uniform_scalar(std::max(0.0, 1.0 - v), 1.0 + v) : 1.0;
  };
  const double b = factor(brightness_), c = factor(contrast_), s = factor(saturation_);
  const double h = hue_ > 0 ? gen.uniform_scalar(-hue_, hue_) : 0.0;
  Tensor x = chw;
  for (int64_t op : order) {
    if (op == 0 && brightness_ > 0) x = adjust_brightness(x, b);
    if (op == 1 && contrast_ > 0) x = adjust_contrast(x, c);
    if (op == 2 && saturation_ > 0) x = adjust_saturation(x, s);
    if (op == 3 && hue_ > 0) x = adjust_hue(x, h);
  }
  return x;
}

std::string ColorJitter::name() const {
  return detail::concat("color_jitter(b ", brightness_, ", c ", contrast_, ", s ", saturation_,
                        ", h ", hue_, ")");
}

Normalize::Normalize(double mean, double std) : mean_(mean), std_(std) {
  PHANTOM_REQUIRE(std > 0, "normalize: std must be positive, found ", std);
}

Tensor Normalize::apply(const Tensor& chw, Generator&) const {
  require_image("normalize", chw);
  const float mean = static_cast<float>(mean_), inv_std = static_cast<float>(1.0 / std_);
  return run_image_kernel(
      "normalize", chw, chw.shape(), [&]<detail::Backend B>(const float* src, float* dst) {
        PHANTOM_KERNEL(B, image_normalize(chw.numel(), mean, inv_std, src, dst));
      });
}

std::string Normalize::name() const {
  return detail::concat("normalize(", mean_, ", ", std_, ")");
}

}  // namespace phantom::data
