// phantom attack: the Plug & Play Attack against a classifier trained by `phantom train`, with a
// StyleGAN2 generator as the image prior. Runs the three stages in a resumable run directory
// (attacks/ppa/attack_run.h), shows a progress bar per stage, writes per-class image grids after
// each stage and prints a per-class summary. Rerun the same command to resume a killed run.
#include <cstdio>
#include <memory>
#include <sstream>

#include "attacks/evaluation/attack_evaluation.h"
#include "attacks/ppa/attack_run.h"
#include "attacks/ppa/stylegan2_prior.h"
#include "attacks/ppa/take_rows.h"
#include "engine/io/image.h"
#include "engine/io/sha256.h"
#include "models/stylegan2/discriminator_file.h"
#include "models/stylegan2/generator.h"
#include "models/training/trainer.h"
#include "tools/cli/commands.h"
#include "tools/cli/device_option.h"
#include "tools/cli/evaluate_run.h"
#include "tools/cli/modconv_option.h"
#include "tools/render/stage_bars.h"

namespace phantom::cli {

namespace {

namespace fs = std::filesystem;

struct AttackOptions {
  attacks::AttackConfig config;
  std::string target, generator, discriminator, out;
  std::string classes = "all";
  std::string loss = "poincare";
  std::string modconv = "unfused";
  std::string device = "auto";
  bool w_plus = false;
  EvaluationRequest evaluation;  // with an --eval-model, the metrics follow the attack
};

std::vector<int64_t> parse_classes(const std::string& text, int64_t num_classes) {
  std::vector<int64_t> classes;
  if (text == "all") {
    for (int64_t c = 0; c < num_classes; ++c) classes.push_back(c);
    return classes;
  }
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    char* end = nullptr;
    const long long c = std::strtoll(item.c_str(), &end, 10);
    PHANTOM_REQUIRE(!item.empty() && *end == '\0' && c >= 0 && c < num_classes,
                    "--classes: expected 'all' or class indices in [0, ", num_classes,
                    ") separated by commas, found '", item, "'");
    classes.push_back(c);
  }
  return classes;
}

// Images of the rows of ws whose class is `cls`, as one PNG grid.
void write_class_grid(attacks::ImagePrior& prior, const Tensor& ws,
                      const std::vector<int64_t>& classes, int64_t cls, const fs::path& path) {
  const Tensor rows = attacks::rows_with_label(ws, classes, cls);
  if (!rows.defined()) return;
  io::write_png_grid(path.string(), attacks::render_images(prior, rows, 64), 10, 2,
                     io::PixelRange::MinusOneOne);
}

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? 0.0 : s / static_cast<double>(v.size());
}

int run_attack_command(AttackOptions& o) {
  attacks::AttackConfig& c = o.config;
  PHANTOM_REQUIRE(o.discriminator.empty() == (c.optimization.discriminator_weight == 0),
                  "--discriminator and --discriminator-weight go together: the term needs both a "
                  "discriminator file and a weight > 0 (found file '",
                  o.discriminator, "', weight ", c.optimization.discriminator_weight, ")");
  c.fused_modconv = parse_fused_modconv(o.modconv);
  const Device device = resolve_device(o.device);
  auto [target_config, target] = models::load_trained_classifier(o.target);
  target->to(device);
  auto generator = models::stylegan2::load_generator(o.generator);
  generator->to(device);
  attacks::StyleGan2Prior prior(
      generator, c.fused_modconv,
      o.discriminator.empty() ? nullptr : models::stylegan2::load_discriminator(o.discriminator));
  c.target_classes = parse_classes(o.classes, target->num_classes());
  c.optimization.loss = attacks::parse_attack_loss(o.loss);
  c.optimization.single_w = !o.w_plus;
  if (c.view.size == 0) c.view.size = prior.generator().config().img_resolution;
  PHANTOM_REQUIRE(prior.generator().config().img_channels == target_config.model.in_channels,
                  o.generator, ": the generator makes ", prior.generator().config().img_channels,
                  "-channel images but the target ", o.target, " reads ",
                  target_config.model.in_channels, " channels");
  nlohmann::json identity = {
      {"target", {{"path", o.target}, {"sha256", io::sha256_file_hex(o.target)}}},
      {"generator", {{"path", o.generator}, {"sha256", io::sha256_file_hex(o.generator)}}}};
  if (!o.discriminator.empty())
    identity["discriminator"] = {{"path", o.discriminator},
                                 {"sha256", io::sha256_file_hex(o.discriminator)}};

  render::StageBars bars("attack ", "img");
  attacks::AttackOutcome r =
      attacks::run_attack(prior, *target, c, o.out, identity, std::ref(bars));

  const fs::path images = fs::path(o.out) / "images";
  fs::create_directories(images);
  std::vector<int64_t> selected_classes;
  for (int64_t i : r.selected) selected_classes.push_back(r.candidates.classes[size_t(i)]);
  const Tensor selected_ws = attacks::take_rows(r.optimized_ws, r.selected);

  std::printf("%6s %10s %14s %14s %14s\n", "class", "images", "stage1 score", "stage2 conf",
              "stage3 score");
  const int64_t batch = c.optimization.batch;
  for (int64_t cls : c.target_classes) {
    const std::string tag = "class_" + std::to_string(cls);
    write_class_grid(prior, r.candidates.ws, r.candidates.classes, cls,
                     images / (tag + "_stage1.png"));
    write_class_grid(prior, r.optimized_ws, r.candidates.classes, cls,
                     images / (tag + "_stage2.png"));
    write_class_grid(prior, selected_ws, selected_classes, cls, images / (tag + "_final.png"));
    std::vector<double> s1, s2, s3;
    for (size_t i = 0; i < r.candidates.classes.size(); ++i)
      if (r.candidates.classes[i] == cls) {
        s1.push_back(r.candidates.scores[i]);
        const auto& steps = r.batch_steps[i / size_t(batch)];
        if (!steps.empty()) s2.push_back(steps.back().target_confidence);
      }
    for (int64_t i : r.selected)
      if (r.candidates.classes[size_t(i)] == cls) s3.push_back(r.selection_scores[size_t(i)]);
    std::printf("%6lld %10zu %14.4f %14.4f %14.4f\n", static_cast<long long>(cls), s3.size(),
                mean_of(s1), mean_of(s2), mean_of(s3));
  }
  std::printf(
      "(stage2 conf: mean target confidence of the batches holding the class, last step)\n");
  std::printf("run directory: %s (image grids in %s)\n", o.out.c_str(), images.c_str());
  if (!o.evaluation.eval_model.empty()) evaluate_run(o.out, o.evaluation, device);
  return 0;
}

}  // namespace

