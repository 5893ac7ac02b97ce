// phantom evaluate: the paper's metrics for a finished `phantom attack` run (attack accuracy with
// a separate evaluation model, δ_eval, domain FID, precision/recall/density/coverage, knowledge
// extraction, stage-wise accuracy, gradient stability), written to the run directory as
// metrics.csv (per class) and metrics.json (overall, with bootstrap intervals), plus image grids
// of each reconstruction beside its nearest private training image.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "attacks/evaluation/attack_evaluation.h"
#include "attacks/ppa/attack_config_json.h"
#include "attacks/ppa/stylegan2_prior.h"
#include "engine/io/image.h"
#include "engine/io/sha256.h"
#include "engine/ops/shape_ops.h"
#include "models/training/trainer.h"
#include "tools/cli/commands.h"
#include "tools/cli/device_option.h"
#include "tools/cli/evaluate_run.h"
#include "tools/cli/private_data.h"

namespace phantom::cli {

namespace {

namespace fs = std::filesystem;

struct EvaluateOptions {
  std::string run;
  EvaluationRequest request;
  std::string device = "auto";
};

// The weights file an attack used, checked against the hash in its manifest.
std::string attacked_file(const nlohmann::json& manifest, const char* what, const fs::path& run) {
  const std::string path = manifest.at("identity").at(what).at("path");
  const std::string hash = manifest.at("identity").at(what).at("sha256");
  PHANTOM_REQUIRE(io::sha256_file_hex(path) == hash, path, ": the ", what,
                  " file changed since the attack in ", run.string(), " ran (SHA-256 differs)");
  return path;
}

// Each reconstruction beside its nearest private training image, one grid per class.
void write_pair_grids(const attacks::AttackEvaluation& ev, const fs::path& dir) {
  std::map<int64_t, std::vector<Tensor>> pairs;
  for (size_t i = 0; i < ev.selected_classes.size(); ++i) {
    auto& v = pairs[ev.selected_classes[i]];
    v.push_back(slice(ev.selected_images, 0, int64_t(i), int64_t(i) + 1));
    v.push_back(slice(ev.nearest_private_images, 0, int64_t(i), int64_t(i) + 1));
  }
  fs::create_directories(dir);
  for (auto& [cls, images] : pairs)
    io::write_png_grid((dir / ("class_" + std::to_string(cls) + "_vs_private.png")).string(),
                       concat(images, 0), 8, 2, io::PixelRange::MinusOneOne, 1.0f);
}

}  // namespace

void add_evaluation_options(CLI::App& sub, EvaluationRequest& r) {
  add_private_data_options(sub, r.data);
  sub.add_flag("!--no-knowledge", r.knowledge, "Skip the knowledge-extraction student");
  sub.add_option("--knowledge-epochs", r.knowledge_epochs, "Student training epochs")
      ->capture_default_str();
  sub.add_option("--bootstrap", r.bootstrap, "Bootstrap resamples for the intervals")
      ->capture_default_str();
}

void evaluate_run(const fs::path& run, const EvaluationRequest& r, Device device) {
  std::ifstream manifest_file(run / "manifest.json");
  PHANTOM_REQUIRE(manifest_file.good(), (run / "manifest.json").string(),
                  ": not found; --run must be a directory written by phantom attack");
  const nlohmann::json manifest = nlohmann::json::parse(manifest_file);
  const std::string target_path = attacked_file(manifest, "target", run);
  const std::string generator_path = attacked_file(manifest, "generator", run);
  const attacks::AttackConfig config =
      attacks::attack_config_from_json(manifest.at("config"), (run / "manifest.json").string());

  auto [target_config, target] = models::load_trained_classifier(target_path);
  auto [eval_config, evaluator] = models::load_trained_classifier(r.eval_model);
  target->to(device);
  evaluator->to(device);
  auto generator = models::stylegan2::load_generator(generator_path);
  generator->to(device);
  attacks::StyleGan2Prior prior(generator, config.fused_modconv);
  // Reading the finished run back; an unfinished one is refused rather than completed here.
  PHANTOM_REQUIRE(fs::exists(run / "stage3.safetensors"), run.string(),
                  ": the attack has not finished (no stage3.safetensors); rerun phantom attack");
  attacks::AttackOutcome outcome =
      attacks::run_attack(prior, *target, config, run, manifest.at("identity"));
  const attacks::PrivateData priv =
      load_private_data(r.data, prior.generator().config().img_resolution);

  attacks::EvaluationOptions options;
  options.knowledge_extraction = r.knowledge;
  options.knowledge.epochs = r.knowledge_epochs;
  options.knowledge.width = 16;
  options.knowledge.device = device;
  options.bootstrap.resamples = r.bootstrap;
  std::printf("evaluating %s with %s on %lld private training images\n", run.c_str(),
              r.eval_model.c_str(), static_cast<long long>(priv.train.size()));
  attacks::AttackEvaluation ev = attacks::evaluate_attack(prior, outcome, *target, *evaluator, priv,
                                                          options, run / "knowledge_student");
  attacks::save_evaluation(run, ev, priv.train.class_names);
  write_pair_grids(ev, run / "images");
  print_metrics_summary(ev.summary);
  std::printf("metrics: %s/metrics.csv, %s/metrics.json; grids: %s/images/*_vs_private.png\n",
              run.c_str(), run.c_str(), run.c_str());
}

Command add_evaluate(CLI::App& app) {
  auto o = std::make_shared<EvaluateOptions>();
  CLI::App* sub =
      app.add_subcommand("evaluate", "The paper's metrics for a finished phantom attack run");
  sub->add_option("--run", o->run, "Run directory of phantom attack")->required();
  sub->add_option("--eval-model", o->request.eval_model,
                  "Evaluation classifier (phantom train; another architecture than the target)")
      ->required();
  add_evaluation_options(*sub, o->request);
  add_device_option(sub, o->device);
  return {sub, [o] {
            evaluate_run(o->run, o->request, resolve_device(o->device));
            return 0;
          }};
}

}  // namespace phantom::cli
