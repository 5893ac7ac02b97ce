// The Plug & Play Attack's three stages on a tiny prior and a tiny ResNet: the greedy top-k of
// stage 1 and the per-class selection of stage 3 against hand-worked answers, stage 1 against a
// brute-force ranking, stage 2 making progress with the gradient-stability record, the random
// views (shared or per sample, differentiable), and independence from batch sizes.
#include <doctest/doctest.h>

#include <cmath>

#include "attacks/ppa/optimization.h"
#include "attacks/ppa/sampling.h"
#include "attacks/ppa/selection.h"
#include "attacks/ppa/streams.h"
#include "attacks/ppa/views.h"
#include "engine/autograd/node.h"
#include "engine/ops/reduction.h"
#include "engine/ops/resample.h"
#include "tests/ppa_test_prior.h"

using namespace phantom;
using namespace phantom::attacks;

namespace {

AttackConfig tiny_config() {
  AttackConfig cfg;
  cfg.target_classes = {2, 0};
  cfg.view.size = 8;
  cfg.sampling = {.num_samples = 24, .candidates = 4, .psi = 0.7, .cutoff = 2, .batch = 7};

  cfg.optimization.steps = 12;
  cfg.optimization.lr = 0.05;
  cfg.selection.rounds = 3;
  cfg.selection.keep = 2;
  cfg.selection.batch = 3;
  cfg.seed = 9;
  return cfg;
}

}  // namespace

TEST_CASE("best_per_class ranks each class column, best first, ties to the lower index") {
  // 4 samples x 2 classes.
  const std::vector<double> scores = {0.1, 0.9,  //
                                      0.5, 0.5,  //
                                      0.7, 0.3,  //
                                      0.5, 0.2};
  auto best = best_per_class(scores, 2, {1, 0}, 2);
  REQUIRE(best.size() == 2);
  CHECK(best[0] == std::vector<int64_t>{0, 1});  // class 1: 0.9, 0.5
  CHECK(best[1] == std::vector<int64_t>{2, 1});  // class 0: 0.7, then the 0.5 tie -> index 1
  CHECK_THROWS_WITH_AS(best_per_class(scores, 2, {2}, 1),
                       doctest::Contains("target class 2 is not a class"), UserError);
  CHECK_THROWS_AS(best_per_class(scores, 2, {0}, 5), UserError);
}

TEST_CASE("keep_best_per_class keeps the top candidates of each class in class order") {
  const std::vector<int64_t> classes = {3, 3, 3, 1, 1};
  const std::vector<double> scores = {0.2, 0.8, 0.5, 0.1, 0.4};
  CHECK(keep_best_per_class(scores, classes, 2) == std::vector<int64_t>{1, 2, 4, 3});
  CHECK(keep_best_per_class(scores, classes, 1) == std::vector<int64_t>{1, 4});
  CHECK(keep_best_per_class(scores, classes, 9).size() == 5);
}

TEST_CASE("stage 1 keeps the highest-scoring latents per class, whatever the batch size") {
  testing::TinyPrior prior;
  auto target = testing::tiny_classifier();
  AttackConfig cfg = tiny_config();
  Candidates c = sample_candidates(prior, *target, cfg);
  REQUIRE(c.classes == std::vector<int64_t>{2, 2, 2, 2, 0, 0, 0, 0});
  REQUIRE(c.ws.shape() == Shape{8, 3, 5});

  // Brute force: score all samples at once and compare with the kept scores.
  Generator gen = sampling_generator(cfg.seed);
  Tensor z = gen.normal({24, 6});
  Tensor images = clamp(prior.synthesize(prior.map(z, 0.7, 2)), -1.0, 1.0);
  std::vector<double> p;
  {
    NoGradGuard no_grad;
    target->eval();
    p = view_averaged_probabilities(*target, images, cfg.view).to_vector();
  }
  for (int64_t cls : {2, 0}) {
    std::vector<double> column;
    for (int64_t i = 0; i < 24; ++i) column.push_back(p[static_cast<size_t>(i * 3 + cls)]);
    std::sort(column.rbegin(), column.rend());
    const size_t first = cls == 2 ? 0 : 4;
    for (size_t j = 0; j < 4; ++j) CHECK(c.scores[first + j] == doctest::Approx(column[j]));
  }

  cfg.sampling.batch = 24;
  Candidates again = sample_candidates(prior, *target, cfg);
  CHECK(again.scores == c.scores);
  CHECK(again.ws.to_vector() == c.ws.to_vector());
}

TEST_CASE("random resized crops: one box per batch or one per sample, and differentiable") {
  Generator g(3);
  Tensor x = g.normal({3, 1, 8, 8});
  x.set_requires_grad(true);
  Generator a(4), b(4);
  Tensor shared = random_resized_crop(x, {0.5, 0.9}, {0.8, 1.2}, false, a);
  const data::CropParams box = data::random_resized_crop_params(8, 8, {0.5, 0.9}, {0.8, 1.2}, b);
  Tensor expected = resize_bilinear(
      x, 8, 8, true, {double(box.top), double(box.left), double(box.height), double(box.width)});
  CHECK(shared.to_vector() == expected.to_vector());
  CHECK(a.offset() == b.offset());

  Generator c(4);
  Tensor per_sample = random_resized_crop(x, {0.5, 0.9}, {0.8, 1.2}, true, c);
  CHECK(c.offset() > b.offset());  // three boxes drawn
  sum(per_sample).backward();
  REQUIRE(x.grad().defined());
  CHECK(sum(abs(x.grad())).item() > 0);
}

