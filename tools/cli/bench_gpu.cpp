#include "tools/cli/bench_gpu.h"

#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "engine/core/random.h"
#include "engine/ops/arithmetic.h"
#include "engine/ops/losses.h"
#include "engine/ops/matmul.h"
#include "engine/ops/unary.h"
#include "engine/optim/sgd.h"
#include "kernels/cuda/runtime.h"
#include "models/classifier.h"
#include "tools/cli/bench_case.h"
#include "tools/cli/bench_timing.h"

namespace phantom::cli {

namespace {

struct GpuCase {
  std::string name, unit;  // unit: "GB/s" (work = bytes moved) or "TFLOP/s" (work = flops)
  double work = 0;
  nlohmann::json torch_spec;
  std::function<void()> run;
  double phantom_s = 0;
  std::optional<double> torch_s;
};

double rate(const GpuCase& c, double seconds) {
  const double scale = c.unit == "GB/s" ? 1e-9 : c.unit == "TFLOP/s" ? 1e-12 : 1.0;
  return c.work / seconds * scale;
}

void add_case(std::vector<GpuCase>& cases, std::string name, std::string unit, double work,
              nlohmann::json torch_spec, std::function<void()> run) {
  GpuCase c;
  c.name = std::move(name);
  c.unit = std::move(unit);
  c.work = work;
  c.torch_spec = std::move(torch_spec);
  c.run = std::move(run);
  cases.push_back(std::move(c));
}

std::vector<GpuCase> gpu_cases(Device device) {
  std::vector<GpuCase> cases;
  Generator gen(0);
  const int64_t n = int64_t(1) << 26;  // 256 MiB per f32 operand
  const double bytes = 4.0 * static_cast<double>(n);
  Tensor a = gen.uniform({n}, 0, 1, DType::F32, device),
         b = gen.uniform({n}, 0, 1, DType::F32, device);
  add_case(cases, "device copy 64M f32", "GB/s", 2 * bytes, {{"kind", "copy"}, {"n", n}},
           [=] { (void)a.clone(); });
  add_case(cases, "add 64M f32", "GB/s", 3 * bytes, {{"kind", "add"}, {"n", n}},
           [=] { (void)add(a, b); });
  add_case(cases, "relu 64M f32", "GB/s", 2 * bytes, {{"kind", "relu"}, {"n", n}},
           [=] { (void)relu(a); });
  const int64_t m = 4096;
  Tensor x = gen.uniform({m, m}, 0, 1, DType::F32, device),
         y = gen.uniform({m, m}, 0, 1, DType::F32, device);
  add_case(cases, "gemm 4096^3 (cuBLAS, f32)", "TFLOP/s", 2.0 * m * m * m,
           {{"kind", "gemm"}, {"m", m}, {"n", m}, {"k", m}}, [=] { (void)matmul(x, y); });

  // ResNet-18-cifar training step at batch 128 (as `phantom bench` on the CPU); work = images.
  models::ClassifierConfig config;
  config.arch = "resnet18-cifar";
  config.in_channels = 1;
  config.num_classes = 10;
  std::shared_ptr<models::Classifier> model = models::make_classifier(config, gen);
  model->to(device);
  model->train();
  const int64_t batch = 128;
  Tensor images = gen.normal({batch, 1, 32, 32}, 0, 1, DType::F32, device);
  std::vector<int64_t> labels = gen.integers(batch, 10);
  auto sgd = std::make_shared<optim::SGD>(model->parameters(),
                                          optim::SGDOptions{.lr = 0.01, .momentum = 0.9});
  add_case(cases, "resnet18-cifar train step b128", "img/s", double(batch),
           {{"kind", "resnet_train"}, {"batch", batch}}, [=] {
             sgd->zero_grad();
             cross_entropy_ls((*model)(images), labels).backward();
             sgd->step();
           });

  // The attack's stage-2 step at batch 32 (as on the CPU); work = candidates.
  const BenchCase attack = attack_step_case(32, device);
  add_case(cases, "attack step b32", "img/s", 32.0, attack.torch_spec, attack.prepare().phantom);
  return cases;
}

}  // namespace

int run_gpu_bench(Device device, bool json, int reps, double min_seconds,
                  const std::string& torch_script) {
  kernels::cuda::set_device(device.index);
  std::vector<GpuCase> cases = gpu_cases(device);
  for (GpuCase& c : cases)
    c.phantom_s = best_of(
        [&] {
          c.run();
          kernels::cuda::synchronize();
        },
        reps, min_seconds);
  nlohmann::json request = {{"threads", 1},
                            {"reps", reps},
                            {"min_seconds", min_seconds},
                            {"device", device.str()},
                            {"cases", nlohmann::json::array()}};
  for (const GpuCase& c : cases) request["cases"].push_back(c.torch_spec);
  std::vector<double> seconds;
  const std::string torch_missing = run_torch_bench(request, torch_script, seconds);
  if (torch_missing.empty())
    for (size_t i = 0; i < cases.size(); ++i) cases[i].torch_s = seconds[i];
  const double copy_rate = rate(cases[0], cases[0].phantom_s);
  const auto stats = kernels::cuda::allocator_stats();
  if (json) {
    nlohmann::json j = {{"device", kernels::cuda::device_name(device.index)},
                        {"torch", torch_missing.empty() ? "measured" : torch_missing},
                        {"allocator_peak_bytes", stats.peak_bytes},
                        {"cases", nlohmann::json::array()}};
    for (const GpuCase& c : cases) {
      nlohmann::json row = {{"name", c.name}, {"unit", c.unit}, {"phantom", rate(c, c.phantom_s)}};
      if (c.unit == "GB/s") row["fraction_of_copy"] = rate(c, c.phantom_s) / copy_rate;
      if (c.torch_s)
        row["torch"] = rate(c, *c.torch_s), row["ratio_vs_torch"] = *c.torch_s / c.phantom_s;
      j["cases"].push_back(row);
    }
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf("device: %s, TF32 %s, best of >= %d runs and >= %.1f s per case\n",
              kernels::cuda::device_name(device.index).c_str(),
              kernels::cuda::allow_tf32() ? "on" : "off", reps, min_seconds);
  std::printf("%-34s %10s %10s %10s %12s %10s\n", "case", "phantom", "PyTorch", "unit",
              "of copy BW", "phantom/PT");
  for (const GpuCase& c : cases) {
    char torch[32] = "-", ratio[64], of_copy[32] = "-";
    if (c.torch_s) {
      std::snprintf(torch, sizeof torch, "%.1f", rate(c, *c.torch_s));
      std::snprintf(ratio, sizeof ratio, "%.2f", *c.torch_s / c.phantom_s);
    } else {
      std::snprintf(ratio, sizeof ratio, "%s", torch_missing.c_str());
    }
    if (c.unit == "GB/s")
      std::snprintf(of_copy, sizeof of_copy, "%.0f%%", 100 * rate(c, c.phantom_s) / copy_rate);
    std::printf("%-34s %10.1f %10s %10s %12s %10s\n", c.name.c_str(), rate(c, c.phantom_s), torch,
                c.unit.c_str(), of_copy, ratio);
  }
  std::printf("allocator: peak %zu bytes, cached %zu bytes\n", stats.peak_bytes,
              stats.cached_bytes);
  return 0;
}

}  // namespace phantom::cli
