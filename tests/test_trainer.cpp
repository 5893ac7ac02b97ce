// Classifier training end to end on a tiny synthetic task: it learns, an interrupted run resumed
// from its checkpoint ends with bit-identical weights, and bad situations give clear errors.
#include <doctest/doctest.h>

#include <fstream>

#include "engine/core/random.h"
#include "engine/io/safetensors.h"
#include "models/training/trainer.h"
#include "temp_dir.h"
#include "user_error.h"

using namespace phantom;

namespace {

// Two classes of 1x8x8 images: bright left half or bright right half, plus noise.
data::Dataset halves(int64_t n, uint64_t seed) {
  Generator gen(seed);
  data::Dataset ds;
  ds.images = gen.uniform({n, 1, 8, 8}, 0.0, 0.3);
  float* p = ds.images.data<float>();
  for (int64_t i = 0; i < n; ++i) {
    int64_t label = i % 2;
    ds.labels.push_back(label);
    for (int64_t y = 0; y < 8; ++y)
      for (int64_t x = label ? 4 : 0; x < (label ? 8 : 4); ++x) p[i * 64 + y * 8 + x] += 0.6f;
  }
  ds.class_names = {"left", "right"};
  ds.source = "synthetic halves";
  return ds;
}

models::TrainConfig tiny_config() {
  models::TrainConfig c;
  c.model.arch = "resnet18-cifar";
  c.model.width = 4;
  c.model.in_channels = 1;
  c.model.num_classes = 2;
  c.epochs = 3;
  c.batch_size = 8;
  c.lr = 0.05;
  c.seed = 7;
  c.train_transform.hflip_probability = 0.0;
  c.train_transform.normalize = true;
  c.test_transform.normalize = true;
  return c;
}

std::map<std::string, Tensor> weights(const std::string& dir) {
  return read_safetensors(dir + "/model.safetensors").tensors;
}

}  // namespace

TEST_CASE("training learns the task and writes log, checkpoint and weights") {
  TempDir dir("trainer_learns");
  models::TrainConfig c = tiny_config();
  c.epochs = 8;  // enough steps for BatchNorm's running statistics (used in eval) to settle
  models::TrainResult r =
      models::train_classifier(c, halves(64, 1), halves(16, 2), dir.path.string(), false);
  REQUIRE(r.history.size() == 8);
  MESSAGE("test accuracy per epoch: ", r.history[0].test.accuracy, " ... ",
          r.history.back().test.accuracy);
  CHECK(r.history.back().test.accuracy >= 0.9);
  std::ifstream log(dir.file("log.jsonl"));
  int lines = 0;
  for (std::string line; std::getline(log, line);) ++lines;
  CHECK(lines == 8);
  CHECK(std::filesystem::exists(dir.file("checkpoint.safetensors")));
  auto reloaded = models::load_trained_classifier(dir.file("model.safetensors"));
  CHECK(reloaded.model->num_classes() == 2);
  CHECK(reloaded.config.epochs == 8);

  SafetensorsFile file = read_safetensors(dir.file("model.safetensors"));
  file.tensors.erase("fc.bias");
  write_safetensors(dir.file("broken.safetensors"), file.tensors, file.metadata);
  CHECK(testing::user_error_of([&] {
          models::load_trained_classifier(dir.file("broken.safetensors"));
        }).find("broken.safetensors: load_state_dict: missing key in the state dict: fc.bias") !=
        std::string::npos);
}

TEST_CASE(
    "an interrupted run resumed from its checkpoint ends bit-identical to an uninterrupted one") {
  TempDir straight("trainer_straight"), resumed("trainer_resumed");
  models::TrainConfig c = tiny_config();
  c.alpha = -0.05;  // the warm-up's epoch dependence must survive the restart too
  c.warm_up = models::WarmUp::Smooth;
  c.train_transform.hflip_probability = 0.5;
  models::train_classifier(c, halves(40, 3), halves(8, 4), straight.path.string(), false);

  models::TrainObserver crash;
  crash.on_epoch = [](const models::EpochRecord& r) {
    if (r.epoch == 0) throw std::runtime_error("simulated crash after epoch 1");
  };
  CHECK_THROWS(models::train_classifier(c, halves(40, 3), halves(8, 4), resumed.path.string(),
                                        false, crash));
  models::train_classifier(c, halves(40, 3), halves(8, 4), resumed.path.string(), true);

  auto a = weights(straight.path.string()), b = weights(resumed.path.string());
  REQUIRE(a.size() == b.size());
  for (const auto& [name, t] : a) {
    CAPTURE(name);
    CHECK(t.to_vector() == b.at(name).to_vector());
  }
}

TEST_CASE(
    "resume with another configuration, a missing checkpoint, or a diverging loss: clear errors") {
  TempDir dir("trainer_errors");
  models::TrainConfig c = tiny_config();
  c.epochs = 1;
  CHECK_THROWS_WITH_AS(
      models::train_classifier(c, halves(16, 5), halves(8, 6), dir.path.string(), true),
      doctest::Contains("no checkpoint"), UserError);
  models::train_classifier(c, halves(16, 5), halves(8, 6), dir.path.string(), false);
  models::TrainConfig other = c;
  other.lr = 0.2;
  CHECK_THROWS_WITH_AS(
      models::train_classifier(other, halves(16, 5), halves(8, 6), dir.path.string(), true),
      doctest::Contains("different configuration"), UserError);

  TempDir nan_dir("trainer_nan");
  models::TrainConfig exploding = tiny_config();
  exploding.lr = 1e30;
  exploding.lr_schedule = "none";
  CHECK_THROWS_WITH_AS(models::train_classifier(exploding, halves(32, 7), halves(8, 8),
                                                nan_dir.path.string(), false),
                       doctest::Contains("training diverged"), UserError);
}
