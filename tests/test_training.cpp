// Label-smoothing schedules and calibration statistics against hand-computed values.
#include <doctest/doctest.h>

#include "models/training/calibration.h"
#include "models/training/smoothing_schedule.h"

using namespace phantom;
using namespace phantom::models;

TEST_CASE("reference warm-up is exact at 100 epochs and scales with the run length") {
  SmoothingSchedule s{-0.05, WarmUp::Reference, 100};
  CHECK(s.alpha_at(0) == 0.0);
  CHECK(s.alpha_at(49) == 0.0);
  CHECK(s.alpha_at(50) == doctest::Approx(-0.05 * 1 / 50));
  CHECK(s.alpha_at(74) == doctest::Approx(-0.05 * 25 / 50));  // only reaches α/2 ...
  CHECK(s.alpha_at(75) == -0.05);                             // ... then jumps to α
  CHECK(s.alpha_at(99) == -0.05);
  SmoothingSchedule short_run{-0.05, WarmUp::Reference, 8};
  CHECK(short_run.alpha_at(3) == 0.0);
  CHECK(short_run.alpha_at(4) == doctest::Approx(-0.05 * 1 / 4));
  CHECK(short_run.alpha_at(6) == -0.05);
}

TEST_CASE("smooth warm-up ramps linearly to alpha by three quarters") {
  SmoothingSchedule s{-0.1, WarmUp::Smooth, 20};
  CHECK(s.alpha_at(9) == 0.0);
  CHECK(s.alpha_at(10) == doctest::Approx(-0.1 / 5));
  CHECK(s.alpha_at(14) == doctest::Approx(-0.1));
  CHECK(s.alpha_at(19) == -0.1);
  CHECK(SmoothingSchedule{0.1, WarmUp::None, 20}.alpha_at(0) == 0.1);
  CHECK(default_warm_up(-0.05) == WarmUp::Reference);
  CHECK(default_warm_up(0.1) == WarmUp::None);
  CHECK_THROWS_AS(parse_warm_up("linear"), UserError);
}

TEST_CASE("predicted classes are the first maximum of each row") {
  Tensor scores = Tensor::from_vector({0.1, 0.7, 0.2, 3.0, -1.0, 3.0}, {2, 3}, DType::F64);
  CHECK(predicted_classes(scores) == std::vector<int64_t>{1, 0});
  CHECK_THROWS_AS(predicted_classes(Tensor::zeros({3})), UserError);
}

TEST_CASE("ECE, accuracy and confidence on constructed predictions") {
  CalibrationMeter meter(10);
  // Two samples at confidence 0.95 (one right), two at 0.55 (both right).
  meter.add(
      Tensor::from_vector({0.95, 0.05, 0.05, 0.95, 0.55, 0.45, 0.45, 0.55}, {4, 2}, DType::F64),
      {0, 0, 0, 1});
  CalibrationStats s = meter.stats();
  CHECK(s.count == 4);
  CHECK(s.accuracy == doctest::Approx(0.75));
  CHECK(s.mean_confidence == doctest::Approx(0.75));
  // Bin (0.9, 1]: acc 0.5, conf 0.95 → 0.45 · 2/4; bin (0.5, 0.6]: acc 1, conf 0.55 → 0.45 · 2/4.
  CHECK(s.ece == doctest::Approx(0.45));
}
