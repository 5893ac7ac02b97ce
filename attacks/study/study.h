// The label-smoothing privacy study end to end (docs/study.md): partition the data into private and
// public parts, train a target per α and one evaluation model on the private part (and a generator
// on the public part when the shipped one does not fit), attack every
// target on every private class with the Plug & Play Attack, and evaluate each attack. Every
// trained model, attack and evaluation is cached in the run directory under the hash of its
// configuration: a second run reuses them, a changed setting recomputes only what depends on it,
// and a killed study resumes where it stopped (training from its last epoch, the attack from its
// last finished batch).
#pragma once
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "attacks/ppa/attack_run.h"
#include "attacks/study/study_config.h"
#include "engine/data/dataset.h"
#include "models/gan_training/gan_trainer.h"
#include "models/training/trainer.h"

namespace phantom::attacks {

struct StudyObserver {
  std::function<void(const std::string& what)> on_phase;  // a phase starts
  models::TrainObserver training;                         // inside each classifier training
  models::gan::GanObserver gan;                           // inside the generator's training
  StageProgress attack;                                   // inside each attack
};

// A trained classifier of the study, by its last epoch.
struct TrainedModel {
  std::filesystem::path dir;  // its run directory (model.safetensors, log.jsonl)
  double test_accuracy = 0, ece = 0, mean_confidence = 0;
  double seconds = 0;  // training wall time (0 when it came from the cache)
};

struct AlphaResult {
  double alpha = 0;
  TrainedModel target;
  std::filesystem::path attack_dir;  // attack run with metrics.json, metrics.csv, images/
  nlohmann::json metrics;            // evaluate_attack's summary
};

struct StudyResult {
  StudyConfig config;
  std::vector<std::string> class_names;  // of the private classes, in target label order
  data::Dataset private_train;  // the targets' training images, padded to the generator's size
  TrainedModel evaluation;
  std::string generator;  // the weights attacked with (study_generator.h)
  std::vector<AlphaResult> alphas;
  nlohmann::json phase_seconds = nlohmann::json::object();  // wall time per phase, this run
};

// `shipped_generator`: where the generator shipped with phantom lies (used when it fits, see
// study_generator.h). Classifiers train, and attacks and metrics run, on `device`; cached results
// do not depend on it.
StudyResult run_study(const StudyConfig& config, const std::string& shipped_generator,
                      const std::filesystem::path& run_dir, const StudyObserver& observer = {},
                      Device device = Device::cpu());

}  // namespace phantom::attacks