Command add_attack(CLI::App& app) {
  auto o = std::make_shared<AttackOptions>();
  attacks::AttackConfig& c = o->config;
  c.view.size = 0;  // default: the generator's resolution
  CLI::App* sub = app.add_subcommand(
      "attack", "Plug & Play Attack (sampling, optimisation, selection) on a trained classifier");
  sub->add_option("--target", o->target, "Target model.safetensors (phantom train)")->required();
  sub->add_option("--generator", o->generator, "StyleGAN2 generator .safetensors")->required();
  sub->add_option("--out", o->out, "Run directory (rerun to resume)")->required();
  sub->add_option("--classes", o->classes, "Target classes: 'all' or e.g. 0,3,4")
      ->capture_default_str();
  sub->add_option("--seed", c.seed, "Seed of every random draw")->capture_default_str();
  add_modconv_option(sub, o->modconv);
  sub->add_option("--target-size", c.view.size, "Target input size (0: generator resolution)");
  sub->add_option("--center-crop", c.view.center_crop, "Centre crop before resizing (0: none)")
      ->capture_default_str();
  sub->add_option("--samples", c.sampling.num_samples, "Stage 1: latents sampled")
      ->capture_default_str();
  sub->add_option("--candidates", c.sampling.candidates, "Stage 1: candidates kept per class")
      ->capture_default_str();
  sub->add_option("--psi", c.sampling.psi, "Stage 1: truncation psi")->capture_default_str();
  sub->add_option("--cutoff", c.sampling.cutoff, "Stage 1: truncation cutoff (-1: all layers)")
      ->capture_default_str();
  sub->add_option("--steps", c.optimization.steps, "Stage 2: Adam steps")->capture_default_str();
  sub->add_option("--lr", c.optimization.lr, "Stage 2: learning rate")->capture_default_str();
  sub->add_option("--beta1", c.optimization.beta1, "Stage 2: Adam beta1")->capture_default_str();
  sub->add_option("--beta2", c.optimization.beta2, "Stage 2: Adam beta2")->capture_default_str();
  sub->add_option("--loss", o->loss, "Stage 2: poincare, ce, max-margin or logit")
      ->capture_default_str();
  sub->add_flag("--w-plus", o->w_plus, "Stage 2: optimise one w per synthesis layer");
  sub->add_flag("--per-sample-transforms", c.optimization.per_sample_transforms,
                "Stage 2: draw the random crop per sample (the reference draws one per batch)");
  sub->add_flag("--clip", c.optimization.clip_images, "Stage 2: clamp images to [-1, 1]");
  sub->add_option("--lr-schedule", c.optimization.lr_schedule,
                  "Stage 2: none, or cosine (annealed to 0 over the steps)")
      ->capture_default_str();
  sub->add_option("--discriminator", o->discriminator,
                  "Stage 2: the generator's discriminator .safetensors (phantom train-gan writes "
                  "discriminator.safetensors), for the discriminator term");
  sub->add_option("--discriminator-weight", c.optimization.discriminator_weight,
                  "Stage 2: weight of the discriminator term mean softplus(-D(image)); 0 = off")
      ->capture_default_str();
  sub->add_option("--batch", c.optimization.batch, "Stage 2: candidates optimised together")
      ->capture_default_str();
  sub->add_option("--rounds", c.selection.rounds, "Stage 3: random views per candidate")
      ->capture_default_str();
  sub->add_option("--keep", c.selection.keep, "Stage 3: images kept per class")
      ->capture_default_str();
  sub->add_option("--eval-model", o->evaluation.eval_model,
                  "Evaluate right after the attack with this classifier (as phantom evaluate)");
  add_evaluation_options(*sub, o->evaluation);
  add_device_option(sub, o->device);
  return {sub, [o] { return run_attack_command(*o); }};
}

}  // namespace phantom::cli
