// evaluate_attack end to end on a tiny attack: every metric column per attacked class, values in
// range, the stage-wise accuracies consistent with the table, nearest private images of the right
// class, the knowledge-extraction student trained; and the gradient-stability curve by hand.
#include <doctest/doctest.h>

#include <cmath>

#include "attacks/evaluation/attack_evaluation.h"
#include "tests/ppa_test_prior.h"
#include "tests/temp_dir.h"

using namespace phantom;
using namespace phantom::attacks;

namespace {

data::Dataset random_images(int64_t n, uint64_t seed) {
  Generator gen(seed);
  data::Dataset ds;
  ds.images = gen.uniform({n, 1, 8, 8});
  for (int64_t i = 0; i < n; ++i) ds.labels.push_back(i % 3);
  ds.class_names = {"a", "b", "c"};
  ds.source = "random";
  return ds;
}

}  // namespace

TEST_CASE("mean_gradient_cosine averages each step over batches, skipping step 0") {
  StepRecord a0{.step = 0, .grad_cosine = std::nan("")}, a1{.step = 1, .grad_cosine = 0.5},
      a2{.step = 2, .grad_cosine = 0.1};
  StepRecord b0{.step = 0, .grad_cosine = std::nan("")}, b1{.step = 1, .grad_cosine = -0.1},
      b2{.step = 2, .grad_cosine = 0.3};
  const std::vector<double> c = mean_gradient_cosine({{a0, a1, a2}, {b0, b1, b2}});
  REQUIRE(c.size() == 2);
  CHECK(c[0] == doctest::Approx(0.2));
  CHECK(c[1] == doctest::Approx(0.2));
}

TEST_CASE("evaluate_attack reports every metric of a finished attack") {
  TempDir tmp("attack_evaluation");
  testing::TinyPrior prior;
  auto target = testing::tiny_classifier("resnet18-cifar", 11);
  auto evaluator = testing::tiny_classifier("vgg11-bn", 12);
  AttackConfig cfg;
  cfg.target_classes = {0, 2};
  cfg.view.size = 8;
  cfg.sampling.num_samples = 20;
  cfg.sampling.candidates = 6;
  cfg.optimization.steps = 3;
  cfg.optimization.batch = 6;
  cfg.selection.rounds = 2;
  cfg.selection.keep = 4;
  AttackOutcome outcome = run_attack(prior, *target, cfg, tmp.path / "run", {{"t", 1}});

  PrivateData priv{random_images(30, 1), random_images(12, 2)};
  EvaluationOptions options;
  options.knowledge.arch = "resnet18-cifar";
  options.knowledge.width = 4;
  options.knowledge.epochs = 1;
  options.bootstrap.resamples = 50;
  AttackEvaluation ev =
      evaluate_attack(prior, outcome, *target, *evaluator, priv, options, tmp.path / "ke");

  CHECK(ev.table.classes() == std::vector<int64_t>{0, 2});
  CHECK(ev.selected_images.shape() == Shape{8, 1, 8, 8});
  const auto& s = ev.summary;
  for (const char* key :
       {"accuracy_top1", "accuracy_top5", "accuracy_top1_unfiltered", "target_confidence",
        "eval_confidence", "delta_eval", "precision", "recall", "density", "coverage"}) {
    REQUIRE_MESSAGE(s.contains(key), key);
    const double v = s[key]["overall"];
    CHECK(v >= 0.0);
    CHECK(s[key]["ci_lower"].get<double>() <= s[key]["ci_upper"].get<double>());
  }
  CHECK(s["accuracy_top5"]["overall"].get<double>() == 1.0);  // 3 classes: always in the top 5
  CHECK(s["stagewise_top1"]["selection"].get<double>() ==
        s["accuracy_top1"]["overall"].get<double>());
  CHECK(s["stagewise_top1"]["optimisation"].get<double>() ==
        s["accuracy_top1_unfiltered"]["overall"].get<double>());
  CHECK(s["fid"].get<double>() >= 0.0);
  CHECK(s["gradient_cosine"].size() == 2);
  CHECK(s["knowledge_extraction"]["test_accuracy"].get<double>() >= 0.0);
  REQUIRE(ev.nearest_private.size() == 8);
  for (size_t i = 0; i < 8; ++i)
    CHECK(priv.train.labels[size_t(ev.nearest_private[i])] == ev.selected_classes[i]);
}
