// upfirdn2d against a literal four-step oracle and a hand-computed case; resize_bilinear against
// PyTorch reference values.
#include <doctest/doctest.h>

#include <vector>

#include "engine/audit/gradcheck.h"
#include "engine/ops/resample.h"
#include "engine/ops/shape_ops.h"

using namespace phantom;

namespace {

// The definition, step by step (stylegan2-spec.md §2.5) on one [H, W] plane: zero-insert, pad or
// crop, true convolution ("valid"), keep every down-th sample, gain.
std::vector<double> upfirdn_oracle(const std::vector<double>& x, int64_t h, int64_t w,
                                   const std::vector<double>& f, int64_t fh, int64_t fw,
                                   const Upfirdn2dParams& p, int64_t& out_h, int64_t& out_w) {
  const int64_t uh = h * p.up_y, uw = w * p.up_x;
  const int64_t ph = uh + p.pad_y0 + p.pad_y1, pw = uw + p.pad_x0 + p.pad_x1;
  std::vector<double> padded(static_cast<size_t>(ph * pw), 0.0);
  for (int64_t i = 0; i < h; ++i)
    for (int64_t j = 0; j < w; ++j) {
      const int64_t r = i * p.up_y + p.pad_y0, c = j * p.up_x + p.pad_x0;
      if (r >= 0 && r < ph && c >= 0 && c < pw)
        padded[static_cast<size_t>(r * pw + c)] = x[static_cast<size_t>(i * w + j)];
    }
  const int64_t ch = ph - fh + 1, cw = pw - fw + 1;
  std::vector<double> out;
  out_h = out_w = 0;
  for (int64_t r = 0; r < ch; r += p.down_y, ++out_h)
    for (int64_t c = 0; c < cw; c += p.down_x) {
      double acc = 0;
      for (int64_t a = 0; a < fh; ++a)
        for (int64_t b = 0; b < fw; ++b) {
          // Convolution: tap (a, b) of the window meets the filter reversed unless flip_filter.
          const int64_t fa = p.flip_filter ? a : fh - 1 - a, fb = p.flip_filter ? b : fw - 1 - b;
          acc += padded[static_cast<size_t>((r + a) * pw + c + b)] *
                 f[static_cast<size_t>(fa * fw + fb)];
        }
      out.push_back(acc * p.gain);
    }
  out_w = static_cast<int64_t>(out.size()) / std::max<int64_t>(out_h, 1);
  return out;
}

void check_close(const std::vector<double>& got, const std::vector<double>& want, double tol) {
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK(got[i] == doctest::Approx(want[i]).epsilon(tol).scale(1.0));
  }
}

Tensor ramp_image() {
  // The 5x7 input of the PyTorch references: (arange(35) * 37 % 11) - 5.
  std::vector<double> v(35);
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<double>((i * 37) % 11) - 5.0;
  return Tensor::from_vector(v, {1, 1, 5, 7}, DType::F64);
}

}  // namespace

TEST_CASE("upfirdn2d: hand-computed 1-D case") {
  // x = [1 2 3], up 2 -> [1 0 2 0 3 0], pad left 1 -> [0 1 0 2 0 3 0]; true convolution with
  // f = [1 2] is a correlation with [2 1]: [1 2 2 4 3 6].
  Tensor x = Tensor::from_vector({1, 2, 3}, {1, 1, 1, 3}, DType::F64);
  Tensor f = Tensor::from_vector({1, 2}, {1, 2}, DType::F64);
  Upfirdn2dParams p;
  p.up_x = 2;
  p.pad_x0 = 1;
  CHECK(upfirdn2d(x, f, p).to_vector() == std::vector<double>{1, 2, 2, 4, 3, 6});
  p.flip_filter = true;  // correlation with [1 2]
  CHECK(upfirdn2d(x, f, p).to_vector() == std::vector<double>{2, 1, 4, 2, 6, 3});
  p.flip_filter = false;
  p.down_x = 2;
  p.gain = 0.5;
  CHECK(upfirdn2d(x, f, p).to_vector() == std::vector<double>{0.5, 1, 1.5});
}

