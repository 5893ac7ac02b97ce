// Geometric transforms with torchvision's semantics: resize (bilinear, antialias), centre crop,
// random resized crop, horizontal flip and constant padding, on the image's device. The exact
// helpers (crop, hflip, pad) are exposed for tests and for callers that pick the parameters
// themselves. They are the engine's pad and flip ops (exact copies on both devices), resize is
// the resize_bilinear op.
#pragma once
#include <cstdint>

#include "engine/data/transform.h"

namespace phantom::data {

struct CropParams {
  int64_t top = 0, left = 0, height = 0, width = 0;
};

Tensor crop(const Tensor& chw, const CropParams& box);       // exact copy of the box; must fit
Tensor hflip(const Tensor& chw);                             // mirror left-right
Tensor pad(const Tensor& chw, int64_t amount, float value);  // `amount` pixels on every side
Tensor resize_image(const Tensor& chw, int64_t height, int64_t width, bool antialias,
                    const CropParams& box = {});  // box.height == 0: the whole image

// torchvision's centre-crop offsets: round((H - h) / 2) half-to-even, as Python's round.
CropParams center_crop_params(int64_t in_h, int64_t in_w, int64_t height, int64_t width);

struct Range {
  double lo, hi;
};

// torchvision's RandomResizedCrop.get_params: up to 10 draws of (area fraction in `scale`,
// log-uniform aspect ratio in `ratio`); the first box that fits gets a uniform position; if none
// fits, a centre crop clamped to the ratio range.
CropParams random_resized_crop_params(int64_t in_h, int64_t in_w, Range scale, Range ratio,
                                      Generator& gen);

class Resize final : public Transform {
 public:
  Resize(int64_t height, int64_t width, bool antialias = true);
  Tensor apply(const Tensor& chw, Generator& gen) const override;
  std::string name() const override;

 private:
  int64_t height_, width_;
  bool antialias_;
};

class CenterCrop final : public Transform {
 public:
  CenterCrop(int64_t height, int64_t width);
  Tensor apply(const Tensor& chw, Generator& gen) const override;
  std::string name() const override;

 private:
  int64_t height_, width_;
};

class RandomResizedCrop final : public Transform {
 public:
  RandomResizedCrop(int64_t height, int64_t width, Range scale = {0.08, 1.0},
                    Range ratio = {3.0 / 4.0, 4.0 / 3.0}, bool antialias = true);
  Tensor apply(const Tensor& chw, Generator& gen) const override;
  std::string name() const override;

 private:
  int64_t height_, width_;
  Range scale_, ratio_;
  bool antialias_;
};

class RandomHorizontalFlip final : public Transform {
 public:
  explicit RandomHorizontalFlip(double p = 0.5);
  Tensor apply(const Tensor& chw, Generator& gen) const override;
  std::string name() const override;

 private:
  double p_;
};

class Pad final : public Transform {
 public:
  explicit Pad(int64_t amount, float value = 0.0f);
  Tensor apply(const Tensor& chw, Generator& gen) const override;
  std::string name() const override;

 private:
  int64_t amount_;
  float value_;
};

}  // namespace phantom::data
