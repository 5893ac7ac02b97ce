#include "attacks/metrics/knowledge_extraction.h"

#include "engine/core/error.h"
#include "models/training/evaluate.h"
#include "models/training/trainer.h"

namespace phantom::attacks {

namespace {

models::TrainConfig student_config(const KnowledgeExtractionConfig& c,
                                   const data::Dataset& private_train) {
  models::TrainConfig t;
  t.model.arch = c.arch;
  t.model.width = c.width;
  t.model.in_channels = private_train.channels();
  t.model.num_classes = private_train.num_classes();
  t.optimizer = "adam";
  t.lr = c.lr;
  t.weight_decay = 0;
  t.lr_schedule = "cosine";
  t.epochs = c.epochs;
  t.batch_size = c.batch_size;
  t.seed = c.seed;
  t.train_transform = c.train_transform;
  t.test_transform = c.test_transform;
  return t;
}

}  // namespace

KnowledgeExtractionScore knowledge_extraction_score(const Tensor& attack_images,
                                                    const std::vector<int64_t>& attacked_classes,
                                                    const data::Dataset& private_train,
                                                    const data::Dataset& private_test,
                                                    const KnowledgeExtractionConfig& config,
                                                    const std::string& run_dir) {
  private_train.validate();
  private_test.validate();
  data::Dataset attack{attack_images, attacked_classes, private_train.class_names,
                       "knowledge extraction: attack images"};
  attack.validate();
  PHANTOM_REQUIRE(attack.size() > 0, attack.source, ": no images");
  PHANTOM_REQUIRE(attack.images.shape() == Shape({attack.size(), private_train.channels(),
                                                  private_train.height(), private_train.width()}),
                  attack.source, ": expected images of the private data's shape [N, ",
                  private_train.channels(), ", ", private_train.height(), ", ",
                  private_train.width(), "], found ", attack.images.describe());
  const models::TrainConfig train_config = student_config(config, private_train);
  // The trainer scores the student on `private_test` after every epoch; its last record is the
  // test half of the score, and the log shows how the score evolved.
  models::TrainResult student = models::train_classifier(
      train_config, attack, private_test, run_dir, /*resume=*/false, {}, config.device);
  const models::CalibrationStats on_train = models::evaluate_classifier(
      *student.model, private_train, data::build_pipeline(train_config.test_transform));
  return {on_train.accuracy, student.history.back().test.accuracy};
}

}  // namespace phantom::attacks
