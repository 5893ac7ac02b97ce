#include "attacks/metrics/feature_extraction.h"

#include "engine/autograd/node.h"
#include "engine/data/loader.h"
#include "engine/ops/shape_ops.h"

namespace phantom::attacks {

FeaturesAndLogits extract_features_and_logits(models::Classifier& model,
                                              const data::Dataset& dataset,
                                              const data::Pipeline& preprocessing,
                                              int64_t batch_size) {
  dataset.validate();
  NoGradGuard no_grad;
  const bool was_training = model.is_training();
  model.eval();
  const Device device = model.device();
  data::DataLoader loader(std::make_shared<const data::Dataset>(dataset), preprocessing,
                          {.batch_size = batch_size, .shuffle = false});
  std::vector<Tensor> features, logits;
  data::EpochReader reader = loader.epoch(0);
  while (auto batch = reader.next()) {
    Tensor f = model.features(batch->images.to(device));
    logits.push_back(model.classify(f).to(Device::cpu()));
    features.push_back(f.to(Device::cpu()));
  }
  model.train(was_training);
  return {concat(features, 0), concat(logits, 0)};
}

}  // namespace phantom::attacks
