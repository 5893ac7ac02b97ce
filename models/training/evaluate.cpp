#include "models/training/evaluate.h"

#include "engine/autograd/node.h"
#include "engine/data/loader.h"
#include "engine/ops/softmax.h"

namespace phantom::models {

CalibrationStats evaluate_classifier(Classifier& model, const data::Dataset& dataset,
                                     const data::Pipeline& pipeline, int64_t batch_size) {
  NoGradGuard no_grad;
  const bool was_training = model.is_training();
  model.eval();
  // The transforms run on the device of the model's parameters, where the batches are needed.
  data::DataLoader loader(std::make_shared<const data::Dataset>(dataset), pipeline,
                          {.batch_size = batch_size, .shuffle = false, .device = model.device()});
  CalibrationMeter meter;
  data::EpochReader reader = loader.epoch(0);
  while (auto batch = reader.next()) meter.add(softmax(model(batch->images), 1), batch->labels);
  model.train(was_training);
  return meter.stats();
}

}  // namespace phantom::models
