// The classifiers against torchvision: every resnet* fixture in $PHANTOM_FIXTURES (default
// ../shared/fixtures) is rebuilt from its metadata, loaded with its state dict, and compared in
// eval and train mode: logits, penultimate features, dL/dx and the listed parameter gradients of
// L = sum(logits * R), and the BatchNorm buffers after the train-mode forward. A fixture whose
// architecture we cannot build fails, so a new fixture is tested without code changes.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/io/safetensors.h"
#include "engine/ops/arithmetic.h"
#include "engine/ops/reduction.h"
#include "models/resnet.h"
#include "tests/cuda_device.h"
#include "tests/fixture_compare.h"
#include "tests/fixture_tolerances.h"

using namespace phantom;
using namespace phantom::models;
using nlohmann::json;
using test::expect_close;
using test::fixtures_dir;
using test::is_fixture_data;

namespace {

// The classifier config a fixture describes; a field we cannot honour throws (and fails the file).
ClassifierConfig config_of(const json& meta) {
  std::string loss = meta.value("loss", "(none)");
  PHANTOM_REQUIRE(loss == "sum(logits * input.R)", "unsupported loss ", loss);
  ClassifierConfig c;
  c.arch = meta.at("arch").get<std::string>();
  c.width = meta.at("base_width").get<int64_t>();
  c.in_channels = meta.at("input_shape").at(1).get<int64_t>();
  c.num_classes = meta.at("num_classes").get<int64_t>();
  c.bn.eps = meta.at("bn").at("eps").get<double>();
  c.bn.momentum = meta.at("bn").at("momentum").get<double>();
  return c;
}

// The stated topology (stages, widths, block) must be the one the architecture name builds.
void check_topology(const ResNet& model, const json& meta) {
  const ResNetConfig& c = model.config();
  CHECK(meta.at("layers").get<std::vector<int64_t>>() == c.layers);
  std::vector<int64_t> widths;
  for (size_t s = 0; s < c.layers.size(); ++s) widths.push_back(c.width << s);
  CHECK(meta.at("stage_widths").get<std::vector<int64_t>>() == widths);
  bool bottleneck = c.block == ResNetBlock::Bottleneck;
  CHECK(meta.at("torchvision_block").get<std::string>() ==
        (bottleneck ? "Bottleneck" : "BasicBlock"));
  CHECK(meta.at("expansion").get<int64_t>() == (bottleneck ? 4 : 1));
}

// On CUDA every tolerance is at least kResNetCudaRelTol (see fixture_tolerances.h).
double tolerance_on(Device device, double cpu_tol) {
  return device.is_cuda() ? std::max(cpu_tol, test::kResNetCudaRelTol) : cpu_tol;
}

// One pass in `mode` ("eval" or "train") from the stored state, compared with the fixture.
void check_pass(Classifier& model, const SafetensorsFile& f,
                const std::map<std::string, Tensor>& state, const json& meta,
                const std::string& mode, double grad_tol, const std::string& file, Device device) {
  model.load_state_dict(state);
  model.zero_grad();
  model.train(mode == "train");
  Tensor x = f.tensors.at("input.x").to(device).clone().set_requires_grad(true);
  Tensor features = model.features(x);
  Tensor logits = model.classify(features);
  sum(logits * f.tensors.at("input.R").to(device)).backward();

  const double tol = tolerance_on(device, test::kResNetRelTol);
  grad_tol = tolerance_on(device, grad_tol);
  std::string at = file + " [" + mode + ", " + device.str() + "] ";
  expect_close(logits, f.tensors.at("output.logits_" + mode), tol, at + "logits");
  if (f.tensors.count("debug." + mode + ".pool"))
    expect_close(features, f.tensors.at("debug." + mode + ".pool"), tol,
                 at + "features (debug." + mode + ".pool)");
  expect_close(x.grad(), f.tensors.at("grad." + mode + ".x"), grad_tol, at + "grad.x");
  auto params = model.named_parameters();
  for (const auto& name : meta.at("grad_params").get<std::vector<std::string>>()) {
    auto it =
        std::find_if(params.begin(), params.end(), [&](const auto& p) { return p.first == name; });
    if (it == params.end()) {
      FAIL_CHECK(at, "grad_params names '", name, "', which the model lacks");
      continue;
    }
    expect_close(it->second.grad(), f.tensors.at("grad." + mode + "." + name), grad_tol,
                 at + "grad." + name);
  }
}

// Every fixture on `device`: both passes, then the BatchNorm buffers.
void check_fixtures(Device device) {
  std::vector<std::string> files = test::fixture_files("resnet");
  REQUIRE_MESSAGE(!files.empty(), "no resnet* fixtures in ", fixtures_dir());
  for (const std::string& path : files) {
    std::string file = std::filesystem::path(path).filename();
    INFO("fixture ", file);
    SafetensorsFile f = read_safetensors(path);
    json meta = json::parse(f.metadata.at("config"));
    std::shared_ptr<Classifier> model;
    try {
      Generator gen(0);
      model = make_classifier(config_of(meta), gen);
    } catch (const std::exception& e) {  // UserError, or a missing or mistyped metadata field
      FAIL_CHECK(file, ": cannot build its architecture: ", std::string(e.what()));
      continue;
    }
    auto* resnet = dynamic_cast<ResNet*>(model.get());
    REQUIRE_MESSAGE(resnet != nullptr, file, ": arch ", meta.at("arch"), " is not a ResNet");
    check_topology(*resnet, meta);

    std::map<std::string, Tensor> state;
    for (const auto& [name, t] : f.tensors)
      if (!is_fixture_data(name)) state.emplace(name, t);
    model->to(device);
    bool bottleneck = resnet->config().block == ResNetBlock::Bottleneck;
    check_pass(*model, f, state, meta, "eval", test::kResNetRelTol, file, device);
    check_pass(*model, f, state, meta, "train",
               bottleneck ? test::kResNetBottleneckTrainGradRelTol : test::kResNetRelTol, file,
               device);

    // Running statistics (and the batch counter) after the single train-mode forward.
    std::map<std::string, Tensor> after = model->state_dict();
    const std::string prefix = "output.train_state.";
    int64_t buffers = 0;
    for (const auto& [name, reference] : f.tensors) {
      if (name.rfind(prefix, 0) != 0) continue;
      std::string key = name.substr(prefix.size());
      ++buffers;
      if (!after.count(key)) {
        FAIL_CHECK(file, ": ", name, " names a buffer the model lacks");
        continue;
      }
      expect_close(after.at(key), reference, tolerance_on(device, test::kResNetRelTol),
                   file + " " + name + " on " + device.str());
    }
    CHECK_MESSAGE(static_cast<size_t>(buffers) == model->named_buffers().size(), file,
                  ": the fixture has ", buffers, " train_state buffers, the model ",
                  model->named_buffers().size());
  }
}

}  // namespace

TEST_CASE("every torchvision ResNet fixture matches: logits, gradients, BatchNorm updates") {
  check_fixtures(Device::cpu());
}

TEST_CASE("every torchvision ResNet fixture matches on CUDA" *
          doctest::skip(!test::has_cuda_device())) {
  check_fixtures(Device::cuda(0));
}
