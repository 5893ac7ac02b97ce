#include "engine/data/transforms_color.h"

#include <algorithm>
#include <cmath>

namespace phantom::data {

namespace {

float clamp01(double v) {
  return static_cast<float>(std::clamp(v, 0.0, 1.0));
}

// ITU-R 601-2 luma, the weights torchvision's rgb_to_grayscale uses.
double luma(double r, double g, double b) {
  return 0.2989 * r + 0.587 * g + 0.114 * b;
}

// Every value v of the image replaced by clamp(f(v, i)), i the pixel index within its plane.
template <class Fn>
Tensor map_values(const Tensor& chw, Fn&& fn) {
  Tensor out = Tensor::empty(chw.shape());
  const int64_t channels = chw.size(0), plane = chw.size(1) * chw.size(2);
  const float* src = chw.data<float>();
  float* dst = out.data<float>();
  for (int64_t c = 0; c < channels; ++c)
    for (int64_t i = 0; i < plane; ++i) dst[c * plane + i] = clamp01(fn(src[c * plane + i], i));
  return out;
}

bool is_rgb(const char* what, const Tensor& chw) {
  require_image(what, chw);
  PHANTOM_REQUIRE(chw.size(0) == 1 || chw.size(0) == 3, what, ": expects 1 or 3 channels, found ",
                  chw.size(0));
  return chw.size(0) == 3;
}

// torchvision's _rgb2hsv / _hsv2rgb, per pixel, in double.
void rgb_to_hsv(double r, double g, double b, double& h, double& s, double& v) {
  const double maxc = std::max({r, g, b}), minc = std::min({r, g, b});
  const double range = maxc - minc;
  const bool gray = maxc == minc;
  v = maxc;
  s = range / (gray ? 1.0 : maxc);
  const double div = gray ? 1.0 : range;
  const double rc = (maxc - r) / div, gc = (maxc - g) / div, bc = (maxc - b) / div;
  if (maxc == r)
    h = bc - gc;
  else if (maxc == g)
    h = 2.0 + rc - bc;
  else
    h = 4.0 + gc - rc;
  h = std::fmod(h / 6.0 + 1.0, 1.0);
}

void hsv_to_rgb(double h, double s, double v, double& r, double& g, double& b) {
  const double sector = std::floor(h * 6.0), f = h * 6.0 - sector;
  const double p = std::clamp(v * (1.0 - s), 0.0, 1.0);
  const double q = std::clamp(v * (1.0 - s * f), 0.0, 1.0);
  const double t = std::clamp(v * (1.0 - s * (1.0 - f)), 0.0, 1.0);
  switch (static_cast<int>(sector) % 6) {
    case 0:
      r = v, g = t, b = p;
      break;
    case 1:
      r = q, g = v, b = p;
      break;
    case 2:
      r = p, g = v, b = t;
      break;
    case 3:
      r = p, g = q, b = v;
      break;
    case 4:
      r = t, g = p, b = v;
      break;
    default:
      r = v, g = p, b = q;
      break;
  }
}

}  // namespace

Tensor adjust_brightness(const Tensor& chw, double factor) {
  is_rgb("brightness", chw);
  return map_values(chw, [&](double x, int64_t) { return factor * x; });
}

Tensor adjust_contrast(const Tensor& chw, double factor) {
  const bool rgb = is_rgb("contrast", chw);
  const int64_t plane = chw.size(1) * chw.size(2);
  const float* p = chw.data<float>();
  double sum = 0;
  for (int64_t i = 0; i < plane; ++i)
    sum += rgb ? luma(p[i], p[plane + i], p[2 * plane + i]) : p[i];
  const double mean = sum / static_cast<double>(plane);
  return map_values(chw, [&](double x, int64_t) { return factor * x + (1.0 - factor) * mean; });
}

Tensor adjust_saturation(const Tensor& chw, double factor) {
  if (!is_rgb("saturation", chw)) return chw;
  const int64_t plane = chw.size(1) * chw.size(2);
  const float* p = chw.data<float>();
  std::vector<double> gray(static_cast<size_t>(plane));
  for (int64_t i = 0; i < plane; ++i) gray[i] = luma(p[i], p[plane + i], p[2 * plane + i]);
  return map_values(chw,
                    [&](double x, int64_t i) { return factor * x + (1.0 - factor) * gray[i]; });
}

Tensor adjust_hue(const Tensor& chw, double shift) {
  PHANTOM_REQUIRE(shift >= -0.5 && shift <= 0.5, "hue: shift must be in [-0.5, 0.5], found ",
                  shift);
  if (!is_rgb("hue", chw)) return chw;
  const int64_t plane = chw.size(1) * chw.size(2);
  Tensor out = Tensor::empty(chw.shape());
  const float* src = chw.data<float>();
  float* dst = out.data<float>();
  for (int64_t i = 0; i < plane; ++i) {
    double h, s, v, r, g, b;
    rgb_to_hsv(src[i], src[plane + i], src[2 * plane + i], h, s, v);
    h = std::fmod(h + shift + 1.0, 1.0);
    hsv_to_rgb(h, s, v, r, g, b);
    dst[i] = static_cast<float>(r), dst[plane + i] = static_cast<float>(g);
    dst[2 * plane + i] = static_cast<float>(b);
  }
  return out;
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
  Tensor out = Tensor::empty(chw.shape());
  const float* src = chw.data<float>();
  float* dst = out.data<float>();
  const float mean = static_cast<float>(mean_), inv_std = static_cast<float>(1.0 / std_);
  const int64_t n = chw.numel();
  for (int64_t k = 0; k < n; ++k) dst[k] = (src[k] - mean) * inv_std;
  return out;
}

std::string Normalize::name() const {
  return detail::concat("normalize(", mean_, ", ", std_, ")");
}

}  // namespace phantom::data
