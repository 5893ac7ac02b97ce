#include "attacks/ppa/views.h"

#include <algorithm>
#include <vector>

#include "engine/ops/resample.h"
#include "engine/ops/shape_ops.h"

namespace phantom::attacks {

namespace {

CropBox to_box(const data::CropParams& p) {
  return {static_cast<double>(p.top), static_cast<double>(p.left), static_cast<double>(p.height),
          static_cast<double>(p.width)};
}

Tensor one_sample(const Tensor& images, int64_t i) {
  return slice(images, 0, i, i + 1);
}

}  // namespace

Tensor to_target_view(const Tensor& images, const TargetView& view) {
  PHANTOM_REQUIRE(images.dim() == 4, "attack: generated images must be NCHW, found ",
                  images.describe());
  PHANTOM_REQUIRE(view.size > 0 && view.center_crop >= 0,
                  "attack: the target view needs a positive size and a crop >= 0, found size ",
                  view.size, " crop ", view.center_crop);
  const int64_t h = images.size(2), w = images.size(3);
  PHANTOM_REQUIRE(view.center_crop <= std::min(h, w), "attack: centre crop ", view.center_crop,
                  " is larger than the generated ", h, "x", w, " images");
  CropBox box;
  if (view.center_crop > 0 && (view.center_crop != h || view.center_crop != w))
    box = to_box(data::center_crop_params(h, w, view.center_crop, view.center_crop));
  if (box.height < 0 && h == view.size && w == view.size) return images;
  return resize_bilinear(images, view.size, view.size, /*antialias=*/true, box);
}

Tensor random_resized_crop(const Tensor& images, data::Range scale, data::Range ratio,
                           bool per_sample, Generator& gen) {
  const int64_t h = images.size(2), w = images.size(3);
  auto crop = [&](const Tensor& x) {
    return resize_bilinear(x, h, w, /*antialias=*/true,
                           to_box(data::random_resized_crop_params(h, w, scale, ratio, gen)));
  };
  if (!per_sample) return crop(images);
  std::vector<Tensor> parts;
  for (int64_t i = 0; i < images.size(0); ++i) parts.push_back(crop(one_sample(images, i)));
  return concat(parts, 0);
}

Tensor random_horizontal_flip(const Tensor& images, Generator& gen) {
  std::vector<Tensor> parts;
  for (int64_t i = 0; i < images.size(0); ++i) {
    Tensor x = one_sample(images, i);
    parts.push_back(gen.uniform_scalar() < 0.5 ? flip(x, {3}) : x);
  }
  return concat(parts, 0);
}

}  // namespace phantom::attacks