TEST_CASE("upfirdn2d matches the four-step oracle on odd shapes") {
  struct Case {
    int64_t h, w, fh, fw;
    Upfirdn2dParams p;
  };
  std::vector<Case> cases = {
      {5, 7, 4, 4, {2, 2, 1, 1, 2, 1, 2, 1, 4.0, false}},  // StyleGAN upsample2d
      {6, 9, 4, 4, {1, 1, 2, 2, 1, 1, 1, 1, 1.0, false}},  // downsample2d
      {5,
       6,
       3,
       2,
       {2, 3, 3, 2, -1, 3, 2, -2, 1.7, false}},  // mixed rates, crops, non-square filter
      {4, 5, 2, 3, {3, 1, 1, 2, 0, 4, -1, 1, -0.6, true}},
      // Wide rows, so the CPU kernel's blocks of 8 and 4 columns run (input steps 1, 1 and 2).
      {3, 45, 4, 4, {1, 1, 1, 1, 1, 1, 1, 1, 4.0, false}},  // the FIR after a transposed conv
      {3, 23, 4, 4, {2, 2, 1, 1, 2, 1, 2, 1, 4.0, false}},  // upsample2d
      {4, 50, 4, 4, {1, 1, 2, 2, 1, 1, 1, 1, 1.0, false}},  // downsample2d
      // up_x = down_x = 1 runs on a zero-padded copy of each plane: crops, pads wider than the
      // filter, resampling along y only, and widths that leave 4-column and 1-column remainders.
      {5, 22, 4, 3, {1, 2, 1, 1, -2, 3, 1, 2, 1.3, false}},
      {7, 9, 3, 4, {1, 1, 1, 2, 2, -1, 0, 1, 0.7, true}},
      {3, 6, 2, 2, {1, 1, 1, 1, 5, 4, 0, 0, 1.0, false}},
      {4, 5, 2, 2, {1, 1, 1, 1, -3, 0, 1, 1, 2.0, false}},
  };
  for (const Case& c : cases) {
    Tensor x = random_input({2, 3, c.h, c.w}, 5, -1, 1, false);
    Tensor f = random_input({c.fh, c.fw}, 6, -1, 1, false);
    Tensor y = upfirdn2d(x, f, c.p);
    std::vector<double> xv = x.to_vector(), yv = y.to_vector(), fv = f.to_vector();
    const size_t plane = static_cast<size_t>(c.h * c.w);
    for (size_t k = 0; k < 6; ++k) {
      int64_t oh = 0, ow = 0;
      std::vector<double> want =
          upfirdn_oracle(std::vector<double>(xv.begin() + k * plane, xv.begin() + (k + 1) * plane),
                         c.h, c.w, fv, c.fh, c.fw, c.p, oh, ow);
      REQUIRE(y.shape() == Shape{2, 3, oh, ow});
      const size_t n = want.size();
      check_close(std::vector<double>(yv.begin() + k * n, yv.begin() + (k + 1) * n), want, 1e-13);
    }
  }
}

TEST_CASE("upfirdn2d upsample2d doubles the size and rejects bad arguments") {
  Tensor x = random_input({1, 2, 4, 5}, 1, -1, 1, false);
  Tensor f = Tensor::full({4, 4}, 1.0 / 16, DType::F64);
  Upfirdn2dParams up{2, 2, 1, 1, 2, 1, 2, 1, 4.0, false};
  CHECK(upfirdn2d(x, f, up).shape() == Shape{1, 2, 8, 10});
  Upfirdn2dParams too_short;
  too_short.pad_x0 = -3;
  CHECK_THROWS_AS(upfirdn2d(x, f, too_short), UserError);
  Upfirdn2dParams zero_up;
  zero_up.up_x = 0;
  CHECK_THROWS_AS(upfirdn2d(x, f, zero_up), UserError);
  CHECK_THROWS_AS(upfirdn2d(x, random_input({3, 3}, 2), up), UserError);  // filter requires grad
  CHECK_THROWS_AS(upfirdn2d(x, f.to(DType::F32), up), UserError);
}

