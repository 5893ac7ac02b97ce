// phantom train: a classifier with label smoothing (any α <= 1; warm-up for negative α), on
// Fashion-MNIST by default. Progress bar within the epoch, one summary line per epoch, JSONL log,
// atomic checkpoints every epoch, --resume continues bit-identically.
#include <cstdio>

#include "engine/data/dataset_spec.h"
#include "models/training/augment_preset.h"
#include "models/training/trainer.h"
#include "tools/cli/commands.h"
#include "tools/cli/device_option.h"
#include "tools/render/progress.h"

namespace phantom::cli {

namespace {

struct TrainOptions {
  models::TrainConfig config;
  std::string device = "auto";
  std::string data = data::kDefaultDataset;
  std::vector<int64_t> classes;  // empty: all
  int64_t per_class = 0;         // 0: all
  std::string warm_up = "auto";
  std::string augment = "standard";
  std::string out;
  bool resume = false;
};

data::Dataset prepare(const TrainOptions& o, data::Split split) {
  return data::load_dataset_subset(o.data, split, o.classes, o.per_class, o.config.seed);
}

int run_train(TrainOptions& o) {
  models::TrainConfig& c = o.config;
  c.warm_up =
      o.warm_up == "auto" ? models::default_warm_up(c.alpha) : models::parse_warm_up(o.warm_up);
  models::validate(c);  // before loading data: a bad flag fails at once
  data::Dataset train = prepare(o, data::Split::Train), test = prepare(o, data::Split::Test);
  c.model.in_channels = train.channels();
  c.model.num_classes = train.num_classes();
  models::apply_augment_preset(o.augment, train.height(), c);
  if (o.out.empty()) {
    char name[160];
    std::snprintf(name, sizeof name, "runs/train-%s-w%lld-a%+.3g-s%llu", c.model.arch.c_str(),
                  static_cast<long long>(c.model.width), c.alpha,
                  static_cast<unsigned long long>(c.seed));
    o.out = name;
  }
  std::fprintf(
      stdout, "training %s (width %lld) on %s: %lld train / %lld test images, %lld classes -> %s\n",
      c.model.arch.c_str(), static_cast<long long>(c.model.width), train.source.c_str(),
      static_cast<long long>(train.size()), static_cast<long long>(test.size()),
      static_cast<long long>(train.num_classes()), o.out.c_str());
  std::unique_ptr<render::ProgressBar> bar;
  models::TrainObserver observer;
  observer.on_batch = [&](int64_t epoch, int64_t done, int64_t total) {
    if (done == 1)
      bar = std::make_unique<render::ProgressBar>("epoch " + std::to_string(epoch + 1), total,
                                                  "batches");
    bar->advance();
  };
  observer.on_epoch = [&](const models::EpochRecord& r) {
    bar.reset();
    std::printf(
        "epoch %3lld/%lld  alpha %+.4f  lr %.4g  loss %.4f  train acc %.4f  test acc %.4f  ECE "
        "%.4f  "
        "conf %.4f  %.0f img/s  %.1f s\n",
        static_cast<long long>(r.epoch + 1), static_cast<long long>(c.epochs), r.alpha, r.lr,
        r.train_loss, r.train_accuracy, r.test.accuracy, r.test.ece, r.test.mean_confidence,
        r.images_per_second, r.seconds);
    std::fflush(stdout);
  };
  models::train_classifier(c, train, test, o.out, o.resume, observer, resolve_device(o.device));
  std::printf("weights: %s/model.safetensors  log: %s/log.jsonl\n", o.out.c_str(), o.out.c_str());
  return 0;
}

}  // namespace

Command add_train(CLI::App& app) {
  auto o = std::make_shared<TrainOptions>();
  models::TrainConfig& c = o->config;
  c.model.arch = "resnet18-cifar";
  c.model.width = 32;
  CLI::App* sub = app.add_subcommand(
      "train", "Train a classifier with label smoothing (Fashion-MNIST by default)");
  sub->add_option("--data", o->data,
                  "Dataset: fashion-mnist, fashion-mnist:DIR, idx:DIR or folder:ROOT")
      ->capture_default_str();
  sub->add_option("--classes", o->classes, "Keep only these classes (relabelled 0..k-1)")
      ->delimiter(',');
  sub->add_option("--per-class", o->per_class, "Training images per class (0 = all)")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--arch", c.model.arch,
                  "Architecture (resnet18..152, with -cifar; vgg11-bn..vgg19-bn)")
      ->capture_default_str();
  sub->add_option("--width", c.model.width, "First-stage channels (64 = torchvision)")
      ->capture_default_str();
  sub->add_option("--alpha", c.alpha, "Label smoothing alpha (<= 1; negative = negative LS)")
      ->capture_default_str();
  sub->add_option("--warm-up", o->warm_up,
                  "auto (reference for alpha < 0), none, reference or smooth")
      ->capture_default_str();
  sub->add_option("--optimizer", c.optimizer, "sgd, adam or adamw")->capture_default_str();
  sub->add_option("--lr", c.lr, "Learning rate")->capture_default_str();
  sub->add_option("--momentum", c.momentum, "SGD momentum")->capture_default_str();
  sub->add_flag("--nesterov", c.nesterov, "Nesterov momentum");
  sub->add_option("--weight-decay", c.weight_decay, "Weight decay")->capture_default_str();
  sub->add_option("--lr-schedule", c.lr_schedule, "none, cosine or multistep")
      ->capture_default_str();
  sub->add_option("--milestones", c.milestones, "Multistep milestones as fractions of the epochs")
      ->delimiter(',');
  sub->add_option("--epochs", c.epochs, "Epochs")->capture_default_str();
  sub->add_option("--batch-size", c.batch_size, "Batch size")->capture_default_str();
  sub->add_option("--seed", c.seed, "Seed for initialisation, shuffling and augmentation")
      ->capture_default_str();
  sub->add_option("--augment", o->augment, "none or standard (random resized crop 0.85-1 + flip)")
      ->capture_default_str();
  sub->add_option("--out", o->out,
                  "Run directory (default runs/train-<arch>-w<width>-a<alpha>-s<seed>)");
  sub->add_flag("--resume", o->resume, "Continue the run in --out from its last checkpoint");
  add_device_option(sub, o->device);
  return {sub, [o] { return run_train(*o); }};
}

}  // namespace phantom::cli
