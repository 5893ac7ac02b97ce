// Classifier: the common face of the image classifiers the attacks evaluate (ResNets, VGG).
// Every classifier is a body that maps an image batch to a penultimate feature vector, followed by
// one linear head: forward(x) = head(features(x)). The attacks and the defence's analysis read the
// features (the input of the head) as well as the logits.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "engine/core/random.h"
#include "engine/nn/batchnorm.h"
#include "engine/nn/linear.h"

namespace phantom::models {

class Classifier : public nn::Module {
 public:
  // [N, C, H, W] -> [N, feature_dim()], the input of the head.
  virtual Tensor features(const Tensor& x) = 0;
  // [N, feature_dim()] -> logits [N, num_classes()].
  Tensor classify(const Tensor& features) { return head_->forward(features); }
  Tensor forward(const Tensor& x) override { return classify(features(x)); }

  int64_t num_classes() const { return head_->weight.size(0); }
  int64_t feature_dim() const { return head_->weight.size(1); }

 protected:
  // Builds and registers the head under `name`. Call it after registering the body, so the head
  // comes last in the state dict, as in torchvision.
  void register_head(const std::string& name, int64_t feature_dim, int64_t num_classes,
                     Generator& gen);
  nn::Linear& head() { return *head_; }

 private:
  std::shared_ptr<nn::Linear> head_;
};

struct ClassifierConfig {
  // "resnet18" .. "resnet152" (ImageNet stem), the same with "-cifar" (3x3 stride-1 stem, no
  // max-pool, for 28-32 px images), or "vgg11-bn" .. "vgg19-bn".
  std::string arch = "resnet18";
  int64_t width = 64;  // first-stage channels; 64 is the standard width of both families
  int64_t in_channels = 3;
  int64_t num_classes = 1000;
  nn::BatchNormOptions bn;  // eps and momentum of every BatchNorm layer
};

// The architecture names make_classifier accepts.
std::vector<std::string> classifier_names();

// A freshly initialised classifier (torchvision's initialisation, drawn from `gen`). Unknown
// names and non-positive sizes are UserErrors.
std::shared_ptr<Classifier> make_classifier(const ClassifierConfig& config, Generator& gen);

}  // namespace phantom::models
