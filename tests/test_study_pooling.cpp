// Pooling the studies of several seeds (--sweep seed): per-α pooled values over (seed, class)
// units, and paired differences against α = 0 unit by unit.
#include <doctest/doctest.h>

#include "attacks/metrics/metrics_table.h"
#include "attacks/study/seed_pooling.h"
#include "engine/core/error.h"
#include "tests/temp_dir.h"

using namespace phantom;
using namespace phantom::attacks;

namespace {

// A finished study as pool_seeds sees it: per α an attack directory with metrics.csv (top-1 per
// class as given, top-5 = 1, δ_eval = 10 × (1 − top-1)), the target's test accuracy and the
// knowledge-extraction score.
StudyResult fake_study(const TempDir& dir, uint64_t seed,
                       const std::vector<std::pair<double, std::vector<double>>>& top1_per_alpha) {
  StudyResult s;
  s.config.seed = seed;
  s.config.private_classes = {0, 1, 2};
  for (const auto& [alpha, top1] : top1_per_alpha) {
    AlphaResult r;
    r.alpha = alpha;
    r.attack_dir = dir.path / ("seed" + std::to_string(seed) + "_alpha" + std::to_string(alpha));
    std::filesystem::create_directories(r.attack_dir);
    std::vector<double> delta, top5(top1.size(), 1.0);
    for (double t : top1) delta.push_back(10 * (1 - t));
    MetricsTable table;
    table.add("accuracy_top1", {{0, 1, 2}, top1, 0});
    table.add("accuracy_top5", {{0, 1, 2}, top5, 1});
    table.add("delta_eval", {{0, 1, 2}, delta, 0});
    write_metrics_csv((r.attack_dir / "metrics.csv").string(), table);
    r.target.test_accuracy = 0.9 - 0.01 * double(seed);
    r.metrics = {{"knowledge_extraction", {{"test_accuracy", 0.4 + alpha}}},
                 {"gradient_cosine", {alpha, 3 * alpha}}};
    s.alphas.push_back(r);
  }
  return s;
}

}  // namespace

TEST_CASE("seed pooling: pooled means, per-seed values and paired differences against α = 0") {
  TempDir dir("study_pooling");
  // α = +0.1 is exactly 0.2 above α = 0 in every unit; α = −0.05 is above in 2 units, equal in 2,
  // below in 2.
  const StudyResult s0 = fake_study(
      dir, 0, {{0.1, {0.6, 0.3, 1.0}}, {0.0, {0.4, 0.1, 0.8}}, {-0.05, {0.5, 0.1, 0.7}}});
  const StudyResult s3 = fake_study(
      dir, 3, {{0.1, {0.9, 0.2, 0.7}}, {0.0, {0.7, 0.0, 0.5}}, {-0.05, {0.8, 0.0, 0.4}}});
  const SeedPooling p = pool_seeds({&s0, &s3}, {.resamples = 500});
  CHECK(p.seeds == std::vector<uint64_t>{0, 3});
  CHECK(p.classes == 3);
  REQUIRE(p.baseline.has_value());
  REQUIRE(p.alphas.size() == 3);

  const PooledAlpha& plus = p.alphas[0];
  CHECK(plus.alpha == 0.1);
  CHECK(plus.top1.mean == doctest::Approx((0.6 + 0.3 + 1.0 + 0.9 + 0.2 + 0.7) / 6));
  CHECK(plus.top1.lower < plus.top1.mean);
  CHECK(plus.top1.upper > plus.top1.mean);
  CHECK(plus.top5.mean == 1.0);
  CHECK(plus.delta_eval.mean == doctest::Approx(10 * (1 - plus.top1.mean)));
  CHECK(plus.top1_per_seed[0] == doctest::Approx(1.9 / 3));
  CHECK(plus.top1_per_seed[1] == doctest::Approx(1.8 / 3));
  CHECK(plus.test_accuracy_per_seed == std::vector<double>{0.9, 0.87});
  REQUIRE(plus.top1_per_class.size() == 3);
  CHECK(plus.top1_per_class[0] == doctest::Approx(0.75));  // (0.6 + 0.9) / 2
  CHECK(plus.top1_per_class[1] == doctest::Approx(0.25));
  CHECK(plus.top1_per_class[2] == doctest::Approx(0.85));
  CHECK(plus.knowledge_per_seed[0] == doctest::Approx(0.5));
  CHECK(plus.gradient_cosine_per_seed[1] == doctest::Approx(0.2));  // mean of 0.1 and 0.3
  REQUIRE(plus.against_baseline.has_value());
  // A constant difference has a degenerate interval however the units are resampled.
  CHECK(plus.against_baseline->top1.mean == doctest::Approx(0.2));
  CHECK(plus.against_baseline->top1.lower == doctest::Approx(0.2));
  CHECK(plus.against_baseline->top1.upper == doctest::Approx(0.2));
  CHECK(plus.against_baseline->delta_eval.mean == doctest::Approx(-2.0));
  CHECK(plus.against_baseline->higher == 6);
  CHECK(plus.against_baseline->lower == 0);

  CHECK_FALSE(p.alphas[1].against_baseline.has_value());  // the baseline itself
  const PairedDifference& minus = *p.alphas[2].against_baseline;
  CHECK(minus.higher == 2);
  CHECK(minus.equal == 2);
  CHECK(minus.lower == 2);
  CHECK(minus.top1.mean == doctest::Approx(0.0));
  CHECK(minus.top1.lower < 0);
  CHECK(minus.top1.upper > 0);

  const nlohmann::json j = to_json(p);
  CHECK(j["units"] == 6);
  CHECK(j["alphas"][0]["against_baseline"]["units_higher"] == 6);
  CHECK_FALSE(j["alphas"][1].contains("against_baseline"));
}

TEST_CASE("seed pooling: studies must agree in α and classes; no α = 0, no pairing") {
  TempDir dir("study_pooling_bad");
  const StudyResult a = fake_study(dir, 0, {{0.1, {0.5, 0.5, 0.5}}, {-0.05, {0.4, 0.4, 0.4}}});
  const StudyResult b = fake_study(dir, 1, {{0.1, {0.5, 0.5, 0.5}}});
  CHECK_THROWS_WITH_AS(pool_seeds({&a, &b}, {}), doctest::Contains("α lists"), UserError);
  const SeedPooling p = pool_seeds({&a}, {.resamples = 50});
  CHECK_FALSE(p.baseline.has_value());
  CHECK_FALSE(p.alphas[0].against_baseline.has_value());
  CHECK_FALSE(p.alphas[1].against_baseline.has_value());
  CHECK_THROWS_AS(pool_seeds({}, {}), UserError);
}