// PyTorch references, produced with Debian's python3-torch 1.13 (/usr/bin/python3). torchvision
// (not installed) defines resized_crop as crop then resize, so the crop is written as a slice.
// clang-format off
//   import torch
//   import torch.nn.functional as F
//   x = (torch.arange(35, dtype=torch.float64) * 37 % 11 - 5).reshape(1, 1, 5, 7)
//   def show(name, y):
//       print(name, "{" + ", ".join("%.12g" % v for v in y.flatten().tolist()) + "}")
//   def resize(t, size, aa):
//       return F.interpolate(t, size=size, mode="bilinear", align_corners=False, antialias=aa)
//   for aa in (True, False):
//       show("down3x4 aa=%d" % aa, resize(x, (3, 4), aa))
//       show("up8x11 aa=%d" % aa, resize(x, (8, 11), aa))
//   crop = x[:, :, 1:4, 2:6]  # resized_crop(x, top=1, left=2, height=3, width=4, size)
//   show("crop->2x3 aa=1", resize(crop, (2, 3), True))
//   show("crop->5x6 aa=0", resize(crop, (5, 6), False))
// clang-format on
namespace {
const std::vector<double> kDown3x4Antialias = {
    -0.557823129252, 0.36,           -1.14285714286,  0.469387755102,
    -0.740740740741, 0.653333333333, -0.395555555556, 1.25925925926,
    -1.00680272109,  0.988571428571, -0.828571428571, -0.65306122449};
const std::vector<double> kDown3x4Plain = {
    -1.5,           0.916666666667, -1.70833333333,   0.25,           -2.5, 3.125, 0.5, 0.625,
    -1.20833333333, 2.58333333333,  -0.0416666666667, -0.833333333333};
// Upscaling: antialias on and off agree (PyTorch gives the same values to 1e-15).
const std::vector<double> kUp8x11 = {-5,
                                     -3.18181818182,
                                     -0.636363636364,
                                     1.90909090909,
                                     0.454545454545,
                                     -4,
                                     -1.45454545455,
                                     1.09090909091,
                                     3.63636363636,
                                     0.181818181818,
                                     -3,
                                     -2.375,
                                     -0.556818181818,
                                     1.55113636364,
                                     1.03409090909,
                                     0.0170454545455,
                                     -1.375,
                                     -1.89204545455,
                                     -1.09659090909,
                                     1.44886363636,
                                     0.619318181818,
                                     -0.375,
                                     0.6875,
                                     2.50568181818,
                                     4.11363636364,
                                     0.0965909090909,
                                     -0.420454545455,
                                     1.6875,
                                     -2.32954545455,
                                     -3.53409090909,
                                     -0.988636363636,
                                     1.18181818182,
                                     2.6875,
                                     -2.4375,
                                     -0.619318181818,
                                     1.61363636364,
                                     1.97159090909,
                                     0.829545454545,
                                     -1.4375,
                                     -1.07954545455,
                                     0.215909090909,
                                     2.76136363636,
                                     1.18181818182,
                                     -0.4375,
                                     -2.125,
                                     -1.86931818182,
                                     -1.19886363636,
                                     1.34659090909,
                                     1.14204545455,
                                     -1.125,
                                     -0.767045454545,
                                     0.528409090909,
                                     3.07386363636,
                                     1.49431818182,
                                     -0.125,
                                     1.625,
                                     -1.24431818182,
                                     -4.32386363636,
                                     -1.77840909091,
                                     0.517045454545,
                                     2.625,
                                     -1.39204545455,
                                     -2.59659090909,
                                     -0.0511363636364,
                                     2.11931818182,
                                     3.625,
                                     -0.8125,
                                     -1.18181818182,
                                     -1.26136363636,
                                     1.28409090909,
                                     1.57954545455,
                                     0.1875,
                                     -0.329545454545,
                                     -1.22159090909,
                                     -2.61363636364,
                                     -0.630681818182,
                                     1.1875,
                                     -3,
                                     -1.18181818182,
                                     1.36363636364,
                                     3.90909090909,
                                     2.45454545455,
                                     -2,
                                     0.545454545455,
                                     0.0909090909091,
                                     -4.36363636364,
                                     -2.81818181818,
                                     -1};
const std::vector<double> kCrop2x3Antialias = {0.2125, -1.3125, 0.05, 0.8375, -0.6875, 0.675};
const std::vector<double> kCrop5x6Plain = {-2,
                                           -1.11022302463e-16,
                                           0.833333333333,
                                           -3.83333333333,
                                           -3,
                                           -1,
                                           0.4,
                                           0.2,
                                           -0.433333333333,
                                           -2.16666666667,
                                           -0.6,
                                           1.4,
                                           4,
                                           0.5,
                                           -2.33333333333,
                                           0.333333333333,
                                           3,
                                           5,
                                           1,
                                           0.8,
                                           0.166666666667,
                                           -1.56666666667,
                                           6.66133814775e-16,
                                           2,
                                           -1,
                                           1,
                                           1.83333333333,
                                           -2.83333333333,
                                           -2,
                                           0};
}  // namespace

