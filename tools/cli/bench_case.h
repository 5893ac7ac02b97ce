// One case of `phantom bench` on the CPU (the model-level cases live in their own files).
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/device.h"

namespace phantom::cli {

// What runs one case: built only when the case is selected (--filter), since building allocates
// and initialises its tensors and models.
struct BenchRunners {
  std::function<void()> phantom;
  std::function<void()> openblas;  // empty where OpenBLAS has no equivalent (or is not linked)
};

struct BenchCase {
  std::string name;
  nlohmann::json torch_spec;  // how torch_bench.py builds the same case
  double flops = 0;           // nominal, for the GFLOP/s columns
  std::function<BenchRunners()> prepare;
  double phantom_s = 0;
  std::optional<double> openblas_s, torch_s;
};

// Nominal forward FLOPs (2 per multiply-add of every conv and the head) of resnet18-cifar on
// [1, in_channels, size, size].
double resnet18_cifar_flops(int64_t width, int64_t in_channels, int64_t size, int64_t classes);

// The StyleGAN2 generator of `phantom train-gan` at batch 32 (forward; forward + backward to w)
// and the Plug & Play Attack's optimisation step at batch 16 and 32 (bench_stylegan2.cpp).
std::vector<BenchCase> stylegan2_bench_cases();

// One step of the attack's stage 2 (attacks/ppa/optimization.cpp without its per-step random
// crop and statistics) on `device`: generator from w, the frozen target ResNet-18-cifar (width
// 16, grey, 5 classes) in eval mode, Poincaré loss, backward to w, Adam on w with the attack's
// settings.
BenchCase attack_step_case(int64_t batch, Device device = Device::cpu());

}  // namespace phantom::cli
