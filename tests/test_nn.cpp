// nn::Module registration, state-dict naming and loading, train/eval and the BatchNorm layers.
// (Forward of the layers built on other op families: test_nn_forward.cpp.)
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "engine/nn/batchnorm.h"
#include "engine/nn/sequential.h"
#include "engine/ops/arithmetic.h"
#include "tests/user_error.h"

using namespace phantom;
using namespace phantom::nn;

namespace {
// A stand-in for a conv layer (its op lives in another family): one weight, identity forward.
struct FakeConv : Module {
  explicit FakeConv(int64_t c) : weight(Tensor::full({c, c, 3, 3}, 0.5)) {
    register_parameter("weight", &weight);
  }
  Tensor forward(const Tensor& x) override { return x; }
  Tensor weight;
};

// torchvision's BasicBlock naming: conv1, bn1.
struct Block : Module {
  explicit Block(int64_t c)
      : conv1(register_module("conv1", std::make_shared<FakeConv>(c))),
        bn1(register_module("bn1", std::make_shared<BatchNorm2d>(c))) {}
  Tensor forward(const Tensor& x) override { return bn1->forward(conv1->forward(x)); }
  std::shared_ptr<FakeConv> conv1;
  std::shared_ptr<BatchNorm2d> bn1;
};

struct Net : Module {
  Net() {
    bn1 = register_module("bn1", std::make_shared<BatchNorm2d>(2));
    layer1 =
        register_module("layer1", std::make_shared<Sequential>(std::vector<std::shared_ptr<Module>>{
                                      std::make_shared<Block>(2), std::make_shared<Block>(2)}));
  }
  Tensor forward(const Tensor& x) override { return layer1->forward(bn1->forward(x)); }
  std::shared_ptr<BatchNorm2d> bn1;
  std::shared_ptr<Sequential> layer1;
};

}  // namespace

TEST_CASE("named parameters and buffers follow PyTorch state-dict naming") {
  Net net;
  std::vector<std::string> params;
  for (const auto& [name, t] : net.named_parameters()) params.push_back(name);
  CHECK(params == std::vector<std::string>{"bn1.weight", "bn1.bias", "layer1.0.conv1.weight",
                                           "layer1.0.bn1.weight", "layer1.0.bn1.bias",
                                           "layer1.1.conv1.weight", "layer1.1.bn1.weight",
                                           "layer1.1.bn1.bias"});
  std::vector<std::string> buffers;
  for (const auto& [name, t] : net.named_buffers()) buffers.push_back(name);
  CHECK(buffers ==
        std::vector<std::string>{"bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked",
                                 "layer1.0.bn1.running_mean", "layer1.0.bn1.running_var",
                                 "layer1.0.bn1.num_batches_tracked", "layer1.1.bn1.running_mean",
                                 "layer1.1.bn1.running_var", "layer1.1.bn1.num_batches_tracked"});
  CHECK(net.parameters().size() == 8);
  for (const Tensor& p : net.parameters()) CHECK(p.requires_grad());
  for (const auto& [name, t] : net.named_buffers()) CHECK_FALSE(t.requires_grad());

  std::map<std::string, Tensor> sd = net.state_dict();
  CHECK(sd.size() == 17);
  CHECK(sd.at("layer1.1.conv1.weight").shape() == Shape{2, 2, 3, 3});
  CHECK(sd.at("bn1.num_batches_tracked").shape() == Shape{});
  CHECK(sd.at("bn1.num_batches_tracked").dtype() == DType::F32);
  // Entries share storage with the module, like PyTorch's state_dict().
  net.layer1->named_children()[0].second->named_children()[0].second->parameters()[0].fill(7);
  CHECK(sd.at("layer1.0.conv1.weight").to_vector()[0] == 7);
}

TEST_CASE("load_state_dict copies values, converts dtype and round-trips") {
  Net a, b;
  a.bn1->weight.fill(3);
  a.bn1->running_var.fill(0.25);
  a.layer1->named_children()[1].second->parameters()[0].fill(-2);
  std::map<std::string, Tensor> sd = a.state_dict();
  sd["bn1.bias"] = Tensor::full({2}, 1.5, DType::F64);  // f64 in the file, f32 in the module
  b.load_state_dict(sd);
  CHECK(b.bn1->weight.to_vector() == std::vector<double>{3, 3});
  CHECK(b.bn1->bias.to_vector() == std::vector<double>{1.5, 1.5});
  CHECK(b.bn1->bias.dtype() == DType::F32);
  CHECK(b.bn1->running_var.to_vector() == std::vector<double>{0.25, 0.25});
  CHECK(b.state_dict().at("layer1.1.conv1.weight").to_vector()[5] == -2);
  CHECK(b.bn1->weight.requires_grad());
  CHECK_FALSE(b.bn1->weight.same(a.bn1->weight));  // copied, not aliased
}

