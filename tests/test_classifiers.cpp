// The classifiers in models/: the factory, feature dimensions, torchvision state-dict names and
// order, torchvision's initialisation, the CIFAR stem and VGG. (Numerical agreement with
// torchvision: test_fixtures.cpp.)
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "engine/ops/reduction.h"
#include "engine/ops/unary.h"
#include "models/resnet.h"
#include "models/vgg.h"

using namespace phantom;
using namespace phantom::models;

namespace {

std::shared_ptr<Classifier> build(const std::string& arch, int64_t width, int64_t in_channels,
                                  int64_t num_classes, uint64_t seed = 1) {
  ClassifierConfig c;
  c.arch = arch;
  c.width = width;
  c.in_channels = in_channels;
  c.num_classes = num_classes;
  Generator gen(seed);
  return make_classifier(c, gen);
}

// Penultimate width: 8·width for BasicBlock ResNets and VGG, 32·width with Bottlenecks.
int64_t expected_feature_dim(const std::string& arch, int64_t width) {
  for (const char* deep : {"resnet50", "resnet101", "resnet152"})
    if (arch.rfind(deep, 0) == 0) return 32 * width;
  return 8 * width;
}

int64_t parameter_count(const nn::Module& m) {
  int64_t n = 0;
  for (const Tensor& p : m.parameters()) n += p.numel();
  return n;
}

std::string fixture(const std::string& name) {
  return std::string(PHANTOM_SOURCE_DIR) + "/../shared/fixtures/" + name;
}

// Tensor names of a safetensors file in the order its header lists them (the fixture wrote
// torchvision's state_dict order), without the fixture data (input., output., grad., debug.).
std::vector<std::string> state_names_in_file_order(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  uint64_t header_bytes = 0;
  in.read(reinterpret_cast<char*>(&header_bytes), 8);
  std::string header(header_bytes, '\0');
  in.read(header.data(), static_cast<std::streamsize>(header_bytes));
  REQUIRE(in.good());
  std::vector<std::string> names;
  nlohmann::ordered_json entries = nlohmann::ordered_json::parse(header);
  for (const auto& item : entries.items()) {
    const std::string& name = item.key();
    bool data = false;
    for (const char* prefix : {"__metadata__", "input.", "output.", "grad.", "debug."})
      data = data || name.rfind(prefix, 0) == 0;
    if (!data) names.push_back(name);
  }
  return names;
}

std::vector<std::string> names_of(const nn::NamedTensors& named) {
  std::vector<std::string> out;
  for (const auto& [name, t] : named) out.push_back(name);
  return out;
}

// The entries of `all` that are in `subset`, in `all`'s order.
std::vector<std::string> filtered(const std::vector<std::string>& all,
                                  const std::vector<std::string>& subset) {
  std::set<std::string> keep(subset.begin(), subset.end());
  std::vector<std::string> out;
  for (const std::string& n : all)
    if (keep.count(n)) out.push_back(n);
  return out;
}

double stddev(const Tensor& t) {
  std::vector<double> v = t.to_vector();
  double mean = 0, sq = 0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  for (double x : v) sq += (x - mean) * (x - mean);
  return std::sqrt(sq / static_cast<double>(v.size()));
}

}  // namespace

TEST_CASE(
    "make_classifier builds every known architecture with the right feature and logit sizes") {
  Generator input_gen(7);
  Tensor x = input_gen.normal({2, 1, 32, 32});
  for (const std::string& arch : classifier_names()) {
    CAPTURE(arch);
    auto model = build(arch, 4, 1, 7);
    CHECK(model->num_classes() == 7);
    CHECK(model->feature_dim() == expected_feature_dim(arch, 4));
    model->eval();
    Tensor features = model->features(x);
    CHECK(features.shape() == Shape{2, model->feature_dim()});
    Tensor logits = model->forward(x);
    REQUIRE(logits.shape() == Shape{2, 7});
    // forward is the head applied to the features.
    CHECK(logits.to_vector() == model->classify(features).to_vector());
  }
}

TEST_CASE("make_classifier rejects unknown names and bad sizes with one clear line") {
  std::string message;
  try {
    build("resnet19", 8, 3, 10);
  } catch (const UserError& e) {
    message = e.what();
  }
  CHECK(message.find("'resnet19'") != std::string::npos);
  for (const char* known : {"resnet18", "resnet152-cifar", "vgg11-bn", "vgg19-bn"})
    CHECK_MESSAGE(message.find(known) != std::string::npos, message);
  CHECK_THROWS_AS(build("resnet18", 0, 3, 10), UserError);
  CHECK_THROWS_AS(build("vgg11-bn", 8, 3, 0), UserError);
  auto model = build("resnet18-cifar", 4, 1, 10);
  CHECK_THROWS_AS(model->forward(Tensor::zeros({1, 3, 32, 32})), UserError);  // wrong channels
}

