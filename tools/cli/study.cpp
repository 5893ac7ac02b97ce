// phantom study: the label-smoothing privacy study end to end (attacks/study/study.h) and its HTML
// report. Configuration: the built-in defaults, then --config (YAML or JSON), then flags; the
// effective configuration and a manifest go into the run directory. Everything expensive is
// cached there, so rerunning reuses it and a killed study resumes; --fresh starts over.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "attacks/metrics/metrics_table.h"
#include "attacks/ppa/stylegan2_prior.h"
#include "attacks/study/seed_pooling.h"
#include "attacks/study/study.h"
#include "engine/io/atomic_file.h"
#include "kernels/conv.h"
#include "tools/cli/commands.h"
#include "tools/cli/device_option.h"
#include "tools/render/progress.h"
#include "tools/render/stage_bars.h"
#include "tools/report/study_report.h"

namespace phantom::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Where `make study` finds the generator shipped with phantom.
constexpr const char* kShippedGenerator =
    PHANTOM_SOURCE_DIR "/models/weights/stylegan2-fashion-mnist-32.safetensors";

struct StudyOptions {
  std::string config_file, out = "runs/study", sweep, scale = "default";
  bool fresh = false;
  // Flag overrides (applied when given).
  std::vector<double> alphas;
  int64_t train_per_class = -1;
  int64_t seed = -1;
  std::string generator, protocol;
  std::string device = "auto";
};

// The reference attack sizes (protocol.md §3) for --scale paper.
void apply_paper_scale(attacks::StudyConfig& c) {
  const attacks::AttackConfig reference;
  c.attack.sampling = reference.sampling;
  c.attack.optimization = reference.optimization;
  c.attack.selection = reference.selection;
}

attacks::StudyConfig effective_config(const StudyOptions& o) {
  attacks::StudyConfig c;
  if (!o.config_file.empty())
    c = attacks::study_config_from_json(attacks::read_yaml_or_json(o.config_file), o.config_file);
  PHANTOM_REQUIRE(o.scale == "default" || o.scale == "paper",
                  "--scale: expected default or paper, found '", o.scale, "'");
  if (o.scale == "paper") apply_paper_scale(c);
  if (!o.alphas.empty()) c.alphas = o.alphas;
  if (o.train_per_class >= 0) c.train_per_class = o.train_per_class;
  if (o.seed >= 0) c.seed = static_cast<uint64_t>(o.seed);
  if (!o.generator.empty()) c.generator = o.generator;
  if (!o.protocol.empty()) c.protocol = o.protocol;
  attacks::validate(c);
  return c;
}

// Prints phases and shows progress bars for training batches and attack stages.
attacks::StudyObserver console_observer(std::unique_ptr<render::ProgressBar>& bar,
                                        render::StageBars& stages) {
  attacks::StudyObserver ob;
  ob.on_phase = [&](const std::string& what) {
    bar.reset();
    stages.finish();
    std::printf("== %s\n", what.c_str());
    std::fflush(stdout);
  };
  ob.training.on_batch = [&](int64_t epoch, int64_t d, int64_t total) {
    if (d == 1)
      bar = std::make_unique<render::ProgressBar>("epoch " + std::to_string(epoch + 1), total,
                                                  "batches");
    bar->advance();
  };
  ob.training.on_epoch = [&](const models::EpochRecord& r) {
    bar.reset();
    std::printf("   epoch %lld: alpha %+.4f loss %.4f test acc %.4f ECE %.4f (%.0f img/s)\n",
                static_cast<long long>(r.epoch + 1), r.alpha, r.train_loss, r.test.accuracy,
                r.test.ece, r.images_per_second);
    std::fflush(stdout);
  };
  ob.gan.on_iteration = [&](int64_t done, int64_t total) {
    // A resumed training starts counting at its first new iteration.
    if (!bar) bar = std::make_unique<render::ProgressBar>("generator", total - done + 1, "it");
    bar->advance();
  };
  ob.attack = std::ref(stages);
  return ob;
}

// The seed sweep's pooled table on the console.
void print_pooled(const attacks::SeedPooling& p) {
  std::printf("\npooled over %zu seeds x %lld classes:\n%8s %22s %22s %24s %10s\n", p.seeds.size(),
              static_cast<long long>(p.classes), "alpha", "attack top-1 [95%]", "delta_eval [95%]",
              "top-1 minus alpha 0 [95%]", "units +/=/-");
  for (const attacks::PooledAlpha& a : p.alphas) {
    std::printf("%+8.3f %8.3f [%.3f, %.3f] %8.2f [%.2f, %.2f]", a.alpha, a.top1.mean, a.top1.lower,
                a.top1.upper, a.delta_eval.mean, a.delta_eval.lower, a.delta_eval.upper);
    if (const auto& d = a.against_baseline)
      std::printf(" %+9.3f [%+.3f, %+.3f] %4lld/%lld/%lld", d->top1.mean, d->top1.lower,
                  d->top1.upper, static_cast<long long>(d->higher),
                  static_cast<long long>(d->equal), static_cast<long long>(d->lower));
    std::printf("\n");
  }
}