TEST_CASE("stage 2 lowers the loss, records gradient stability, and is reproducible") {
  testing::TinyPrior prior;
  auto target = testing::tiny_classifier();
  AttackConfig cfg = tiny_config();
  cfg.optimization.loss = AttackLoss::CrossEntropy;
  Candidates c = sample_candidates(prior, *target, cfg);
  Generator gen = optimization_generator(cfg.seed, 0);
  OptimizedBatch run = optimize_batch(prior, *target, c.ws, c.classes, cfg, gen);
  REQUIRE(run.steps.size() == 12);
  CHECK(std::isnan(run.steps[0].grad_cosine));
  for (size_t s = 1; s < run.steps.size(); ++s) {
    CHECK(run.steps[s].grad_cosine >= -1.0);
    CHECK(run.steps[s].grad_cosine <= 1.0);
    CHECK(run.steps[s].grad_norm > 0);
  }
  CHECK(run.steps.back().loss < run.steps.front().loss);
  CHECK(run.steps.back().target_confidence > run.steps.front().target_confidence);

  // Single-w mode: every layer carries the same w.
  std::vector<double> ws = run.ws.to_vector();
  for (int64_t i = 0; i < 8; ++i)
    for (int64_t l = 1; l < 3; ++l)
      for (int64_t d = 0; d < 5; ++d)
        CHECK(ws[static_cast<size_t>((i * 3 + l) * 5 + d)] ==
              ws[static_cast<size_t>(i * 3 * 5 + d)]);

  Generator gen2 = optimization_generator(cfg.seed, 0);
  OptimizedBatch rerun = optimize_batch(prior, *target, c.ws, c.classes, cfg, gen2);
  CHECK(rerun.ws.to_vector() == run.ws.to_vector());

  // A cosine schedule starts at the same lr (same first step) and then anneals it.
  cfg.optimization.lr_schedule = "cosine";
  Generator gen_cos = optimization_generator(cfg.seed, 0);
  OptimizedBatch cosine = optimize_batch(prior, *target, c.ws, c.classes, cfg, gen_cos);
  CHECK(cosine.steps[1].loss == run.steps[1].loss);
  CHECK(cosine.ws.to_vector() != run.ws.to_vector());
  cfg.optimization.lr_schedule = "none";

  // w+ mode optimises each layer on its own; the Poincaré loss also makes progress.
  cfg.optimization.single_w = false;
  cfg.optimization.loss = AttackLoss::Poincare;
  Generator gen3 = optimization_generator(cfg.seed, 0);
  OptimizedBatch plus = optimize_batch(prior, *target, c.ws, c.classes, cfg, gen3);
  CHECK(plus.steps.back().loss < plus.steps.front().loss);
}

TEST_CASE("stage 2's discriminator term: off by default, needs a discriminator, raises realism") {
  testing::TinyPrior prior(5, /*critic=*/true);
  auto target = testing::tiny_classifier();
  AttackConfig cfg = tiny_config();
  Candidates c = sample_candidates(prior, *target, cfg);
  auto run = [&](ImagePrior& p, double weight) {
    cfg.optimization.discriminator_weight = weight;
    Generator gen = optimization_generator(cfg.seed, 0);
    return optimize_batch(p, *target, c.ws, c.classes, cfg, gen);
  };
  // The mean realism loss softplus(-D) of a batch's images.
  auto realism_loss = [&](const Tensor& ws) {
    NoGradGuard no_grad;
    double s = 0;
    const std::vector<double> logits = prior.realism_logits(prior.synthesize(ws)).to_vector();
    for (double l : logits) s += std::log1p(std::exp(-l));
    return s / static_cast<double>(logits.size());
  };

  OptimizedBatch off = run(prior, 0);
  for (const StepRecord& s : off.steps) CHECK(std::isnan(s.discriminator_loss));

  OptimizedBatch on = run(prior, 5);
  CHECK(on.steps.front().loss == off.steps.front().loss);  // the identity loss, recorded alone
  // Single-w mode starts from each candidate's first-layer w on every layer.
  const Tensor start = broadcast_w(reshape(slice(c.ws, 1, 0, 1), {c.ws.size(0), c.ws.size(2)}), 3);
  CHECK(on.steps.front().discriminator_loss == doctest::Approx(realism_loss(start)));
  CHECK(on.steps.back().discriminator_loss < on.steps.front().discriminator_loss);
  CHECK(realism_loss(on.ws) < realism_loss(off.ws));

  testing::TinyPrior no_critic;
  CHECK_THROWS_WITH_AS(run(no_critic, 1), doctest::Contains("needs the generator's discriminator"),
                       UserError);
}

TEST_CASE("stage 3 scores are confidences and do not depend on the batch size") {
  testing::TinyPrior prior;
  auto target = testing::tiny_classifier();
  AttackConfig cfg = tiny_config();
  Candidates c = sample_candidates(prior, *target, cfg);
  std::vector<double> s = selection_scores(prior, *target, c.ws, c.classes, cfg);
  REQUIRE(s.size() == 8);
  for (double v : s) {
    CHECK(v >= 0.0);
    CHECK(v <= 1.0);
  }
  cfg.selection.batch = 8;
  CHECK(selection_scores(prior, *target, c.ws, c.classes, cfg) == s);
  std::vector<int64_t> kept = keep_best_per_class(s, c.classes, cfg.selection.keep);
  REQUIRE(kept.size() == 4);
  for (size_t i = 0; i < 2; ++i) CHECK(c.classes[static_cast<size_t>(kept[i])] == 2);
}
