// Everything that defines a classifier training run. It is written into the run's manifest, the
// checkpoints and the final weights' metadata, and read back on --resume (a resumed run must use
// the same configuration).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/data/transform_config.h"
#include "models/classifier.h"
#include "models/training/smoothing_schedule.h"

namespace phantom::models {

struct TrainConfig {
  ClassifierConfig model;
  double alpha = 0.0;  // label smoothing, any value <= 1
  WarmUp warm_up = WarmUp::None;
  std::string optimizer = "sgd";  // sgd | adam | adamw
  double lr = 0.1, momentum = 0.9, weight_decay = 5e-4;
  bool nesterov = false;
  double beta1 = 0.9, beta2 = 0.999;
  std::string lr_schedule = "cosine";         // none | cosine | multistep
  std::vector<double> milestones{0.75, 0.9};  // multistep: fractions of the epochs
  double gamma = 0.1;
  int64_t epochs = 10, batch_size = 128;
  uint64_t seed = 0;
  data::TransformConfig train_transform, test_transform;
};

nlohmann::json to_json(const TrainConfig& c);
// Throws UserError naming `what` for a missing or mistyped field.
TrainConfig train_config_from_json(const nlohmann::json& j, const std::string& what);
// Checks ranges (alpha <= 1, epochs >= 1, known optimizer and schedule...): one UserError each.
void validate(const TrainConfig& c);

}  // namespace phantom::models
