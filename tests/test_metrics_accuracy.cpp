// Attack accuracy and confidence on crafted logits; δ (nearest same-class feature distance) on
// constructed features and through a real classifier's feature extraction.
#include <doctest/doctest.h>

#include <cmath>

#include "attacks/metrics/attack_accuracy.h"
#include "attacks/metrics/feature_extraction.h"
#include "attacks/metrics/nearest_distance.h"
#include "engine/autograd/node.h"
#include "engine/core/random.h"

using namespace phantom;
using namespace phantom::attacks;

TEST_CASE("top-k accuracy on crafted logits, per class and overall") {
  Tensor logits = Tensor::from_vector({3, 1, 2, 0,   // attacked 0: rank 0
                                       3, 1, 2, 0,   // attacked 2: rank 1
                                       0, 1, 2, 3,   // attacked 0: rank 3
                                       5, 5, 0, 0,   // attacked 1: tie with class 0, ranks after it
                                       5, 5, 0, 0},  // attacked 0: tie, ranks first
                                      {5, 4});
  const std::vector<int64_t> attacked{0, 2, 0, 1, 0};
  ClassMetric top1 = top_k_accuracy(logits, attacked, 1);
  CHECK(top1.classes == std::vector<int64_t>{0, 1, 2});
  CHECK(top1.per_class == std::vector<double>{2.0 / 3, 0, 0});
  CHECK(top1.overall == doctest::Approx(2.0 / 5));
  CHECK(top1.class_mean() == doctest::Approx(2.0 / 9));
  ClassMetric top2 = top_k_accuracy(logits, attacked, 2);
  CHECK(top2.per_class == std::vector<double>{2.0 / 3, 1, 1});
  CHECK(top_k_accuracy(logits, attacked, 4).overall == 1.0);
  CHECK_THROWS_AS(top_k_accuracy(logits, {0, 2, 0, 1, 4}, 1), UserError);  // class 4 of 4
  CHECK_THROWS_AS(top_k_accuracy(logits, {0, 2, 0}, 1), UserError);
}

TEST_CASE("attacked-class confidence is the softmax of the attacked class, stable for big logits") {
  Tensor logits = Tensor::from_vector({0, std::log(3.0), 1000, 0, 1000, 0}, {3, 2});
  ClassMetric c = attacked_class_confidence(logits, {1, 0, 1});
  CHECK(c.per_class[0] == doctest::Approx(1.0));               // class 0: p = 1
  CHECK(c.per_class[1] == doctest::Approx((0.75 + 0.0) / 2));  // class 1: 0.75 and e^−1000
  CHECK(c.overall == doctest::Approx((0.75 + 1.0 + 0.0) / 3));
}

TEST_CASE("δ: squared distance to the nearest private image of the attacked class") {
  // Private: class 0 at (0, 0) and (4, 0); class 1 at (10, 10).
  Tensor priv = Tensor::from_vector({0, 0, 4, 0, 10, 10}, {3, 2});
  // (1, 0) attacks 0 → 1; (10, 10) attacks 0 → 36 + 100 (its twin is in class 1, not 0);
  // (10, 13) attacks 1 → 9.
  Tensor attack = Tensor::from_vector({1, 0, 10, 10, 10, 13}, {3, 2});
  ClassMetric d = nearest_private_distance(attack, {0, 0, 1}, priv, {0, 0, 1});
  CHECK(d.per_class == std::vector<double>{(1.0 + 136.0) / 2, 9.0});
  CHECK(d.overall == doctest::Approx((1.0 + 136.0 + 9.0) / 3));
  CHECK(nearest_private(attack, {0, 0, 1}, priv, {0, 0, 1}).index == std::vector<int64_t>{0, 1, 2});
  CHECK_THROWS_AS(nearest_private_distance(attack, {0, 0, 2}, priv, {0, 0, 1}), UserError);
}

TEST_CASE("feature extraction: eval-mode features and logits; δ of a training image is 0") {
  Generator gen(31);
  models::ClassifierConfig config;
  config.arch = "resnet18-cifar";
  config.width = 4;
  config.in_channels = 1;
  config.num_classes = 3;
  auto model = models::make_classifier(config, gen);
  data::Dataset priv{
      gen.uniform({10, 1, 8, 8}), {0, 1, 2, 0, 1, 2, 0, 1, 2, 0}, {"a", "b", "c"}, "private"};
  FeaturesAndLogits out = extract_features_and_logits(*model, priv, data::Pipeline(), 4);
  CHECK(model->is_training());  // the mode it was in is restored
  REQUIRE(out.features.shape() == Shape{10, model->feature_dim()});
  REQUIRE(out.logits.shape() == Shape{10, 3});
  {
    NoGradGuard no_grad;
    model->eval();
    const std::vector<double> direct = (*model)(priv.images).to_vector();
    const std::vector<double> batched = out.logits.to_vector();
    for (size_t i = 0; i < direct.size(); ++i)
      CHECK(batched[i] == doctest::Approx(direct[i]).epsilon(1e-5));
    model->train();
  }
  // Attack images that are private images 3 and 5 (classes 0 and 2), extracted separately.
  data::Dataset attack = priv.subset({3, 5});
  FeaturesAndLogits attack_out = extract_features_and_logits(*model, attack, data::Pipeline(), 4);
  ClassMetric d =
      nearest_private_distance(attack_out.features, attack.labels, out.features, priv.labels);
  // The same image in a differently composed batch: equal up to the kernels' summation order.
  CHECK(d.overall < 1e-8);
  ClassMetric d_other =
      nearest_private_distance(attack_out.features, {1, 1}, out.features, priv.labels);
  CHECK(d_other.overall > 1e-4);  // the same images measured against another class are far
}
