// `phantom bench --device cuda`: memory-bound elementwise ops against the device's copy
// bandwidth, cuBLAS GEMM, a ResNet-18-cifar training step and the attack's optimisation step,
// each against PyTorch on the same GPU where it is installed.
#pragma once
#include <string>

#include "engine/core/device.h"

namespace phantom::cli {

int run_gpu_bench(Device device, bool json, int reps, double min_seconds,
                  const std::string& torch_script);

}  // namespace phantom::cli
