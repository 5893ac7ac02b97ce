// The study configuration: YAML with defaults for what is missing, a full JSON round trip, one
// clear line for unknown or mistyped settings, and cache keys that follow the content.
#include <doctest/doctest.h>

#include <fstream>

#include "attacks/study/study_config.h"
#include "engine/core/error.h"
#include "tests/temp_dir.h"

using namespace phantom;
using namespace phantom::attacks;

TEST_CASE("a YAML study file overrides only what it names") {
  TempDir tmp("study_config");
  std::ofstream(tmp.file("s.yaml"))
      << "alphas: [0.1, -0.05]\n"
         "train_per_class: 100\n"
         "target:\n  width: 8\n  epochs: 2\n"
         "attack:\n  sampling:\n    num_samples: 50\n    candidates: 10\n"
         "  optimization:\n    loss: ce\n"
         "gan:\n  iterations: 7\n"
         "sweep_seeds: [4, 2]\n";
  StudyConfig c = study_config_from_json(read_yaml_or_json(tmp.file("s.yaml")), "s.yaml");
  CHECK(c.alphas == std::vector<double>{0.1, -0.05});
  CHECK(c.train_per_class == 100);
  CHECK(c.target.width == 8);
  CHECK(c.target.arch == "resnet18-cifar");  // default kept
  CHECK(c.attack.sampling.num_samples == 50);
  CHECK(c.attack.sampling.psi == AttackConfig{}.sampling.psi);
  CHECK(c.attack.optimization.loss == AttackLoss::CrossEntropy);
  CHECK(c.gan.iterations == 7);
  CHECK(c.sweep_seeds == std::vector<uint64_t>{4, 2});
  CHECK(c.gan.channel_max == StudyGanSpec{}.channel_max);  // default kept
  validate(c);

  StudyConfig back = study_config_from_json(to_json(c), "round trip");
  CHECK(to_json(back) == to_json(c));
  CHECK(config_hash(to_json(back)) == config_hash(to_json(c)));
  back.seed = 1;
  CHECK(config_hash(to_json(back)) != config_hash(to_json(c)));
}

TEST_CASE("bad study files give one clear line") {
  TempDir tmp("study_config_bad");
  std::ofstream(tmp.file("a.yaml")) << "alpha: [0.1]\n";
  CHECK_THROWS_WITH_AS(study_config_from_json(read_yaml_or_json(tmp.file("a.yaml")), "a.yaml"),
                       doctest::Contains("unknown setting 'alpha'"), UserError);
  std::ofstream(tmp.file("b.yaml")) << "alphas: [0.1\n";
  CHECK_THROWS_WITH_AS(read_yaml_or_json(tmp.file("b.yaml")), doctest::Contains("not valid YAML"),
                       UserError);
  std::ofstream(tmp.file("c.yaml")) << "seed: many\n";
  CHECK_THROWS_WITH_AS(study_config_from_json(read_yaml_or_json(tmp.file("c.yaml")), "c.yaml"),
                       doctest::Contains("wrong type"), UserError);
  CHECK_THROWS_AS(read_yaml_or_json(tmp.file("missing.yaml")), UserError);
  StudyConfig c;
  c.alphas = {1.5};
  CHECK_THROWS_WITH_AS(validate(c), doctest::Contains("alpha must be <= 1"), UserError);
  c = StudyConfig{};
  c.sweep_seeds = {0, 3, 0};
  CHECK_THROWS_WITH_AS(validate(c), doctest::Contains("seed 0 appears twice in sweep_seeds"),
                       UserError);
  c.sweep_seeds = {};
  CHECK_THROWS_WITH_AS(validate(c), doctest::Contains("sweep_seeds is empty"), UserError);
}
