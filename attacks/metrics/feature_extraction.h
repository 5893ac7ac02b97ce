// One pass of a classifier over a dataset that keeps what the metrics need: the penultimate
// features (Classifier::features, the head's input) and the logits. Eval mode, no gradients,
// batches in dataset order through the model's test-time preprocessing.
#pragma once
#include <cstdint>

#include "engine/data/dataset.h"
#include "engine/data/transform.h"
#include "models/classifier.h"

namespace phantom::attacks {

struct FeaturesAndLogits {
  Tensor features;  // f32 [N, feature_dim] on the CPU, row i = dataset image i
  Tensor logits;    // f32 [N, num_classes] on the CPU
};

// Images go to the device of the model's parameters; the model's training mode is restored.
FeaturesAndLogits extract_features_and_logits(models::Classifier& model,
                                              const data::Dataset& dataset,
                                              const data::Pipeline& preprocessing,
                                              int64_t batch_size = 256);

}  // namespace phantom::attacks
