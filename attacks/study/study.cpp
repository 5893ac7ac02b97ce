#include "attacks/study/study.h"

#include <chrono>
#include <fstream>

#include "attacks/evaluation/attack_evaluation.h"
#include "attacks/ppa/attack_config_json.h"
#include "attacks/ppa/stylegan2_prior.h"
#include "attacks/study/study_generator.h"
#include "engine/data/dataset_spec.h"
#include "engine/data/splits.h"
#include "engine/io/sha256.h"
#include "models/training/augment_preset.h"

namespace phantom::attacks {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int64_t kKnowledgeTestPerClass = 200;

struct StudyData {
  data::Dataset train, test;  // private part, labels 0..k-1 in private_classes order
  json identity;              // what selected it (part of every model's cache key)
};

StudyData load_study_data(const StudyConfig& c) {
  StudyData d;
  data::Dataset train = data::load_dataset(c.data, data::Split::Train);
  data::Dataset test = data::load_dataset(c.data, data::Split::Test);
  if (c.protocol == "sample-split") train = data::partition_halves(train, c.seed).private_part;
  d.train = data::select_classes(train, c.private_classes, /*relabel=*/true);
  d.test = data::select_classes(test, c.private_classes, /*relabel=*/true);
  if (c.train_per_class > 0) d.train = data::limit_per_class(d.train, c.train_per_class, c.seed);
  d.identity = {{"data", c.data},
                {"protocol", c.protocol},
                {"private_classes", c.private_classes},
                {"train_per_class", c.train_per_class},
                {"seed", c.seed},
                {"train_images", d.train.size()}};
  return d;
}

models::TrainConfig train_config(const ClassifierSpec& s, double alpha, const StudyConfig& c,
                                 const StudyData& d) {
  models::TrainConfig t;
  t.model.arch = s.arch;
  t.model.width = s.width;
  t.model.in_channels = d.train.channels();
  t.model.num_classes = d.train.num_classes();
  t.alpha = alpha;
  t.warm_up = alpha < 0 ? models::parse_warm_up(c.warm_up, "study: warm_up") : models::WarmUp::None;
  t.optimizer = s.optimizer;
  t.lr = s.lr;
  t.weight_decay = s.weight_decay;
  t.lr_schedule = s.lr_schedule;
  t.epochs = s.epochs;
  t.batch_size = s.batch_size;
  t.seed = c.seed;
  models::apply_augment_preset(s.augment, d.train.height(), t);
  return t;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Trains into cache/<kind>-<hash> unless a finished run is there; resumes an unfinished one.
TrainedModel train_cached(const fs::path& cache, const std::string& kind,
                          const models::TrainConfig& config, const StudyData& d,
                          const StudyObserver& observer, const std::string& phase, Device device) {
  TrainedModel m;
  m.dir = cache / (kind + "-" + config_hash({{"train", to_json(config)}, {"data", d.identity}}));
  if (!fs::exists(m.dir / "model.safetensors")) {
    if (observer.on_phase) observer.on_phase(phase);
    const auto start = std::chrono::steady_clock::now();
    models::train_classifier(config, d.train, d.test, m.dir.string(),
                             fs::exists(m.dir / "checkpoint.safetensors"), observer.training,
                             device);
    m.seconds = seconds_since(start);
  }
  std::ifstream log(m.dir / "log.jsonl");
  std::string line, last;
  while (std::getline(log, line))
    if (!line.empty()) last = line;
  PHANTOM_REQUIRE(!last.empty(), (m.dir / "log.jsonl").string(), ": no epoch recorded");
  const json r = json::parse(last);
  m.test_accuracy = r.at("test_accuracy");
  m.ece = r.at("test_ece");
  m.mean_confidence = r.at("test_mean_confidence");
  return m;
}

json file_identity(const fs::path& path) {
  return {{"path", path.string()}, {"sha256", io::sha256_file_hex(path.string())}};
}

// The classifier a finished training wrote, on `device`.
std::shared_ptr<models::Classifier> load_on(const TrainedModel& m, Device device) {
  auto [config, model] = models::load_trained_classifier((m.dir / "model.safetensors").string());
  model->to(device);
  return model;
}

}  // namespace

StudyResult run_study(const StudyConfig& config, const std::string& shipped_generator,
                      const fs::path& run_dir, const StudyObserver& observer, Device device) {
  validate(config);
  StudyResult result;
  result.config = config;
  const fs::path cache = run_dir / "cache";
  fs::create_directories(cache);
  auto phase = [&](const std::string& what) {
    if (observer.on_phase) observer.on_phase(what);
  };
  auto timed = [&](const std::string& name, auto&& work) {
    const auto start = std::chrono::steady_clock::now();
    work();
    result.phase_seconds[name] = result.phase_seconds.value(name, 0.0) + seconds_since(start);
  };

  StudyData d;
  timed("data", [&] { d = load_study_data(config); });
  timed("generator", [&] {
    result.generator = study_generator(config, shipped_generator, cache, observer, device);
  });
  const std::string& generator = result.generator;
  result.class_names = d.train.class_names;
  auto generator_model = models::stylegan2::load_generator(generator);
  generator_model->to(device);
  StyleGan2Prior prior(generator_model, config.attack.fused_modconv);
  const int64_t resolution = prior.generator().config().img_resolution;
  // The student is tested after every epoch; 200 test images per class keep that cheap.
  const PrivateData private_data{
      padded_to(d.train, resolution),
      padded_to(data::limit_per_class(d.test, kKnowledgeTestPerClass, config.seed), resolution)};
  result.private_train = private_data.train;

  timed("training", [&] {
    result.evaluation =
        train_cached(cache, "evaluation", train_config(config.evaluation, 0.0, config, d), d,
                     observer, "evaluation model (" + config.evaluation.arch + ")", device);
  });
  const auto evaluator = load_on(result.evaluation, device);
  // Hashed once: every α's attack and metrics keys name them.
  const json generator_identity = file_identity(generator);
  const std::string evaluation_sha256 =
      io::sha256_file_hex((result.evaluation.dir / "model.safetensors").string());

  AttackConfig attack = config.attack;
  attack.target_classes.clear();
  for (int64_t c = 0; c < d.train.num_classes(); ++c) attack.target_classes.push_back(c);
  attack.view.size = resolution;
  attack.seed = config.seed;
  for (double alpha : config.alphas) {
    AlphaResult r;
    r.alpha = alpha;
    char label[32];
    std::snprintf(label, sizeof label, "%+.3g", alpha);
    timed("training", [&] {
      r.target = train_cached(
          cache, "target", train_config(config.target, alpha, config, d), d, observer,
          std::string("target α = ") + label + " (" + config.target.arch + ")", device);
    });
    const auto target = load_on(r.target, device);
    const json identity = {{"target", file_identity(r.target.dir / "model.safetensors")},
                           {"generator", generator_identity}};
    r.attack_dir = cache / ("attack-" + config_hash({{"attack", to_json(attack)},
                                                     {"identity", identity_content(identity)}}));
    if (!fs::exists(r.attack_dir / "stage3.safetensors"))
      phase(std::string("attack on α = ") + label);
    AttackOutcome outcome;
    timed("attack", [&] {
      outcome = run_attack(prior, *target, attack, r.attack_dir, identity, observer.attack);
    });

    const json eval_key = {{"evaluation_model_sha256", evaluation_sha256},
                           {"knowledge_epochs", config.knowledge_epochs},
                           {"knowledge_batch", 16},
                           {"knowledge_test_per_class", kKnowledgeTestPerClass},
                           {"bootstrap", config.bootstrap_resamples},
                           {"seed", config.seed}};
    const std::string key = config_hash(eval_key);
    const fs::path metrics_path = r.attack_dir / "metrics.json";
    if (fs::exists(metrics_path)) r.metrics = json::parse(std::ifstream(metrics_path));
    if (!r.metrics.is_object() || r.metrics.value("cache_key", "") != key) {
      phase(std::string("metrics for α = ") + label);
      timed("evaluation", [&] {
        EvaluationOptions options;
        options.knowledge.epochs = config.knowledge_epochs;
        options.knowledge.batch_size = 16;
        options.knowledge.width = config.target.width;
        options.knowledge.seed = config.seed;
        options.knowledge.device = device;
        options.bootstrap.resamples = config.bootstrap_resamples;
        options.bootstrap.seed = config.seed;
        const AttackEvaluation ev =
            evaluate_attack(prior, outcome, *target, *evaluator, private_data, options,
                            r.attack_dir / "knowledge_student");
        save_evaluation(r.attack_dir, ev, private_data.train.class_names, {{"cache_key", key}});
        r.metrics = json::parse(std::ifstream(metrics_path));
      });
    }
    result.alphas.push_back(std::move(r));
  }
  return result;
}

}  // namespace phantom::attacks
