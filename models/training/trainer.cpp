#include "models/training/trainer.h"

#include <chrono>
#include <cmath>
#include <filesystem>

#include "engine/data/loader.h"
#include "engine/data/transform_config.h"
#include "engine/io/atomic_file.h"
#include "engine/io/safetensors.h"
#include "engine/ops/losses.h"
#include "engine/optim/adam.h"
#include "engine/optim/lr_schedule.h"
#include "engine/optim/sgd.h"
#include "kernels/conv.h"
#include "models/training/evaluate.h"
#include "models/training/smoothing_schedule.h"

namespace phantom::models {

namespace {

constexpr uint64_t kModelInitStream = 1;  // the loader keys its own streams from the same seed
constexpr const char* kCheckpointFormat = "phantom-train-checkpoint-v1";

std::unique_ptr<optim::Optimizer> make_optimizer(const TrainConfig& c, std::vector<Tensor> params) {
  if (c.optimizer == "sgd")
    return std::make_unique<optim::SGD>(std::move(params),
                                        optim::SGDOptions{.lr = c.lr,
                                                          .momentum = c.momentum,
                                                          .weight_decay = c.weight_decay,
                                                          .nesterov = c.nesterov});
  optim::AdamOptions o{
      .lr = c.lr, .beta1 = c.beta1, .beta2 = c.beta2, .weight_decay = c.weight_decay};
  if (c.optimizer == "adamw")
    return std::make_unique<optim::AdamW>(
        std::vector<optim::ParamGroup>{{.params = std::move(params)}}, o);
  return std::make_unique<optim::Adam>(std::move(params), o);
}

std::unique_ptr<optim::LRSchedule> make_schedule(const TrainConfig& c) {
  if (c.lr_schedule == "cosine") return std::make_unique<optim::CosineAnnealingLR>(c.epochs);
  if (c.lr_schedule == "multistep") {
    std::vector<int64_t> epochs;
    for (double m : c.milestones)
      epochs.push_back(static_cast<int64_t>(std::lround(m * static_cast<double>(c.epochs))));
    return std::make_unique<optim::MultiStepLR>(epochs, c.gamma);
  }
  return nullptr;
}

std::string path_in(const std::string& dir, const char* name) {
  return (std::filesystem::path(dir) / name).string();
}

void write_log(const std::string& run_dir, const std::vector<EpochRecord>& history) {
  std::string text;
  for (const EpochRecord& r : history) text += to_json(r).dump() + "\n";
  write_file_atomically(path_in(run_dir, "log.jsonl"), text);
}

void write_checkpoint(const std::string& path, const TrainConfig& config, Classifier& model,
                      const optim::Optimizer& optimizer, const std::vector<EpochRecord>& history) {
  std::map<std::string, Tensor> tensors;
  for (const auto& [name, t] : model.state_dict()) tensors["model." + name] = t;
  for (const auto& [name, t] : optimizer.state_dict()) tensors["optim." + name] = t;
  nlohmann::json log = nlohmann::json::array();
  for (const EpochRecord& r : history) log.push_back(to_json(r));
  write_safetensors(path, tensors,
                    {{"format", kCheckpointFormat},
                     {"config", to_json(config).dump()},
                     {"epochs_done", std::to_string(history.size())},
                     {"log", log.dump()}});
}

EpochRecord record_from_json(const nlohmann::json& j) {
  EpochRecord r;
  r.epoch = j.at("epoch"), r.alpha = j.at("alpha"), r.lr = j.at("lr");
  r.train_loss = j.at("train_loss"), r.train_accuracy = j.at("train_accuracy");
  r.test.accuracy = j.at("test_accuracy"), r.test.ece = j.at("test_ece");
  r.test.mean_confidence = j.at("test_mean_confidence"), r.test.count = j.at("test_count");
  r.seconds = j.at("seconds"), r.images_per_second = j.at("images_per_second");
  return r;
}

// Restores model and optimizer from the checkpoint; returns the epochs already done.
std::vector<EpochRecord> restore(const std::string& path, const TrainConfig& config,
                                 Classifier& model, optim::Optimizer& optimizer) {
  PHANTOM_REQUIRE(std::filesystem::exists(path), "--resume: no checkpoint at ", path);
  SafetensorsFile file = read_safetensors(path);
  auto meta = [&](const char* key) {
    auto it = file.metadata.find(key);
    PHANTOM_REQUIRE(it != file.metadata.end(), path, ": not a phantom training checkpoint (no '",
                    key, "' metadata)");
    return it->second;
  };
  PHANTOM_REQUIRE(meta("format") == kCheckpointFormat, path, ": unknown checkpoint format '",
                  meta("format"), "'");
  PHANTOM_REQUIRE(
      nlohmann::json::parse(meta("config")) == to_json(config), path,
      ": the checkpoint was written with a different configuration; resume with the same flags "
      "(or start a new run directory)");
  std::map<std::string, Tensor> model_state, optim_state;
  for (const auto& [name, t] : file.tensors) {
    if (name.rfind("model.", 0) == 0) model_state[name.substr(6)] = t;
    if (name.rfind("optim.", 0) == 0) optim_state[name.substr(6)] = t;
  }
  model.load_state_dict(model_state);
  optimizer.load_state_dict(optim_state);
  std::vector<EpochRecord> history;
  for (const auto& j : nlohmann::json::parse(meta("log"))) history.push_back(record_from_json(j));
  return history;
}

}  // namespace

nlohmann::json to_json(const EpochRecord& r) {
  return {{"epoch", r.epoch},
          {"alpha", r.alpha},
          {"lr", r.lr},
          {"train_loss", r.train_loss},
          {"train_accuracy", r.train_accuracy},
          {"test_accuracy", r.test.accuracy},
          {"test_ece", r.test.ece},
          {"test_mean_confidence", r.test.mean_confidence},
          {"test_count", r.test.count},
          {"seconds", r.seconds},
          {"images_per_second", r.images_per_second}};
}

TrainResult train_classifier(const TrainConfig& config, const data::Dataset& train,
                             const data::Dataset& test, const std::string& run_dir, bool resume,
                             const TrainObserver& observer, Device device) {
  validate(config);
  PHANTOM_REQUIRE(train.channels() == config.model.in_channels, "training data has ",
                  train.channels(), " channels but the model expects ", config.model.in_channels);
  std::filesystem::create_directories(run_dir);
  Generator init(config.seed, kModelInitStream);
  TrainResult result{make_classifier(config.model, init), {}};
  Classifier& model = *result.model;
  model.to(device);  // before the optimizer takes the parameters
  std::unique_ptr<optim::Optimizer> optimizer = make_optimizer(config, model.parameters());
  std::unique_ptr<optim::LRSchedule> schedule = make_schedule(config);
  const SmoothingSchedule smoothing{config.alpha, config.warm_up, config.epochs};
  const std::string checkpoint = path_in(run_dir, "checkpoint.safetensors");
  if (resume) result.history = restore(checkpoint, config, model, *optimizer);

  // The transforms run on the training device, so batches arrive there.
  data::DataLoader loader(
      std::make_shared<const data::Dataset>(train), data::build_pipeline(config.train_transform),
      {.batch_size = config.batch_size, .shuffle = true, .seed = config.seed, .device = device});
  const data::Pipeline test_pipeline = data::build_pipeline(config.test_transform);
  for (int64_t epoch = static_cast<int64_t>(result.history.size()); epoch < config.epochs;
       ++epoch) {
    EpochRecord rec;
    rec.epoch = epoch;
    rec.alpha = smoothing.alpha_at(epoch);
    if (schedule) schedule->apply(*optimizer, epoch);
    rec.lr = optimizer->param_groups()[0].lr;
    auto start = std::chrono::steady_clock::now();
    model.train();
    double loss_sum = 0, correct = 0;
    int64_t seen = 0, step = 0;
    data::EpochReader reader = loader.epoch(epoch);
    while (auto batch = reader.next()) {
      optimizer->zero_grad();
      Tensor logits = model(batch->images);
      Tensor loss = cross_entropy_ls(logits, batch->labels, rec.alpha);
      double value = loss.item();
      PHANTOM_REQUIRE(std::isfinite(value), "training diverged: the loss is ", value, " at epoch ",
                      epoch, " step ", step, "; the last good checkpoint (", result.history.size(),
                      " epochs) is kept at ", checkpoint);
      loss.backward();
      optimizer->step();
      const int64_t b = static_cast<int64_t>(batch->labels.size());
      std::vector<int64_t> predicted = predicted_classes(logits);
      for (int64_t i = 0; i < b; ++i)
        correct += predicted[static_cast<size_t>(i)] == batch->labels[static_cast<size_t>(i)];
      loss_sum += value * static_cast<double>(b);
      seen += b;
      ++step;
      if (observer.on_batch) observer.on_batch(epoch, step, loader.batches_per_epoch());
    }
    rec.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rec.images_per_second = rec.seconds > 0 ? static_cast<double>(seen) / rec.seconds : 0;
    rec.train_loss = seen ? loss_sum / static_cast<double>(seen) : 0;
    rec.train_accuracy = seen ? correct / static_cast<double>(seen) : 0;
    rec.test = evaluate_classifier(model, test, test_pipeline);
    result.history.push_back(rec);
    write_checkpoint(checkpoint, config, model, *optimizer, result.history);
    write_log(run_dir, result.history);
    if (observer.on_epoch) observer.on_epoch(rec);
  }
  nlohmann::json final_metrics =
      result.history.empty() ? nlohmann::json() : to_json(result.history.back());
  write_safetensors(path_in(run_dir, "model.safetensors"), model.state_dict(),
                    {{"format", "phantom-classifier-v1"},
                     {"config", to_json(config).dump()},
                     {"final_epoch", final_metrics.dump()},
                     {"cpu_conv", kernels::cpu::conv_algorithm_name()}});
  return result;
}

TrainedClassifier load_trained_classifier(const std::string& weights_path) {
  SafetensorsFile file = read_safetensors(weights_path);
  auto it = file.metadata.find("config");
  PHANTOM_REQUIRE(it != file.metadata.end(), weights_path,
                  ": no 'config' metadata (expected the model.safetensors of a phantom train run)");
  TrainedClassifier trained;
  trained.config = train_config_from_json(nlohmann::json::parse(it->second), weights_path);
  Generator unused(0);  // the weights overwrite the initialisation
  trained.model = make_classifier(trained.config.model, unused);
  trained.model->load_state_dict_from(file.tensors, weights_path);
  trained.model->eval();
  return trained;
}

}  // namespace phantom::models
