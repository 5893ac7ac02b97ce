// Precision, recall, density and coverage on point sets worked out by hand.
#include <doctest/doctest.h>

#include "attacks/metrics/prdc.h"
#include "engine/core/random.h"

using namespace phantom;
using namespace phantom::attacks;

namespace {

Tensor points_1d(const std::vector<double>& x) {
  return Tensor::from_vector(x, {static_cast<int64_t>(x.size()), 1}, DType::F64);
}

// Real {0, 1, 2, 3, 10}: 3rd-neighbour radii (3, 2, 2, 3, 9).
// Fake {0.5, 1.5, 2.5, 3.5, −40}: radii (3, 2, 2, 3, 42.5).
// Real balls holding each fake: 4, 5, 5, 3, 0 → precision 4/5, density 17/15.
// Reals inside a fake ball: all but 10 (6.5 from 3.5, 50 from −40) → recall 4/5.
// Nearest fake of each real inside its own radius: 0.5 < 3, 0.5 < 2, 0.5 < 2, 0.5 < 3, 6.5 < 9
// → coverage 1.
const std::vector<double> kReal{0, 1, 2, 3, 10}, kFake{0.5, 1.5, 2.5, 3.5, -40};

}  // namespace

TEST_CASE("PRDC with k = 3 on a hand-worked 1-D configuration") {
  Prdc v = prdc(points_1d(kReal), points_1d(kFake), 3);
  CHECK(v.precision == doctest::Approx(0.8));
  CHECK(v.recall == doctest::Approx(0.8));
  CHECK(v.density == doctest::Approx(17.0 / 15.0));
  CHECK(v.coverage == doctest::Approx(1.0));
}

TEST_CASE("PRDC with k = 1, where a distance equal to the radius does not count") {
  // Real {0, 1, 3}: radii (1, 1, 2). Fake {0.5, 5, 6}: radii (4.5, 1, 1).
  // 5 lies exactly 2 from 3 (radius 2): outside, as in the authors' strict '<'.
  Prdc v = prdc(points_1d({0, 1, 3}), points_1d({0.5, 5, 6}), 1);
  CHECK(v.precision == doctest::Approx(1.0 / 3));
  CHECK(v.recall == doctest::Approx(1.0));
  CHECK(v.density == doctest::Approx(2.0 / 3));
  CHECK(v.coverage == doctest::Approx(2.0 / 3));
}

TEST_CASE("PRDC of a set with itself: precision = recall = coverage = 1, density 1") {
  Tensor x = Generator(21).normal({40, 8});
  Prdc v = prdc(x, x, 3);
  CHECK(v.precision == 1.0);
  CHECK(v.recall == 1.0);
  CHECK(v.coverage == 1.0);
  // In general position each real ball holds exactly k points: itself and k − 1 neighbours.
  CHECK(v.density == doctest::Approx(1.0));
}

TEST_CASE("PRDC per class is computed within each class, then averaged over classes") {
  // Class 5: the hand-worked pair; class 2: identical sets (all four metrics 1). Class 7 exists
  // only among the real images and is not attacked, so it is not part of the average.
  std::vector<double> real = kReal, fake = kFake;
  std::vector<int64_t> real_labels(5, 5), fake_labels(5, 5);
  for (double x : {100.0, 101.5, 103.0, 104.0}) {
    real.push_back(x), fake.push_back(x);
    real_labels.push_back(2), fake_labels.push_back(2);
  }
  real.insert(real.end(), {0.25, 1.25, 2.25, 3.25});  // would change class 5 if mixed in
  real_labels.insert(real_labels.end(), 4, 7);
  ClassPrdc v = prdc_per_class(points_1d(real), real_labels, points_1d(fake), fake_labels, 3);
  CHECK(v.precision.classes == std::vector<int64_t>{2, 5});
  CHECK(v.precision.per_class == std::vector<double>{1.0, 0.8});
  CHECK(v.precision.overall == doctest::Approx(0.9));
  CHECK(v.recall.overall == doctest::Approx(0.9));
  CHECK(v.density.per_class[1] == doctest::Approx(17.0 / 15.0));
  CHECK(v.coverage.overall == doctest::Approx(1.0));
}

TEST_CASE("PRDC rejects sets too small for k and classes without real images") {
  CHECK_THROWS_AS(prdc(points_1d({0, 1, 2}), points_1d({0, 1, 2, 3}), 3), UserError);
  CHECK_THROWS_AS(prdc_per_class(points_1d(kReal), std::vector<int64_t>(5, 0), points_1d(kFake),
                                 std::vector<int64_t>(5, 1), 3),
                  UserError);
}