TEST_CASE("resize_bilinear matches torch interpolate (bilinear, align_corners=False)") {
  Tensor x = ramp_image();
  check_close(resize_bilinear(x, 3, 4, true).to_vector(), kDown3x4Antialias, 1e-10);
  check_close(resize_bilinear(x, 3, 4, false).to_vector(), kDown3x4Plain, 1e-10);
  check_close(resize_bilinear(x, 8, 11, true).to_vector(), kUp8x11, 1e-10);
  check_close(resize_bilinear(x, 8, 11, false).to_vector(), kUp8x11, 1e-10);
  // f32 follows the same tables.
  check_close(resize_bilinear(x.to(DType::F32), 3, 4, true).to_vector(), kDown3x4Antialias, 1e-5);
}

TEST_CASE("resize_bilinear with an integer crop box matches torchvision resized_crop") {
  Tensor x = ramp_image();
  CropBox box{1, 2, 3, 4};
  check_close(resize_bilinear(x, 2, 3, true, box).to_vector(), kCrop2x3Antialias, 1e-10);
  check_close(resize_bilinear(x, 5, 6, false, box).to_vector(), kCrop5x6Plain, 1e-10);
  // And equals cropping first by slicing.
  Tensor cropped = slice(slice(x, 2, 1, 4), 3, 2, 6);
  check_close(resize_bilinear(x, 2, 3, true, box).to_vector(),
              resize_bilinear(cropped, 2, 3, true).to_vector(), 1e-14);
}

TEST_CASE("resize_bilinear with a fractional box samples at the box's source coordinates") {
  // A ramp x[., j] = j reproduces the source column coordinate wherever bilinear is interior.
  std::vector<double> v(30);
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<double>(i % 10);
  Tensor x = Tensor::from_vector(v, {1, 1, 3, 10}, DType::F64);
  Tensor y = resize_bilinear(x, 3, 8, false, CropBox{0, 2.5, 3, 4});
  std::vector<double> yv = y.to_vector();
  for (int64_t j = 0; j < 8; ++j)
    CHECK(yv[static_cast<size_t>(j)] == doctest::Approx(2.25 + 0.5 * static_cast<double>(j)));
  CHECK_THROWS_AS(resize_bilinear(x, 3, 8, false, CropBox{0, 7, 3, 4}),
                  UserError);  // past the right edge
  CHECK_THROWS_AS(resize_bilinear(x, 0, 8, false), UserError);
}
