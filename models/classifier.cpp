#include "models/classifier.h"

#include "models/resnet.h"
#include "models/vgg.h"

namespace phantom::models {

void Classifier::register_head(const std::string& name, int64_t feature_dim, int64_t num_classes,
                               Generator& gen) {
  head_ = register_module(name, std::make_shared<nn::Linear>(feature_dim, num_classes, gen));
}

namespace {

constexpr int64_t kResNetDepths[] = {18, 34, 50, 101, 152};
constexpr int64_t kVGGDepths[] = {11, 13, 16, 19};

std::string resnet_name(int64_t depth, ResNetStem stem) {
  return "resnet" + std::to_string(depth) + (stem == ResNetStem::Cifar ? "-cifar" : "");
}
std::string vgg_name(int64_t depth) {
  return "vgg" + std::to_string(depth) + "-bn";
}

}  // namespace

std::vector<std::string> classifier_names() {
  std::vector<std::string> names;
  for (int64_t depth : kResNetDepths)
    for (ResNetStem stem : {ResNetStem::ImageNet, ResNetStem::Cifar})
      names.push_back(resnet_name(depth, stem));
  for (int64_t depth : kVGGDepths) names.push_back(vgg_name(depth));
  return names;
}

std::shared_ptr<Classifier> make_classifier(const ClassifierConfig& config, Generator& gen) {
  for (int64_t depth : kResNetDepths)
    for (ResNetStem stem : {ResNetStem::ImageNet, ResNetStem::Cifar}) {
      if (config.arch != resnet_name(depth, stem)) continue;
      ResNetConfig c = resnet_config(depth);
      c.width = config.width;
      c.in_channels = config.in_channels;
      c.num_classes = config.num_classes;
      c.stem = stem;
      c.bn = config.bn;
      return std::make_shared<ResNet>(c, gen);
    }
  for (int64_t depth : kVGGDepths) {
    if (config.arch != vgg_name(depth)) continue;
    VGGConfig c;
    c.depth = depth;
    c.width = config.width;
    c.in_channels = config.in_channels;
    c.num_classes = config.num_classes;
    c.bn = config.bn;
    return std::make_shared<VGG>(c, gen);
  }
  std::string known;
  for (const std::string& name : classifier_names()) known += (known.empty() ? "" : ", ") + name;
  PHANTOM_REQUIRE(false, "unknown classifier architecture '", config.arch, "'; known: ", known);
  return nullptr;
}

}  // namespace phantom::models
