// Knowledge extraction score: how much of the private task a fresh student classifier learns from
// the attack images alone (labels = the attacked classes), measured as its accuracy on the real
// private training and test images. The student is trained by models::train_classifier, so its
// run directory holds the usual log, checkpoint and weights, and the same seed gives the same
// student and score.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/data/dataset.h"
#include "engine/data/transform_config.h"

namespace phantom::attacks {

// The student's default preprocessing: inputs scaled to [−1, 1]; training adds horizontal flips.
inline data::TransformConfig default_student_transform(bool training) {
  data::TransformConfig t;
  t.normalize = true;
  t.hflip_probability = training ? 0.5 : 0.0;
  return t;
}

struct KnowledgeExtractionConfig {
  std::string arch = "resnet18-cifar";  // any models::make_classifier name
  int64_t width = 64;
  int64_t epochs = 30;
  int64_t batch_size = 64;
  double lr = 1e-3;  // Adam, cosine schedule, no label smoothing, no weight decay
  uint64_t seed = 0;
  Device device = Device::cpu();  // where the student trains
  // Student preprocessing; the test one is also applied to the private images it is scored on.
  data::TransformConfig train_transform = default_student_transform(true);
  data::TransformConfig test_transform = default_student_transform(false);
};

struct KnowledgeExtractionScore {
  double train_accuracy = 0;  // on the private training images
  double test_accuracy = 0;   // on the private test images
};

// `attack_images`: f32 [N, C, H, W] on the CPU in [0, 1] (the dataset convention), same C, H, W
// as the private images; `attacked_classes`: N indices into private_train's classes. The student
// is written to `run_dir` (created; an earlier student there is replaced).
KnowledgeExtractionScore knowledge_extraction_score(const Tensor& attack_images,
                                                    const std::vector<int64_t>& attacked_classes,
                                                    const data::Dataset& private_train,
                                                    const data::Dataset& private_test,
                                                    const KnowledgeExtractionConfig& config,
                                                    const std::string& run_dir);

}  // namespace phantom::attacks