TEST_CASE("load_state_dict errors name the key and change nothing") {
  Net net;
  std::map<std::string, Tensor> sd = Net().state_dict();
  for (auto& [name, t] : sd) t = t.clone(), t.fill(9);

  auto missing = sd;
  missing.erase("layer1.0.bn1.running_mean");
  CHECK(testing::user_error_of([&] { net.load_state_dict(missing); }) ==
        "load_state_dict: missing key in the state dict: layer1.0.bn1.running_mean");

  auto extra = sd;
  extra["fc.weight"] = Tensor::zeros({3});
  CHECK(testing::user_error_of([&] { net.load_state_dict(extra); }) ==
        "load_state_dict: unexpected key in the state dict: fc.weight");

  auto wrong = sd;
  wrong["bn1.weight"] = Tensor::zeros({3});
  CHECK(testing::user_error_of([&] { net.load_state_dict(wrong, false); }) ==
        "load_state_dict: 'bn1.weight' has shape [3] in the state dict but [2] in the module");

  // None of the failed loads wrote anything.
  CHECK(net.bn1->weight.to_vector() == std::vector<double>{1, 1});
  CHECK(net.layer1->parameters()[0].to_vector()[0] == 0.5);

  // Non-strict: missing and unexpected keys are skipped, the rest loads.
  extra.erase("bn1.weight");
  net.load_state_dict(extra, false);
  CHECK(net.bn1->weight.to_vector() == std::vector<double>{1, 1});
  CHECK(net.bn1->bias.to_vector() == std::vector<double>{9, 9});
}

TEST_CASE("train / eval propagate to every descendant; zero_grad drops gradients") {
  Net net;
  CHECK(net.layer1->named_children()[1].second->is_training());
  net.eval();
  CHECK_FALSE(net.is_training());
  CHECK_FALSE(net.bn1->is_training());
  auto block = std::static_pointer_cast<Block>(net.layer1->named_children()[1].second);
  CHECK_FALSE(block->bn1->is_training());
  CHECK_FALSE(block->conv1->is_training());
  net.train();
  CHECK(block->bn1->is_training());

  for (Tensor p : net.parameters()) p.set_grad(Tensor::ones(p.shape()));
  net.zero_grad();
  for (const Tensor& p : net.parameters()) CHECK_FALSE(p.grad().defined());
  net.to(Device::cpu());  // a no-op on the same device keeps the very tensors
  CHECK(net.bn1->weight.requires_grad());
}

TEST_CASE("BatchNorm2d: training updates running stats and the batch count; eval uses them") {
  BatchNorm2d bn(2, {.eps = 1e-5, .momentum = 0.5});
  // Channel 0 holds 0, 2, 4, 6 (mean 3, biased var 5, unbiased 20/3); channel 1 holds 1 x4.
  Tensor x = Tensor::from_floats({0, 2, 1, 1, 4, 6, 1, 1}, {2, 2, 1, 2});
  Tensor y = bn(x);
  CHECK(bn.num_batches_tracked.item() == 1);
  CHECK(bn.running_mean.to_vector()[0] == doctest::Approx(1.5));
  CHECK(bn.running_mean.to_vector()[1] == doctest::Approx(0.5));
  CHECK(bn.running_var.to_vector()[0] == doctest::Approx(0.5 + 0.5 * 20.0 / 3));
  CHECK(bn.running_var.to_vector()[1] == doctest::Approx(0.5));
  CHECK(y.to_vector()[0] == doctest::Approx(-3 / std::sqrt(5 + 1e-5)));
  bn(x);
  CHECK(bn.num_batches_tracked.item() == 2);

  bn.eval();
  std::vector<double> rm = bn.running_mean.to_vector(), rv = bn.running_var.to_vector();
  Tensor z = bn(x);
  CHECK(bn.num_batches_tracked.item() == 2);
  CHECK(bn.running_mean.to_vector() == rm);
  CHECK(z.to_vector()[1] == doctest::Approx((2 - rm[0]) / std::sqrt(rv[0] + 1e-5)));

  // Gradients reach the affine parameters.
  bn.train();
  Tensor w = Tensor::from_floats({1, 0, 0, 0, 0, 0, 0, 0}, {2, 2, 1, 2});
  (bn(x) * w).backward(Tensor::ones({2, 2, 1, 2}));
  CHECK(bn.bias.grad().to_vector() == std::vector<double>{1, 0});
}

TEST_CASE("BatchNorm1d without running stats or affine; rank checks") {
  BatchNorm1d bn(3, {.affine = false, .track_running_stats = false});
  CHECK(bn.state_dict().empty());
  bn.eval();  // no running stats: batch statistics even in eval, as in PyTorch
  Tensor y = bn(Tensor::from_floats({1, 2, 3, 3, 2, 1}, {2, 3}));
  CHECK(y.to_vector()[0] == doctest::Approx(-1).epsilon(1e-4));
  CHECK(y.to_vector()[1] == doctest::Approx(0));
  BatchNorm1d bn2(3);
  CHECK_THROWS_AS(bn2(Tensor::zeros({2, 3, 4, 4})), UserError);
  CHECK_THROWS_AS(bn2(Tensor::zeros({2, 4})), UserError);
  BatchNorm2d bn3(3);
  CHECK_THROWS_AS(bn3(Tensor::zeros({2, 3})), UserError);
}
