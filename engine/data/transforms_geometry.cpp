#include "engine/data/transforms_geometry.h"

#include <cmath>

#include "engine/ops/resample.h"
#include "engine/ops/shape_ops.h"

namespace phantom::data {

namespace {
// Python's round(): half to even, which std::nearbyint gives in the default rounding mode.
int64_t py_round(double v) {
  return static_cast<int64_t>(std::nearbyint(v));
}
}  // namespace

Tensor crop(const Tensor& chw, const CropParams& b) {
  require_image("crop", chw);
  const int64_t h = chw.size(1), w = chw.size(2);
  PHANTOM_REQUIRE(b.top >= 0 && b.left >= 0 && b.height > 0 && b.width > 0 &&
                      b.top + b.height <= h && b.left + b.width <= w,
                  "crop: box (top ", b.top, ", left ", b.left, ", ", b.height, "x", b.width,
                  ") must be non-empty and inside the ", h, "x", w, " image");
  // The op's negative padding crops: it trims every side down to the box.
  return phantom::pad(chw, {-b.left, b.left + b.width - w, -b.top, b.top + b.height - h});
}

Tensor hflip(const Tensor& chw) {
  require_image("hflip", chw);
  return phantom::flip(chw, {2});
}

Tensor pad(const Tensor& chw, int64_t amount, float value) {
  require_image("pad", chw);
  PHANTOM_REQUIRE(amount >= 0, "pad: amount must be >= 0, found ", amount);
  return phantom::pad(chw, {amount, amount, amount, amount}, value);
}

Tensor resize_image(const Tensor& chw, int64_t height, int64_t width, bool antialias,
                    const CropParams& b) {
  require_image("resize", chw);
  const Shape& s = chw.shape();
  CropBox box;
  if (b.height > 0) box = CropBox{double(b.top), double(b.left), double(b.height), double(b.width)};
  Tensor y =
      resize_bilinear(chw.view_as_shape({1, s[0], s[1], s[2]}), height, width, antialias, box);
  return y.view_as_shape({s[0], height, width});
}

CropParams center_crop_params(int64_t in_h, int64_t in_w, int64_t height, int64_t width) {
  PHANTOM_REQUIRE(height > 0 && width > 0 && height <= in_h && width <= in_w,
                  "center crop: ", height, "x", width, " does not fit in the ", in_h, "x", in_w,
                  " image");
  return {py_round((in_h - height) / 2.0), py_round((in_w - width) / 2.0), height, width};
}

CropParams random_resized_crop_params(int64_t in_h, int64_t in_w, Range scale, Range ratio,
                                      Generator& gen) {
  const double area = static_cast<double>(in_h * in_w);
  const double log_lo = std::log(ratio.lo), log_hi = std::log(ratio.hi);
  for (int attempt = 0; attempt < 10; ++attempt) {
    const double target_area = area * gen.uniform_scalar(scale.lo, scale.hi);
    const double aspect = std::exp(gen.uniform_scalar(log_lo, log_hi));
    const int64_t w = py_round(std::sqrt(target_area * aspect));
    const int64_t h = py_round(std::sqrt(target_area / aspect));
    if (w > 0 && w <= in_w && h > 0 && h <= in_h) {
      const int64_t top = gen.integers(1, in_h - h + 1)[0];
      const int64_t left = gen.integers(1, in_w - w + 1)[0];
      return {top, left, h, w};
    }
  }
  // Fallback: the whole image, cut down to the nearest allowed aspect ratio.
  const double in_ratio = static_cast<double>(in_w) / static_cast<double>(in_h);
  int64_t w = in_w, h = in_h;
  if (in_ratio < ratio.lo)
    h = py_round(static_cast<double>(w) / ratio.lo);
  else if (in_ratio > ratio.hi)
    w = py_round(static_cast<double>(h) * ratio.hi);
  return {(in_h - h) / 2, (in_w - w) / 2, h, w};
}

Resize::Resize(int64_t height, int64_t width, bool antialias)
    : height_(height), width_(width), antialias_(antialias) {
  PHANTOM_REQUIRE(height > 0 && width > 0, "resize: size must be positive, found ", height, "x",
                  width);
}
Tensor Resize::apply(const Tensor& chw, Generator&) const {
  return resize_image(chw, height_, width_, antialias_);
}
std::string Resize::name() const {
  return detail::concat("resize(", height_, "x", width_, ")");
}

CenterCrop::CenterCrop(int64_t height, int64_t width) : height_(height), width_(width) {}
Tensor CenterCrop::apply(const Tensor& chw, Generator&) const {
  require_image("center crop", chw);
  return crop(chw, center_crop_params(chw.size(1), chw.size(2), height_, width_));
}
std::string CenterCrop::name() const {
  return detail::concat("center_crop(", height_, "x", width_, ")");
}

RandomResizedCrop::RandomResizedCrop(int64_t height, int64_t width, Range scale, Range ratio,
                                     bool antialias)
    : height_(height), width_(width), scale_(scale), ratio_(ratio), antialias_(antialias) {
  PHANTOM_REQUIRE(height > 0 && width > 0, "random resized crop: size must be positive, found ",
                  height, "x", width);
  PHANTOM_REQUIRE(0 < scale.lo && scale.lo <= scale.hi && scale.hi <= 1.0,
                  "random resized crop: scale must satisfy 0 < lo <= hi <= 1, found (", scale.lo,
                  ", ", scale.hi, ")");
  PHANTOM_REQUIRE(0 < ratio.lo && ratio.lo <= ratio.hi,
                  "random resized crop: ratio must satisfy 0 < lo <= hi, found (", ratio.lo, ", ",
                  ratio.hi, ")");
}
Tensor RandomResizedCrop::apply(const Tensor& chw, Generator& gen) const {
  require_image("random resized crop", chw);
  CropParams box = random_resized_crop_params(chw.size(1), chw.size(2), scale_, ratio_, gen);
  return resize_image(chw, height_, width_, antialias_, box);
}
std::string RandomResizedCrop::name() const {
  return detail::concat("random_resized_crop(", height_, "x", width_, ", scale ", scale_.lo, "-",
                        scale_.hi, ", ratio ", ratio_.lo, "-", ratio_.hi, ")");
}

RandomHorizontalFlip::RandomHorizontalFlip(double p) : p_(p) {
  PHANTOM_REQUIRE(p >= 0 && p <= 1, "horizontal flip: probability must be in [0, 1], found ", p);
}
Tensor RandomHorizontalFlip::apply(const Tensor& chw, Generator& gen) const {
  // Always draw, so later transforms see the same stream position whatever the outcome.
  return gen.uniform_scalar() < p_ ? hflip(chw) : chw;
}
std::string RandomHorizontalFlip::name() const {
  return detail::concat("hflip(", p_, ")");
}

Pad::Pad(int64_t amount, float value) : amount_(amount), value_(value) {
  PHANTOM_REQUIRE(amount >= 0, "pad: amount must be >= 0, found ", amount);
}
Tensor Pad::apply(const Tensor& chw, Generator&) const {
  return pad(chw, amount_, value_);
}
std::string Pad::name() const {
  return detail::concat("pad(", amount_, ")");
}

}  // namespace phantom::data
