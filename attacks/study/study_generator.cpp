#include "attacks/study/study_generator.h"

#include <algorithm>

#include "engine/data/dataset_spec.h"
#include "engine/data/splits.h"
#include "models/gan_training/gan_data.h"
#include "models/gan_training/gan_defaults.h"

namespace phantom::attacks {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The public part of the training split: the classes that are not private (class-split), or the
// public half of every class (sample-split).
data::Dataset public_data(const StudyConfig& c) {
  data::Dataset train = data::load_dataset(c.data, data::Split::Train);
  if (c.protocol == "sample-split") return data::partition_halves(train, c.seed).public_part;
  std::vector<int64_t> classes;
  for (int64_t k = 0; k < train.num_classes(); ++k)
    if (std::find(c.private_classes.begin(), c.private_classes.end(), k) == c.private_classes.end())
      classes.push_back(k);
  PHANTOM_REQUIRE(!classes.empty(),
                  "study: every class is private; the class-split protocol "
                  "leaves no public class to train the generator on");
  return data::select_classes(train, classes, /*relabel=*/false);
}

models::gan::GanTrainConfig gan_config(const StudyGanSpec& s, uint64_t seed) {
  models::gan::GanTrainConfig g = models::gan::default_gan_training();
  g.iterations = s.iterations;
  g.batch_size = s.batch_size;
  g.generator.z_dim = s.z_dim;
  g.generator.w_dim = s.w_dim;
  g.generator.synthesis.channel_base = g.discriminator.channel_base = s.channel_base;
  g.generator.synthesis.channel_max = g.discriminator.channel_max = s.channel_max;
  g.seed = seed;
  return g;
}

}  // namespace

bool shipped_generator_fits(const StudyConfig& c) {
  return c.data == "fashion-mnist" && c.protocol == "class-split" &&
         c.private_classes == std::vector<int64_t>{0, 1, 2, 3, 4};
}

std::string study_generator(const StudyConfig& c, const std::string& shipped, const fs::path& cache,
                            const StudyObserver& observer, Device device) {
  if (c.generator != "train" && (!c.generator.empty() || shipped_generator_fits(c))) {
    const std::string path = c.generator.empty() ? shipped : c.generator;
    PHANTOM_REQUIRE(fs::exists(path), path,
                    ": no StyleGAN2 generator there; train one with `phantom train-gan` and pass "
                    "it with --generator (or set generator: train)");
    return path;
  }
  models::gan::GanTrainConfig g = gan_config(c.gan, c.seed);
  data::Dataset ds = public_data(c);
  json description = {
      {"source", ds.source}, {"split", "train"}, {"protocol", c.protocol}, {"seed", c.seed}};
  description["private_classes"] = c.private_classes;
  const models::gan::GanData data =
      models::gan::make_gan_data(std::move(ds), /*mirror=*/false, description, g, "study: data");
  models::gan::validate(g);
  const fs::path dir =
      cache /
      ("generator-" + config_hash({{"gan", models::gan::to_json(g)}, {"data", data.description}}));
  const fs::path weights = dir / "generator.safetensors";
  if (!fs::exists(weights)) {
    if (observer.on_phase) observer.on_phase("generator (StyleGAN2 on the public data)");
    models::gan::GanRunOptions options;
    options.resume = fs::exists(dir / "checkpoint.safetensors");
    options.command_line = "phantom study (generator for the " + c.protocol + " protocol)";
    options.device = device;
    models::gan::train_gan(g, data, dir.string(), options, observer.gan);
  }
  return weights.string();
}

}  // namespace phantom::attacks
