// The attack's run directory: every stage saved, a second run reuses it, a run killed in stage 2
// (batch files missing) resumes to exactly the uninterrupted result, and a directory holding a
// different attack is refused.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "attacks/ppa/attack_config_json.h"
#include "attacks/ppa/attack_run.h"
#include "tests/ppa_test_prior.h"
#include "tests/temp_dir.h"

using namespace phantom;
using namespace phantom::attacks;
namespace fs = std::filesystem;

namespace {

AttackConfig tiny_config() {
  AttackConfig cfg;
  cfg.target_classes = {1, 2};
  cfg.view.size = 8;
  cfg.sampling.num_samples = 16;
  cfg.sampling.candidates = 3;
  cfg.sampling.batch = 8;
  cfg.optimization.steps = 4;
  cfg.optimization.batch = 4;  // 6 candidates -> 2 batches
  cfg.selection.rounds = 2;
  cfg.selection.keep = 2;
  cfg.seed = 21;
  return cfg;
}

size_t line_count(const fs::path& p) {
  std::ifstream in(p);
  size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

}  // namespace

TEST_CASE("an attack run saves every stage and resumes a killed run to the same result") {
  TempDir tmp("ppa_run");
  testing::TinyPrior prior;
  auto target = testing::tiny_classifier();
  const AttackConfig cfg = tiny_config();
  const nlohmann::json identity = {{"target", "tiny"}};
  const fs::path dir = tmp.path / "run";
  AttackOutcome first = run_attack(prior, *target, cfg, dir, identity);
  for (const char* f : {"manifest.json", "stage1.safetensors", "stage2/batch_0000.safetensors",
                        "stage2/batch_0001.safetensors", "stage2.safetensors", "stage2_steps.jsonl",
                        "stage3.safetensors"})
    CHECK_MESSAGE(fs::exists(dir / f), f);
  CHECK(line_count(dir / "stage2_steps.jsonl") == 2 * 4);
  REQUIRE(first.selected.size() == 4);
  REQUIRE(first.batch_steps.size() == 2);

  // Killed during batch 1 of stage 2: its file and everything after it are missing.
  fs::remove(dir / "stage2/batch_0001.safetensors");
  fs::remove(dir / "stage2.safetensors");
  fs::remove(dir / "stage2_steps.jsonl");
  fs::remove(dir / "stage3.safetensors");
  AttackOutcome resumed = run_attack(prior, *target, cfg, dir, identity);
  CHECK(resumed.optimized_ws.to_vector() == first.optimized_ws.to_vector());
  CHECK(resumed.selected == first.selected);
  CHECK(resumed.selection_scores == first.selection_scores);
  CHECK(resumed.batch_steps[0][3].loss == first.batch_steps[0][3].loss);
  CHECK(resumed.batch_steps[1][3].loss == first.batch_steps[1][3].loss);
  CHECK(line_count(dir / "stage2_steps.jsonl") == 2 * 4);

  // A finished run is read back, not recomputed.
  AttackOutcome again = run_attack(prior, *target, cfg, dir, identity);
  CHECK(again.selected == first.selected);

  AttackConfig other = cfg;
  other.optimization.steps = 5;
  CHECK_THROWS_WITH_AS(run_attack(prior, *target, other, dir, identity),
                       doctest::Contains("different config"), UserError);
  CHECK_THROWS_WITH_AS(run_attack(prior, *target, cfg, dir, {{"target", "other"}}),
                       doctest::Contains("different identity"), UserError);
}

TEST_CASE("an attack run directory may move with its files: the identity is their content") {
  TempDir tmp("ppa_run_moved");
  testing::TinyPrior prior;
  auto target = testing::tiny_classifier();
  const AttackConfig cfg = tiny_config();
  const auto identity = [](const std::string& path, const std::string& hash) {
    return nlohmann::json{{"target", {{"path", path}, {"sha256", hash}}}};
  };
  const fs::path dir = tmp.path / "run";
  AttackOutcome first = run_attack(prior, *target, cfg, dir, identity("/old/t.safetensors", "ab"));
  fs::rename(dir, tmp.path / "moved");
  AttackOutcome again =
      run_attack(prior, *target, cfg, tmp.path / "moved", identity("/new/t.safetensors", "ab"));
  CHECK(again.selected == first.selected);
  std::ifstream manifest(tmp.path / "moved" / "manifest.json");
  CHECK(nlohmann::json::parse(manifest)["identity"]["target"]["path"] == "/new/t.safetensors");
  CHECK_THROWS_WITH_AS(
      run_attack(prior, *target, cfg, tmp.path / "moved", identity("/new/t.safetensors", "cd")),
      doctest::Contains("different identity"), UserError);
  CHECK(identity_content(identity("/x", "ab")) == nlohmann::json{{"target", {{"sha256", "ab"}}}});
}

TEST_CASE("attack configurations are validated with one clear line") {
  AttackConfig cfg = tiny_config();
  cfg.sampling.candidates = 100;
  CHECK_THROWS_WITH_AS(validate(cfg), doctest::Contains("candidates <= samples"), UserError);
  cfg = tiny_config();
  cfg.target_classes.clear();
  CHECK_THROWS_WITH_AS(validate(cfg), doctest::Contains("no target classes"), UserError);
  cfg = tiny_config();
  cfg.optimization.lr_schedule = "linear";
  CHECK_THROWS_WITH_AS(validate(cfg), doctest::Contains("found 'linear'"), UserError);
  CHECK_THROWS_WITH_AS(parse_attack_loss("hinge"), doctest::Contains("found 'hinge'"), UserError);
}

TEST_CASE("a manifest written before fused_modconv existed reads as the fused path it ran") {
  TempDir tmp("ppa_run_legacy");
  testing::TinyPrior prior;
  auto target = testing::tiny_classifier();
  AttackConfig fused = tiny_config();
  fused.fused_modconv = true;
  const nlohmann::json identity = {{"target", "tiny"}};
  const fs::path dir = tmp.path / "run";
  run_attack(prior, *target, fused, dir, identity);
  nlohmann::json manifest = nlohmann::json::parse(std::ifstream(dir / "manifest.json"));
  manifest["config"].erase("fused_modconv");
  std::ofstream(dir / "manifest.json") << manifest.dump(2);

  CHECK(attack_config_from_json(manifest["config"], "old").fused_modconv);
  CHECK_FALSE(attack_config_from_json(to_json(tiny_config()), "new").fused_modconv);
  CHECK_NOTHROW(run_attack(prior, *target, fused, dir, identity));
  CHECK_THROWS_WITH_AS(run_attack(prior, *target, tiny_config(), dir, identity),
                       doctest::Contains("different config"), UserError);
}
