// `phantom bench` cases at the scale of the paper's attack on Fashion-MNIST: the StyleGAN2
// generator `phantom train-gan` trains (randomly initialised: the time does not depend on the
// weights), and one Plug & Play Attack optimisation step. PyTorch runs the same shapes through
// tools/bench/stylegan2_torch.py, a generator written from the same specification.
#include <memory>
#include <nlohmann/json.hpp>

#include "attacks/ppa/attack_loss.h"
#include "attacks/ppa/optimization.h"
#include "attacks/ppa/stylegan2_prior.h"
#include "engine/autograd/node.h"
#include "engine/core/random.h"
#include "engine/optim/adam.h"
#include "models/classifier.h"
#include "models/gan_training/gan_defaults.h"
#include "tools/cli/bench_case.h"

namespace phantom::cli {

namespace {

namespace sg2 = models::stylegan2;

// 32x32 grey, the size train-gan picks for Fashion-MNIST.
sg2::GeneratorConfig bench_generator_config() {
  sg2::GeneratorConfig c = models::gan::default_gan_training().generator;
  c.img_resolution = 32;
  c.img_channels = 1;
  return c;
}

// Nominal forward FLOPs per image: the mapping layers, then every synthesis convolution as the
// multiply-adds it performs (the up-sampling conv0 runs on the half-size input); the FIR filters,
// the affines and the weight modulation are left out.
double stylegan2_flops(const sg2::GeneratorConfig& c) {
  double flops = 0;
  int64_t in = c.z_dim;
  for (int64_t i = 0; i < c.mapping.num_layers; ++i) {
    const int64_t out = i + 1 < c.mapping.num_layers ? c.layer_features() : c.w_dim;
    flops += 2.0 * double(in * out);
    in = out;
  }
  for (int64_t r : c.block_resolutions()) {
    const int64_t channels = c.channels(r);
    if (r > 4) flops += 2.0 * double(c.channels(r / 2) * channels * 9 * (r / 2) * (r / 2));
    flops += 2.0 * double(channels * channels * 9 * r * r);
    flops += 2.0 * double(channels * c.img_channels * r * r);  // ToRGB (skip architecture)
  }
  return flops;
}

// A frozen, randomly initialised generator as the attack sees it (eval: constant noise), with
// fused or unfused modulated convolutions.
std::shared_ptr<attacks::StyleGan2Prior> random_prior(const sg2::GeneratorConfig& config,
                                                      Generator& gen, bool fused) {
  return std::make_shared<attacks::StyleGan2Prior>(std::make_shared<sg2::Generator>(config, gen),
                                                   fused);
}

nlohmann::json torch_spec(const std::string& kind, int64_t batch,
                          const sg2::GeneratorConfig& config, bool fused) {
  return {{"kind", kind},
          {"batch", batch},
          {"generator", nlohmann::json::parse(sg2::to_json(config))},
          {"modconv", fused ? "fused" : "unfused"}};
}

std::string modconv_suffix(bool fused) {
  return fused ? "" : " unfused";
}

// Mapping + synthesis from z, no autograd (sampling candidates, `phantom generate`).
BenchCase generator_forward_case(int64_t batch, bool fused) {
  const sg2::GeneratorConfig config = bench_generator_config();
  BenchCase bc;
  bc.name = "stylegan2 forward b" + std::to_string(batch) + modconv_suffix(fused);
  bc.torch_spec = torch_spec("stylegan2_forward", batch, config, fused);
  bc.flops = double(batch) * stylegan2_flops(config);
  bc.prepare = [=] {
    Generator gen(0);
    auto prior = random_prior(config, gen, fused);
    Tensor z = gen.normal({batch, config.z_dim});
    BenchRunners r;
    r.phantom = [=] {
      NoGradGuard no_grad;
      prior->synthesize(prior->map(z, 1.0, -1));
    };
    return r;
  };
  return bc;
}

// Synthesis from one w per image broadcast over the layers, backward to w with dL/dimg = 1; the
// generator's parameters are frozen, but the per-sample modulated weights still need gradients.
BenchCase generator_backward_case(int64_t batch, bool fused) {
  const sg2::GeneratorConfig config = bench_generator_config();
  BenchCase bc;
  bc.name = "stylegan2 fwd+bwd to w b" + std::to_string(batch) + modconv_suffix(fused);
  bc.torch_spec = torch_spec("stylegan2_backward", batch, config, fused);
  bc.flops = 3 * double(batch) * stylegan2_flops(config);
  bc.prepare = [=] {
    Generator gen(0);
    auto prior = random_prior(config, gen, fused);
    Tensor w = gen.normal({batch, config.w_dim});
    w.set_requires_grad(true);
    Tensor dL_dimg =
        Tensor::ones({batch, config.img_channels, config.img_resolution, config.img_resolution});
    BenchRunners r;
    r.phantom = [=]() mutable {
      w.zero_grad();
      prior->synthesize(attacks::broadcast_w(w, config.num_ws())).backward(dL_dimg);
    };
    return r;
  };
  return bc;
}

}  // namespace

BenchCase attack_step_case(int64_t batch, Device device) {
  const sg2::GeneratorConfig config = bench_generator_config();
  const attacks::OptimizationConfig attack;                  // the attack's default lr and betas
  const bool fused = attacks::AttackConfig{}.fused_modconv;  // and modulated convolutions
  models::ClassifierConfig target_config;
  target_config.arch = "resnet18-cifar";
  target_config.width = 16;
  target_config.in_channels = config.img_channels;
  target_config.num_classes = 5;
  BenchCase bc;
  bc.name = "attack step b" + std::to_string(batch);
  bc.torch_spec = torch_spec("attack_step", batch, config, fused);
  bc.torch_spec["target"] = {{"width", target_config.width},
                             {"in_channels", target_config.in_channels},
                             {"classes", target_config.num_classes}};
  bc.torch_spec["lr"] = attack.lr;
  bc.torch_spec["betas"] = {attack.beta1, attack.beta2};
  // The generator forward and backward (as above), the target forward and its backward to the
  // input only (its weights are frozen).
  bc.flops = double(batch) * (3 * stylegan2_flops(config) +
                              2 * resnet18_cifar_flops(target_config.width, 1, 32, 5));
  bc.prepare = [=] {
    Generator gen(0);
    auto prior = random_prior(config, gen, fused);
    prior->generator().to(device);
    std::shared_ptr<models::Classifier> target = models::make_classifier(target_config, gen);
    target->to(device);
    target->eval();
    for (Tensor& p : target->parameters()) p.set_requires_grad(false);
    Tensor w = gen.normal({batch, config.w_dim}).to(device);
    w.set_requires_grad(true);
    auto adam = std::make_shared<optim::Adam>(
        std::vector<Tensor>{w},
        optim::AdamOptions{.lr = attack.lr, .beta1 = attack.beta1, .beta2 = attack.beta2});
    std::vector<int64_t> classes(static_cast<size_t>(batch));
    for (int64_t i = 0; i < batch; ++i) classes[static_cast<size_t>(i)] = i % 5;
    BenchRunners r;
    r.phantom = [=] {
      adam->zero_grad();
      Tensor images = prior->synthesize(attacks::broadcast_w(w, config.num_ws()));
      attacks::attack_loss(attacks::AttackLoss::Poincare, (*target)(images), classes).backward();
      adam->step();
    };
    return r;
  };
  return bc;
}

std::vector<BenchCase> stylegan2_bench_cases() {
  std::vector<BenchCase> cases;
  for (bool fused : {true, false}) cases.push_back(generator_forward_case(32, fused));
  for (bool fused : {true, false}) cases.push_back(generator_backward_case(32, fused));
  cases.push_back(attack_step_case(16));
  cases.push_back(attack_step_case(32));
  return cases;
}

}  // namespace phantom::cli
