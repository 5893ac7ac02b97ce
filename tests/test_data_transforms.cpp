// Transforms on constructed images with known answers: flip, crop, pad and normalise exactly;
// torchvision's centre-crop rounding and random-resized-crop sampling; colour adjustments at their
// identity factors and at factors with a closed-form result.
#include <doctest/doctest.h>

#include <cmath>

#include "engine/data/transform_config.h"
#include "engine/data/transforms_color.h"
#include "engine/data/transforms_geometry.h"
#include "engine/ops/resample.h"

using namespace phantom;
using namespace phantom::data;

namespace {

// [C, H, W] with value (c * H + y) * W + x, scaled into [0, 1].
Tensor ramp(int64_t c, int64_t h, int64_t w) {
  std::vector<float> v(static_cast<size_t>(c * h * w));
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i) / static_cast<float>(v.size());
  return Tensor::from_floats(v, {c, h, w});
}

float at(const Tensor& t, int64_t c, int64_t y, int64_t x) {
  return t.data<float>()[(c * t.size(1) + y) * t.size(2) + x];
}

void check_close(const Tensor& a, const Tensor& b, double tol) {
  REQUIRE(a.shape() == b.shape());
  std::vector<float> x = a.to_floats(), y = b.to_floats();
  for (size_t i = 0; i < x.size(); ++i) CHECK(std::abs(x[i] - y[i]) <= tol);
}

Tensor rgb_pixel(float r, float g, float b) {
  return Tensor::from_floats({r, g, b}, {3, 1, 1});
}

}  // namespace

TEST_CASE("flip, crop and pad are exact") {
  Tensor x = ramp(2, 3, 4);
  Tensor f = hflip(x);
  for (int64_t c = 0; c < 2; ++c)
    for (int64_t y = 0; y < 3; ++y)
      for (int64_t i = 0; i < 4; ++i) CHECK(at(f, c, y, i) == at(x, c, y, 3 - i));

  Tensor cropped = crop(x, {1, 2, 2, 2});
  REQUIRE(cropped.shape() == Shape{2, 2, 2});
  for (int64_t c = 0; c < 2; ++c)
    for (int64_t y = 0; y < 2; ++y)
      for (int64_t i = 0; i < 2; ++i) CHECK(at(cropped, c, y, i) == at(x, c, 1 + y, 2 + i));
  CHECK_THROWS_WITH_AS(crop(x, {2, 0, 2, 4}), doctest::Contains("inside the 3x4 image"), UserError);

  // Fashion-MNIST's 28 -> 32.
  Tensor img = ramp(1, 28, 28);
  Generator gen(0);
  Tensor padded = Pad(2).apply(img, gen);
  REQUIRE(padded.shape() == Shape{1, 32, 32});
  for (int64_t y = 0; y < 32; ++y)
    for (int64_t i = 0; i < 32; ++i) {
      const bool inside = y >= 2 && y < 30 && i >= 2 && i < 30;
      CHECK(at(padded, 0, y, i) == (inside ? at(img, 0, y - 2, i - 2) : 0.0f));
    }
  CHECK(at(pad(img, 1, 0.5f), 0, 0, 0) == 0.5f);
}

TEST_CASE("normalise maps [0, 1] to [-1, 1] exactly") {
  Generator gen(0);
  Tensor y = Normalize().apply(Tensor::from_floats({0.0f, 0.25f, 0.5f, 1.0f}, {1, 2, 2}), gen);
  CHECK(y.to_floats() == std::vector<float>{-1.0f, -0.5f, 0.0f, 1.0f});
}

TEST_CASE("centre crop uses Python's half-to-even rounding, as torchvision") {
  CHECK(center_crop_params(28, 28, 24, 24).top == 2);
  CHECK(center_crop_params(5, 7, 2, 2).top == 2);   // round(1.5) = 2
  CHECK(center_crop_params(5, 7, 2, 2).left == 2);  // round(2.5) = 2
  CHECK(center_crop_params(4, 4, 1, 1).top == 2);   // round(1.5) = 2
  CHECK(center_crop_params(6, 6, 1, 1).top == 2);   // round(2.5) = 2
  Generator gen(0);
  Tensor x = ramp(1, 5, 7);
  Tensor y = CenterCrop(2, 2).apply(x, gen);
  CHECK(at(y, 0, 0, 0) == at(x, 0, 2, 2));
  CHECK_THROWS_AS(CenterCrop(6, 2).apply(x, gen), UserError);
}

TEST_CASE("resize is resize_bilinear with antialias") {
  Generator gen(0);
  Tensor x = ramp(3, 9, 7);
  Tensor expected = resize_bilinear(x.view_as_shape({1, 3, 9, 7}), 4, 5, true);
  check_close(Resize(4, 5).apply(x, gen), expected.view_as_shape({3, 4, 5}), 0.0);
}

