#include "models/gan_training/diff_augment.h"

#include <cmath>
#include <sstream>
#include <vector>

#include "engine/core/error.h"
#include "engine/ops/arithmetic.h"
#include "engine/ops/reduction.h"
#include "engine/ops/shape_ops.h"

namespace phantom::models::gan {

namespace {

// One U(lo, hi) value per image, shaped [N, 1, 1, 1] to broadcast over the image.
Tensor per_image(const Tensor& x, double lo, double hi, phantom::Generator& rng) {
  return rng.uniform({x.size(0), 1, 1, 1}, lo, hi, x.dtype(), x.device());
}

Tensor color(const Tensor& x, phantom::Generator& rng) {
  Tensor y = x + per_image(x, -0.5, 0.5, rng);
  Tensor channel_mean = mean(y, {1}, /*keepdim=*/true);
  y = (y - channel_mean) * per_image(x, 0.0, 2.0, rng) + channel_mean;
  Tensor image_mean = mean(y, {1, 2, 3}, /*keepdim=*/true);
  return (y - image_mean) * per_image(x, 0.5, 1.5, rng) + image_mean;
}

// Each image shifted by whole pixels, up to size/8 each way: a pad on one side and a crop of the
// same amount on the other (negative pads crop).
Tensor translation(const Tensor& x, phantom::Generator& rng) {
  const int64_t n = x.size(0), h = x.size(2), w = x.size(3);
  const int64_t max_dy = static_cast<int64_t>(std::lround(h * 0.125)),
                max_dx = static_cast<int64_t>(std::lround(w * 0.125));
  const std::vector<int64_t> dy = rng.integers(n, 2 * max_dy + 1),
                             dx = rng.integers(n, 2 * max_dx + 1);
  std::vector<Tensor> images;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t sy = dy[size_t(i)] - max_dy, sx = dx[size_t(i)] - max_dx;
    images.push_back(pad(slice(x, 0, i, i + 1), {sx, -sx, sy, -sy}));
  }
  return concat(images, 0);
}

// A zeroed square of half the image size per image, its centre anywhere on the image (the square
// may hang over the border).
Tensor cutout(const Tensor& x, phantom::Generator& rng) {
  const int64_t n = x.size(0), h = x.size(2), w = x.size(3);
  const int64_t ch = h / 2, cw = w / 2;
  const std::vector<int64_t> cy = rng.integers(n, h + (1 - ch % 2)),
                             cx = rng.integers(n, w + (1 - cw % 2));
  std::vector<double> mask(static_cast<size_t>(n * h * w), 1.0);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t r = cy[size_t(i)] - ch / 2; r < cy[size_t(i)] - ch / 2 + ch; ++r)
      for (int64_t c = cx[size_t(i)] - cw / 2; c < cx[size_t(i)] - cw / 2 + cw; ++c)
        if (r >= 0 && r < h && c >= 0 && c < w) mask[size_t((i * h + r) * w + c)] = 0.0;
  return x * Tensor::from_vector(mask, {n, 1, h, w}, x.dtype()).to(x.device());
}

}  // namespace

DiffAugmentPolicy parse_diff_augment(const std::string& text, const std::string& what) {
  DiffAugmentPolicy p;
  if (text.empty() || text == "none") return p;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (item == "color")
      p.color = true;
    else if (item == "translation")
      p.translation = true;
    else if (item == "cutout")
      p.cutout = true;
    else
      PHANTOM_REQUIRE(false, what,
                      ": expected none or a comma-separated subset of color, "
                      "translation, cutout; found '",
                      item, "'");
  }
  return p;
}

std::string to_string(const DiffAugmentPolicy& p) {
  std::string s;
  for (auto [on, name] : {std::pair{p.color, "color"}, std::pair{p.translation, "translation"},
                          std::pair{p.cutout, "cutout"}}) {
    if (!on) continue;
    if (!s.empty()) s += ',';
    s += name;
  }
  return s.empty() ? "none" : s;
}

Tensor diff_augment(const Tensor& x, const DiffAugmentPolicy& policy, phantom::Generator& rng) {
  PHANTOM_REQUIRE(x.dim() == 4, "diff_augment: expected images [N, C, H, W], found ", x.describe());
  Tensor y = x;
  if (policy.color) y = color(y, rng);
  if (policy.translation) y = translation(y, rng);
  if (policy.cutout) y = cutout(y, rng);
  return y;
}

}  // namespace phantom::models::gan