TEST_CASE("ResNet state-dict names, order and shapes are torchvision's") {
  // The fixtures hold torchvision's own state_dict at quarter width, in its order.
  for (const auto& [file, arch] : {std::pair{"resnet18_w16.safetensors", "resnet18"},
                                   std::pair{"resnet50_w16.safetensors", "resnet50"}}) {
    CAPTURE(file);
    std::vector<std::string> torchvision = state_names_in_file_order(fixture(file));
    REQUIRE(!torchvision.empty());
    auto model = build(arch, 16, 3, 10);
    std::vector<std::string> params = names_of(model->named_parameters());
    std::vector<std::string> buffers = names_of(model->named_buffers());
    CHECK(params.size() + buffers.size() == torchvision.size());
    CHECK(params == filtered(torchvision, params));
    CHECK(buffers == filtered(torchvision, buffers));
  }
  // At the standard width the shapes and sizes are torchvision's resnet18 / resnet50.
  auto r18 = build("resnet18", 64, 3, 1000);
  auto state = r18->state_dict();
  CHECK(state.at("conv1.weight").shape() == Shape{64, 3, 7, 7});
  CHECK(state.at("layer2.0.downsample.0.weight").shape() == Shape{128, 64, 1, 1});
  CHECK(state.at("layer4.1.conv2.weight").shape() == Shape{512, 512, 3, 3});
  CHECK(state.at("fc.weight").shape() == Shape{1000, 512});
  CHECK(parameter_count(*r18) == 11689512);
  auto r50 = build("resnet50", 64, 3, 1000);
  CHECK(r50->state_dict().at("layer1.0.conv3.weight").shape() == Shape{256, 64, 1, 1});
  CHECK(parameter_count(*r50) == 25557032);
}

TEST_CASE("ResNet initialisation is torchvision's and depends only on the seed") {
  auto model = build("resnet18", 64, 3, 10, /*seed=*/3);
  auto state = model->state_dict();
  // kaiming_normal_(mode="fan_out", nonlinearity="relu"): std sqrt(2 / (out·k·k)).
  CHECK(stddev(state.at("layer4.0.conv2.weight")) ==
        doctest::Approx(std::sqrt(2.0 / (512 * 9))).epsilon(0.01));
  CHECK(stddev(state.at("conv1.weight")) ==
        doctest::Approx(std::sqrt(2.0 / (64 * 49))).epsilon(0.02));
  CHECK(sum(state.at("layer3.1.bn2.weight")).item() == 256);
  CHECK(sum(abs(state.at("layer3.1.bn2.bias"))).item() == 0);
  // Linear keeps PyTorch's default: U(±1/sqrt(in)).
  CHECK(max(abs(state.at("fc.weight"))).item() <= 1 / std::sqrt(512.0));

  auto first = build("resnet18", 8, 3, 10, 3)->state_dict();
  auto again = build("resnet18", 8, 3, 10, 3)->state_dict();
  auto other = build("resnet18", 8, 3, 10, 4)->state_dict();
  for (const char* name : {"conv1.weight", "layer4.1.conv2.weight", "fc.weight", "fc.bias"}) {
    CAPTURE(name);
    CHECK(again.at(name).to_vector() == first.at(name).to_vector());
    CHECK(other.at(name).to_vector() != first.at(name).to_vector());
  }
}

TEST_CASE("the CIFAR ResNet keeps small images: 3x3 stride-1 stem, no max-pool, any channels") {
  auto model = build("resnet18-cifar", 8, 1, 10);
  CHECK(model->state_dict().at("conv1.weight").shape() == Shape{8, 1, 3, 3});
  auto imagenet = build("resnet18", 8, 1, 10);
  CHECK(names_of(model->named_parameters()) == names_of(imagenet->named_parameters()));
  for (int64_t size : {28, 32}) {
    CAPTURE(size);
    Generator gen(static_cast<uint64_t>(size));
    Tensor x = gen.normal({3, 1, size, size}).set_requires_grad(true);
    Tensor logits = model->forward(x);
    CHECK(logits.shape() == Shape{3, 10});
    CHECK(model->features(x).shape() == Shape{3, 64});
    sum(logits).backward();
    CHECK(x.grad().shape() == x.shape());
  }
  // 8x downsampling: a 4 px image still reaches stage 4 at 1x1 (the ImageNet stem needs 32 px).
  model->eval();
  CHECK(model->forward(Tensor::zeros({1, 1, 4, 4})).shape() == Shape{1, 10});
}

TEST_CASE("VGG-BN: torchvision feature names, 8·width features, 28 and 32 px inputs") {
  auto model = build("vgg11-bn", 8, 3, 10);
  auto* vgg = dynamic_cast<VGG*>(model.get());
  REQUIRE(vgg != nullptr);
  auto state = model->state_dict();
  // vgg11_bn: conv, bn, relu (, pool) — conv i of 8 at features.{0,4,8,11,15,18,22,25}.
  CHECK(state.at("features.0.weight").shape() == Shape{8, 3, 3, 3});
  CHECK(state.at("features.1.running_var").shape() == Shape{8});
  CHECK(state.at("features.25.weight").shape() == Shape{64, 64, 3, 3});
  CHECK(state.at("classifier.weight").shape() == Shape{10, 64});
  CHECK(model->feature_dim() == 64);
  CHECK(stddev(state.at("classifier.weight")) == doctest::Approx(0.01).epsilon(0.2));
  CHECK(build("vgg16-bn", 4, 1, 3)->state_dict().count("features.40.weight") == 1);  // 13th conv

  for (int64_t size : {28, 32}) {
    CAPTURE(size);
    Generator gen(static_cast<uint64_t>(size));
    Tensor x = gen.normal({2, 3, size, size}).set_requires_grad(true);
    model->train();
    Tensor logits = model->forward(x);
    CHECK(logits.shape() == Shape{2, 10});
    sum(logits).backward();
    CHECK(x.grad().shape() == x.shape());
    CHECK(model->named_parameters().front().second.grad().defined());
  }
}