TEST_CASE("random resized crop: boxes inside the image, near the scale and ratio bounds") {
  const Range scale{0.2, 0.6}, ratio{0.5, 2.0};
  for (uint64_t seed = 0; seed < 200; ++seed) {
    Generator gen(seed);
    CropParams b = random_resized_crop_params(60, 90, scale, ratio, gen);
    CAPTURE(seed);
    CHECK(b.top >= 0);
    CHECK(b.left >= 0);
    CHECK(b.top + b.height <= 60);
    CHECK(b.left + b.width <= 90);
    // Rounding each side to whole pixels moves the area and the ratio a little.
    const double area = double(b.height * b.width) / (60.0 * 90.0);
    CHECK(area >= scale.lo * 0.9);
    CHECK(area <= scale.hi * 1.1);
    const double r = double(b.width) / double(b.height);
    CHECK(r >= ratio.lo * 0.9);
    CHECK(r <= ratio.hi * 1.1);
    Generator again(seed);
    CropParams b2 = random_resized_crop_params(60, 90, scale, ratio, again);
    CHECK((b2.top == b.top && b2.left == b.left && b2.height == b.height && b2.width == b.width));
  }
  // Nothing fits a square of 90% of a 10x100 strip: the fallback is the centred 10x10 square.
  Generator gen(3);
  CropParams f = random_resized_crop_params(10, 100, {0.9, 1.0}, {1.0, 1.0}, gen);
  CHECK((f.top == 0 && f.left == 45 && f.height == 10 && f.width == 10));
  CropParams whole = random_resized_crop_params(10, 12, {1.0, 1.0}, {1.2, 1.2}, gen);
  CHECK((whole.top == 0 && whole.left == 0 && whole.height == 10 && whole.width == 12));

  Tensor out = RandomResizedCrop(8, 8).apply(ramp(3, 20, 30), gen);
  CHECK(out.shape() == Shape{3, 8, 8});
}

TEST_CASE("horizontal flip happens with its probability") {
  Tensor x = ramp(1, 2, 3);
  Generator gen(1);
  check_close(RandomHorizontalFlip(1.0).apply(x, gen), hflip(x), 0.0);
  check_close(RandomHorizontalFlip(0.0).apply(x, gen), x, 0.0);
  int flips = 0;
  for (uint64_t s = 0; s < 400; ++s) {
    Generator g(s);
    flips += at(RandomHorizontalFlip(0.5).apply(x, g), 0, 0, 0) != at(x, 0, 0, 0);
  }
  CHECK(flips > 150);
  CHECK(flips < 250);
}

TEST_CASE("colour adjustments: factor 1 is the identity, other factors have known results") {
  Tensor rgb = ramp(3, 4, 5), gray = ramp(1, 4, 5);
  for (const Tensor& x : {rgb, gray}) {
    check_close(adjust_brightness(x, 1.0), x, 0.0);
    check_close(adjust_contrast(x, 1.0), x, 1e-7);
    check_close(adjust_saturation(x, 1.0), x, 1e-7);
    check_close(adjust_hue(x, 0.0), x, 1e-6);
    Generator gen(4);
    check_close(ColorJitter(0, 0, 0, 0).apply(x, gen), x, 0.0);
  }
  // Brightness scales and clamps.
  Tensor px = rgb_pixel(0.2f, 0.6f, 0.8f);
  check_close(adjust_brightness(px, 0.5), rgb_pixel(0.1f, 0.3f, 0.4f), 1e-7);
  check_close(adjust_brightness(px, 2.0), rgb_pixel(0.4f, 1.0f, 1.0f), 1e-7);
  // Contrast 0 and saturation 0 give the luma (0.2989 r + 0.587 g + 0.114 b).
  const float luma = 0.2989f * 0.2f + 0.587f * 0.6f + 0.114f * 0.8f;
  check_close(adjust_contrast(px, 0.0), rgb_pixel(luma, luma, luma), 1e-6);
  check_close(adjust_saturation(px, 0.0), rgb_pixel(luma, luma, luma), 1e-6);
  // Gray contrast blends with the plain mean.
  Tensor g2 = Tensor::from_floats({0.2f, 0.6f}, {1, 1, 2});
  check_close(adjust_contrast(g2, 0.5), Tensor::from_floats({0.3f, 0.5f}, {1, 1, 2}), 1e-7);
  // Saturation and hue leave gray images alone.
  check_close(adjust_saturation(gray, 0.0), gray, 0.0);
  check_close(adjust_hue(gray, 0.3), gray, 0.0);
  // Hue rotates: red by +1/3 turn is green, by -1/3 is blue; orange (30 deg) by half is azure.
  check_close(adjust_hue(rgb_pixel(1, 0, 0), 1.0 / 3.0), rgb_pixel(0, 1, 0), 1e-6);
  check_close(adjust_hue(rgb_pixel(1, 0, 0), -1.0 / 3.0), rgb_pixel(0, 0, 1), 1e-6);
  check_close(adjust_hue(rgb_pixel(1, 0.5f, 0), 0.5), rgb_pixel(0, 0.5f, 1), 1e-6);
}

TEST_CASE("colour jitter is seeded and stays in [0, 1]") {
  Tensor x = ramp(3, 6, 6);
  ColorJitter jitter(0.4, 0.4, 0.4, 0.1);
  Generator a(11), b(11), c(12);
  Tensor ya = jitter.apply(x, a);
  check_close(ya, jitter.apply(x, b), 0.0);
  CHECK(ya.to_floats() != jitter.apply(x, c).to_floats());
  for (float v : ya.to_floats()) CHECK((v >= 0.0f && v <= 1.0f));
  CHECK_THROWS_AS(ColorJitter(0, 0, 0, 0.6), UserError);
}

TEST_CASE("a pipeline built from a config runs its steps in order") {
  TransformConfig config;
  config.pad = 2;
  config.hflip_probability = 0.5;
  config.normalize = true;
  Pipeline p = build_pipeline(config);
  CHECK(p.describe() == "pad(2) -> hflip(0.5) -> normalize(0.5, 0.5)");
  Generator gen(0);
  Tensor y = p.apply(Tensor::ones({1, 28, 28}), gen);
  REQUIRE(y.shape() == Shape{1, 32, 32});
  CHECK(at(y, 0, 0, 0) == -1.0f);   // padding 0 -> -1
  CHECK(at(y, 0, 10, 10) == 1.0f);  // 1 -> 1
  CHECK(build_pipeline({}).empty());
}
