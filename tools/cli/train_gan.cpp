// phantom train-gan: a StyleGAN2 generator trained from scratch (non-saturating logistic loss,
// lazy R1, G_ema) on a class subset of a dataset — by default Fashion-MNIST classes 5-9 (the
// public half of the paper's split), 28x28 padded to 32x32 grey, in [-1, 1]. Defaults are sized
// for a few thousand iterations on two CPU cores (docs/gan-training.md has the measurements).
#include <algorithm>
#include <cstdio>

#include "attacks/metrics/feature_extraction.h"
#include "attacks/metrics/feature_matrix.h"
#include "attacks/metrics/fid.h"
#include "engine/autograd/node.h"
#include "engine/data/dataset_spec.h"
#include "engine/data/splits.h"
#include "engine/ops/shape_ops.h"
#include "models/gan_training/gan_data.h"
#include "models/gan_training/gan_defaults.h"
#include "models/gan_training/gan_trainer.h"
#include "models/stylegan2/discriminator_file.h"
#include "models/training/trainer.h"
#include "tools/cli/commands.h"
#include "tools/cli/device_option.h"
#include "tools/render/progress.h"

namespace phantom::cli {

namespace {

struct TrainGanOptions {
  models::gan::GanTrainConfig config;
  models::gan::GanRunOptions run;
  std::string data = data::kDefaultDataset;
  std::vector<int64_t> classes{5, 6, 7, 8, 9};
  int64_t per_class = 0;
  bool mirror = false;
  double minutes = 0;
  std::string g_arch = "skip", d_arch = "resnet";
  std::string diff_augment = "none";
  std::string fid_classifier;
  std::string out = "runs/gan";
  std::string device = "auto";
  CLI::App* sub = nullptr;
};

namespace sg2 = models::stylegan2;

// The domain FID of generated images against 1,000 of the real training images, both through the
// penultimate features of a classifier trained by `phantom train` on images of this resolution.
models::gan::ImageMetric domain_fid(const std::string& classifier_path, const data::Dataset& real,
                                    int64_t resolution, uint64_t seed) {
  const models::TrainedClassifier trained = models::load_trained_classifier(classifier_path);
  const models::TrainConfig& config = trained.config;
  const std::shared_ptr<models::Classifier> model = trained.model;
  const data::Pipeline pipeline = data::build_pipeline(config.test_transform);
  // Real and generated images must reach the classifier alike: same channels, and the real ones
  // brought to the generator's resolution by the classifier's own test preprocessing.
  Generator unused(0);
  const Tensor probe = pipeline.apply(
      slice(real.images, 0, 0, 1).view_as_shape({real.channels(), real.height(), real.width()}),
      unused);
  PHANTOM_REQUIRE(config.model.in_channels == real.channels() && probe.size(1) == resolution &&
                      probe.size(2) == resolution,
                  "--fid-classifier: ", classifier_path, " sees ", config.model.in_channels, "x",
                  probe.size(1), "x", probe.size(2), " images after its test preprocessing; the ",
                  "generator makes ", real.channels(), "x", resolution, "x", resolution);
  const data::Dataset sample =
      data::limit_per_class(real, std::max<int64_t>(1, 1000 / real.num_classes()), seed);
  // The real side's Gaussian is fixed: fit it once, not at every FID.
  const attacks::GaussianStats real_stats = attacks::gaussian_stats(
      attacks::feature_matrix(
          attacks::extract_features_and_logits(*model, sample, pipeline).features,
          "real image features"),
      "real image features");
  return [model, real_stats, resolution](const Tensor& images) {
    PHANTOM_CHECK(images.size(2) == resolution, "FID images of the generator's resolution");
    NoGradGuard no_grad;
    model->eval();
    std::vector<Tensor> parts;
    for (int64_t b = 0; b < images.size(0); b += 256)
      parts.push_back(model->features(slice(images, 0, b, std::min(images.size(0), b + 256))));
    return attacks::frechet_distance(
        real_stats, attacks::gaussian_stats(
                        attacks::feature_matrix(concat(parts, 0), "generated image features"),
                        "generated image features"));
  };
}

int run_train_gan(TrainGanOptions& o) {
  models::gan::GanTrainConfig& c = o.config;
  c.generator.synthesis.architecture = sg2::parse_architecture_name(o.g_arch, "--g-arch");
  c.discriminator.architecture = sg2::parse_discriminator_architecture(o.d_arch, "--d-arch");
  c.augment = models::gan::parse_diff_augment(o.diff_augment, "--diffaugment");
  c.discriminator.channel_base = c.generator.synthesis.channel_base;
  c.discriminator.channel_max = c.generator.synthesis.channel_max;
  data::Dataset ds =
      data::load_dataset_subset(o.data, data::Split::Train, o.classes, o.per_class, c.seed);
  const int64_t resolution = models::gan::gan_resolution(ds, "--data");
  if (!o.fid_classifier.empty()) o.run.fid = domain_fid(o.fid_classifier, ds, resolution, c.seed);
  const int64_t images = ds.size();
  nlohmann::json description = {{"source", ds.source},
                                {"split", "train"},
                                {"classes", o.classes},
                                {"per_class", o.per_class}};
  const models::gan::GanData gan_data =
      models::gan::make_gan_data(std::move(ds), o.mirror, std::move(description), c, "--data");
  models::gan::validate(c);
  o.run.max_seconds = o.minutes * 60;
  o.run.device = resolve_device(o.device);
  o.run.command_line = "phantom train-gan\n" + o.sub->config_to_str(true, false);

  std::printf(
      "training a %lldx%lld StyleGAN2 (z %lld, w %lld, channels %lld..%lld) on %lld images "
      "for %lld iterations%s -> %s\n",
      static_cast<long long>(resolution), static_cast<long long>(resolution),
      static_cast<long long>(c.generator.z_dim), static_cast<long long>(c.generator.w_dim),
      static_cast<long long>(c.generator.channels(resolution)),
      static_cast<long long>(c.generator.channels(4)), static_cast<long long>(images),
      static_cast<long long>(c.iterations),
      o.minutes > 0 ? (" or " + std::to_string(o.minutes) + " minutes").c_str() : "",
      o.out.c_str());
  std::unique_ptr<render::ProgressBar> bar;
  models::gan::GanObserver observer;
  observer.on_iteration = [&](int64_t done, int64_t total) {
    // A resumed run starts counting at its first new iteration.
    if (!bar) bar = std::make_unique<render::ProgressBar>("train-gan", total - done + 1, "it");
    bar->advance();
  };
  models::gan::GanTrainResult r = models::gan::train_gan(c, gan_data, o.out, o.run, observer);
  bar.reset();
  std::printf("%lld iterations in %.0f s; G_ema: %s/generator.safetensors  samples: %s/samples/\n",
              static_cast<long long>(r.iterations_done), r.seconds, o.out.c_str(), o.out.c_str());
  return 0;
}

}  // namespace

Command add_train_gan(CLI::App& app) {
  auto o = std::make_shared<TrainGanOptions>();
  models::gan::GanTrainConfig& c = o->config;
  c = models::gan::default_gan_training();
  sg2::GeneratorConfig& g = c.generator;
  CLI::App* sub = app.add_subcommand(
      "train-gan", "Train a StyleGAN2 generator (Fashion-MNIST classes 5-9 by default)");
  o->sub = sub;
  sub->add_option("--data", o->data,
                  "Dataset: fashion-mnist, fashion-mnist:DIR, idx:DIR or folder:ROOT")
      ->capture_default_str();
  sub->add_option("--classes", o->classes, "Classes to train on (empty: all)")
      ->delimiter(',')
      ->capture_default_str();
  sub->add_option("--per-class", o->per_class, "Images per class (0 = all)")
      ->check(CLI::NonNegativeNumber);
  sub->add_flag("--mirror", o->mirror, "Random horizontal flips of the reals");
  sub->add_option("--diffaugment", o->diff_augment,
                  "Differentiable augmentation of every image D sees: none, or any of "
                  "color,translation,cutout")
      ->capture_default_str();
  sub->add_option("--iterations", c.iterations, "G and D steps")->capture_default_str();
  sub->add_option("--minutes", o->minutes, "Stop after this much wall time (0: no limit)")
      ->capture_default_str();
  sub->add_option("--batch-size", c.batch_size, "Minibatch size")->capture_default_str();
  sub->add_option("--z-dim", g.z_dim, "Latent z size")->capture_default_str();
  sub->add_option("--w-dim", g.w_dim, "Intermediate latent w size")->capture_default_str();
  sub->add_option("--map-layers", g.mapping.num_layers, "Mapping network layers")
      ->capture_default_str();
  sub->add_option("--channel-base", g.synthesis.channel_base,
                  "Channels at resolution r: min(base / r, max), G and D")
      ->capture_default_str();
  sub->add_option("--channel-max", g.synthesis.channel_max, "Channel cap, G and D")
      ->capture_default_str();
  sub->add_option("--g-arch", o->g_arch, "Generator: orig, skip or resnet")->capture_default_str();
  sub->add_option("--d-arch", o->d_arch, "Discriminator: orig or resnet")->capture_default_str();
  sub->add_option("--mbstd-group", c.discriminator.mbstd_group_size, "Minibatch-std group size")
      ->capture_default_str();
  sub->add_option("--g-lr", c.g_lr, "Generator Adam lr")->capture_default_str();
  sub->add_option("--d-lr", c.d_lr, "Discriminator Adam lr")->capture_default_str();
  sub->add_option("--r1-gamma", c.r1_gamma, "R1 weight gamma (0: off)")->capture_default_str();
  sub->add_option("--r1-interval", c.r1_interval, "Lazy R1 every N D steps")->capture_default_str();
  sub->add_option("--ema-kimg", c.ema_kimg, "G_ema half-life in thousands of images")
      ->capture_default_str();
  sub->add_option("--seed", c.seed, "Seed for initialisation, latents, noise and data order")
      ->capture_default_str();
  sub->add_option("--sample-every", c.sample_every, "Iterations between sample grids")
      ->capture_default_str();
  sub->add_option("--checkpoint-every", c.checkpoint_every, "Iterations between checkpoints")
      ->capture_default_str();
  sub->add_option(
      "--fid-classifier", o->fid_classifier,
      "model.safetensors of `phantom train` (same image size) for a domain FID in the log");
  sub->add_option("--fid-every", o->run.fid_every,
                  "Iterations between domain FIDs (0: only at the end)")
      ->capture_default_str();
  sub->add_option("--out", o->out, "Run directory")->capture_default_str();
  add_device_option(sub, o->device);
  sub->add_flag("--resume", o->run.resume, "Continue the run in --out from its checkpoint");
  return {sub, [o] { return run_train_gan(*o); }};
}

}  // namespace phantom::cli
