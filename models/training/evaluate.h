// Accuracy and calibration of a classifier on a dataset (eval mode, no gradients).
#pragma once
#include "engine/data/dataset.h"
#include "engine/data/transform.h"
#include "models/classifier.h"
#include "models/training/calibration.h"

namespace phantom::models {

// The model is put in eval mode and returned to the mode it was in.
CalibrationStats evaluate_classifier(Classifier& model, const data::Dataset& dataset,
                                     const data::Pipeline& pipeline, int64_t batch_size = 256);

}  // namespace phantom::models
