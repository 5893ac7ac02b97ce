// Classifier training with label smoothing (any α <= 1, warm-up for negative α), resumable
// bit-identically. A run directory holds:
//   checkpoint.safetensors  model + optimizer state after the last finished epoch, with the
//                           configuration and the epoch log in its metadata (written atomically)
//   log.jsonl               one JSON object per finished epoch (rewritten from the checkpoint)
//   model.safetensors       the final weights (torchvision state-dict names), config in metadata
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/data/dataset.h"
#include "models/classifier.h"
#include "models/training/calibration.h"
#include "models/training/train_config.h"

namespace phantom::models {

struct EpochRecord {
  int64_t epoch = 0;  // 0-based
  double alpha = 0, lr = 0;
  double train_loss = 0, train_accuracy = 0;
  CalibrationStats test;
  double seconds = 0, images_per_second = 0;
};

nlohmann::json to_json(const EpochRecord& r);

// Progress callbacks for a user interface; both optional.
struct TrainObserver {
  std::function<void(int64_t epoch, int64_t batches_done, int64_t batches_total)> on_batch;
  std::function<void(const EpochRecord&)> on_epoch;
};

struct TrainResult {
  std::shared_ptr<Classifier> model;
  std::vector<EpochRecord> history;
};

// Trains into `run_dir` (created if needed). With `resume`, continues from run_dir's checkpoint,
// which must have been written with the same configuration; the final weights equal those of an
// uninterrupted run. A non-finite loss stops training with a UserError naming epoch and step;
// the last good checkpoint stays in place.
TrainResult train_classifier(const TrainConfig& config, const data::Dataset& train,
                             const data::Dataset& test, const std::string& run_dir, bool resume,
                             const TrainObserver& observer = {}, Device device = Device::cpu());

// The model a finished run wrote (model.safetensors), rebuilt from its metadata, in eval mode,
// with the configuration it was trained with (the test-time preprocessing is part of it).
struct TrainedClassifier {
  TrainConfig config;
  std::shared_ptr<Classifier> model;
};
TrainedClassifier load_trained_classifier(const std::string& weights_path);

}  // namespace phantom::models