int run_study_command(const StudyOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  const attacks::StudyConfig config = effective_config(o);
  const Device device = resolve_device(o.device);
  const fs::path run = o.out;
  if (o.fresh) fs::remove_all(run / "cache");
  fs::create_directories(run);
  write_file_atomically((run / "config.json").string(), attacks::to_json(config).dump(2) + "\n");

  std::unique_ptr<render::ProgressBar> bar;
  render::StageBars stages("", "img");
  const attacks::StudyObserver observer = console_observer(bar, stages);

  // One study per sweep point (train-size: per training-set size; seed: per seed), else one.
  std::vector<attacks::StudyConfig> variants{config};
  if (!o.sweep.empty()) {
    PHANTOM_REQUIRE(o.sweep == "train-size" || o.sweep == "seed",
                    "--sweep: expected train-size or seed, found '", o.sweep, "'");
    variants.clear();
    if (o.sweep == "train-size")
      for (int64_t size : config.sweep_train_sizes) {
        variants.push_back(config);
        variants.back().train_per_class = size;
      }
    else
      for (uint64_t seed : config.sweep_seeds) {
        variants.push_back(config);
        variants.back().seed = seed;
      }
  }
  std::vector<attacks::StudyResult> results;
  for (const attacks::StudyConfig& c : variants) {
    if (o.sweep == "train-size")
      std::printf("==== training-set size: %s\n",
                  c.train_per_class > 0 ? (std::to_string(c.train_per_class) + " per class").c_str()
                                        : "all");
    if (o.sweep == "seed") std::printf("==== seed %llu\n", static_cast<unsigned long long>(c.seed));
    results.push_back(attacks::run_study(c, kShippedGenerator, run, observer, device));
  }
  bar.reset();
  stages.finish();

  // The report shows the first study of a sweep in full.
  const attacks::StudyResult& main = results.front();
  attacks::StyleGan2Prior prior(models::stylegan2::load_generator(main.generator),
                                main.config.attack.fused_modconv);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  json manifest = {
      {"config", attacks::to_json(config)},
      {"seed", main.config.seed},  // of the study shown in full (a sweep's first)
      {"sweep", o.sweep.empty() ? "none" : o.sweep},
      {"generator", main.generator},
      {"build", PHANTOM_BUILD_TYPE},
      {"cpu_conv", kernels::cpu::conv_algorithm_name()},
      {"device",
       device.is_cpu()
           ? "cpu, " + std::to_string(std::thread::hardware_concurrency()) + " hardware threads"
           : device.str() + " (" + kernels::cuda::device_name(device.index) + ")"},
      {"wall_seconds", seconds},
      {"phase_seconds", main.phase_seconds}};
  attacks::write_json_file((run / "manifest.json").string(), manifest);
  report::ReportInputs inputs{&main, &prior, manifest, {}, std::nullopt};
  if (o.sweep == "train-size")
    for (const attacks::StudyResult& r : results)
      inputs.sweep.push_back({r.config.train_per_class, &r});
  if (o.sweep == "seed") {
    std::vector<const attacks::StudyResult*> studies;
    for (const attacks::StudyResult& r : results) studies.push_back(&r);
    inputs.seeds = attacks::pool_seeds(studies, {.resamples = config.bootstrap_resamples});
    attacks::write_json_file((run / "seed_pooling.json").string(), to_json(*inputs.seeds));
  }
  report::write_study_report((run / "report.html").string(), inputs);

  std::printf("\n%8s %10s %8s %22s %10s\n", "alpha", "test acc", "ECE", "attack top-1 [95%]",
              "delta_eval");
  for (const attacks::AlphaResult& r : main.alphas) {
    const json& a = r.metrics.at("accuracy_top1");
    std::printf("%+8.3f %10.4f %8.4f %8.3f [%.3f, %.3f] %10.2f\n", r.alpha, r.target.test_accuracy,
                r.target.ece, a.at("overall").get<double>(), a.at("ci_lower").get<double>(),
                a.at("ci_upper").get<double>(),
                r.metrics.at("delta_eval").at("overall").get<double>());
  }
  if (inputs.seeds) print_pooled(*inputs.seeds);
  std::printf("\nreport: %s (%s)\n", (run / "report.html").c_str(),
              render::format_duration(seconds).c_str());
  return 0;
}

}  // namespace

Command add_study(CLI::App& app) {
  auto o = std::make_shared<StudyOptions>();
  CLI::App* sub = app.add_subcommand(
      "study", "The label-smoothing privacy study end to end, with an HTML report");
  sub->add_option("--config", o->config_file, "Study configuration (YAML or JSON)");
  sub->add_option("--out", o->out, "Run directory (cache, report.html)")->capture_default_str();
  sub->add_flag("--fresh", o->fresh, "Recompute everything instead of reusing the cache");
  sub->add_option("--sweep", o->sweep,
                  "train-size: repeat for each of sweep_train_sizes; seed: for each of "
                  "sweep_seeds, pooled");
  sub->add_option("--scale", o->scale, "default, or paper (the reference attack sizes)")
      ->capture_default_str();
  sub->add_option("--alphas", o->alphas, "Label smoothing values, e.g. 0.1,0,-0.05")
      ->delimiter(',');
  sub->add_option("--train-per-class", o->train_per_class, "Private training images per class");
  sub->add_option("--seed", o->seed, "Seed of the whole study");
  sub->add_option("--generator", o->generator,
                  "StyleGAN2 weights, or train (default: the shipped one when it fits the "
                  "protocol, else one trained on the public data)");
  sub->add_option("--protocol", o->protocol, "class-split or sample-split");
  add_device_option(sub, o->device);
  return {sub, [o] { return run_study_command(*o); }};
}

}  // namespace phantom::cli
