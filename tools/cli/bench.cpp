// phantom bench: GEMM, CIFAR-ResNet conv2d and whole models (ResNet-18, the StyleGAN2 generator,
// an attack step; bench_stylegan2.cpp) on the CPU, best of N after a warm-up, against PyTorch
// measured in the same run (tools/bench/torch_bench.py under Debian's /usr/bin/python3) with the
// same thread count, and against OpenBLAS where linked.
#include <omp.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/tensor.h"
#include "kernels/cpu/gemm_microkernel.h"
#include "kernels/gemm.h"
#include "tools/cli/commands.h"

#ifdef PHANTOM_HAVE_OPENBLAS
#include <cblas.h>
#endif
#include "engine/autograd/node.h"
#include "engine/core/random.h"
#include "engine/ops/conv.h"
#include "engine/ops/losses.h"
#include "engine/optim/sgd.h"
#include "kernels/conv.h"
#include "models/classifier.h"
#include "tools/cli/bench_case.h"
#include "tools/cli/bench_conv_passes.h"
#include "tools/cli/bench_gpu.h"
#include "tools/cli/bench_timing.h"
#include "tools/cli/device_option.h"

namespace phantom::cli {

namespace {

std::vector<float> random_floats(int64_t n, uint32_t seed) {
  std::vector<float> v(static_cast<size_t>(n));
  for (float& x : v) {  // a cheap LCG: values only need to be finite and not all equal
    seed = seed * 1664525u + 1013904223u;
    x = static_cast<float>(seed >> 8) / 16777216.0f - 0.5f;
  }
  return v;
}

BenchCase gemm_case(int64_t M, int64_t N, int64_t K) {
  BenchCase bc;
  bc.name = "gemm " + std::to_string(M) + "x" + std::to_string(N) + "x" + std::to_string(K);
  bc.torch_spec = {{"kind", "gemm"}, {"m", M}, {"n", N}, {"k", K}};
  bc.flops = 2.0 * double(M) * double(N) * double(K);
  bc.prepare = [=] {
    auto a = std::make_shared<std::vector<float>>(random_floats(M * K, 1));
    auto b = std::make_shared<std::vector<float>>(random_floats(K * N, 2));
    auto c = std::make_shared<std::vector<float>>(static_cast<size_t>(M * N));
    BenchRunners r;
    r.phantom = [=] {
      kernels::cpu::gemm<float>(false, false, M, N, K, 1.0f, a->data(), K, b->data(), N, 0.0f,
                                c->data(), N);
    };
#ifdef PHANTOM_HAVE_OPENBLAS
    r.openblas = [=] {
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(M),
                  static_cast<int>(N), static_cast<int>(K), 1.0f, a->data(), static_cast<int>(K),
                  b->data(), static_cast<int>(N), 0.0f, c->data(), static_cast<int>(N));
    };
#endif
    return r;
  };
  return bc;
}

// A CIFAR-ResNet 3x3 conv: channels -> channels at size x size, pad 1, no bias, batch images.
BenchCase conv_case(int64_t batch, int64_t channels, int64_t size, bool with_backward) {
  BenchCase bc;
  bc.name = std::string(with_backward ? "conv fwd+bwd " : "conv fwd ") + std::to_string(channels) +
            "->" + std::to_string(channels) + " " + std::to_string(size) + "x" +
            std::to_string(size) + " b" + std::to_string(batch);
  bc.torch_spec = {{"kind", with_backward ? "conv_forward_backward" : "conv_forward"},
                   {"batch", batch},
                   {"channels", channels},
                   {"size", size}};
  const double forward_flops = 2.0 * double(batch * channels * size * size) * double(channels * 9);
  bc.flops = with_backward ? 3 * forward_flops : forward_flops;  // backward: dL/dx and dL/dw
  bc.prepare = [=] {
    Tensor x = Tensor::from_floats(random_floats(batch * channels * size * size, 3),
                                   {batch, channels, size, size});
    Tensor w =
        Tensor::from_floats(random_floats(channels * channels * 9, 4), {channels, channels, 3, 3});
    Conv2dParams p;
    p.pad_h = p.pad_w = 1;
    BenchRunners r;
    if (!with_backward) {
      r.phantom = [=] { conv2d(x, w, Tensor(), p); };
      return r;
    }
    x.set_requires_grad(true);
    w.set_requires_grad(true);
    Tensor dL_dy = Tensor::ones({batch, channels, size, size});
    r.phantom = [=]() mutable {
      x.zero_grad();
      w.zero_grad();
      conv2d(x, w, Tensor(), p).backward(dL_dy);
    };
    return r;
  };
  return bc;
}

// ResNet-18 (CIFAR stem, 1x32x32 input, 10 classes) at batch 128: an inference forward pass, or a
// training step (forward, cross-entropy, backward, SGD step). Width 64 is torchvision's; width 16
// is the study's target, where per-op overhead weighs more than GEMM speed.
BenchCase resnet_case(int64_t width, bool train) {
  const int64_t batch = 128;
  BenchCase bc;
  bc.name =
      "resnet18-cifar w" + std::to_string(width) + (train ? " train step b128" : " inference b128");
  bc.torch_spec = {
      {"kind", train ? "resnet_train" : "resnet_inference"}, {"batch", batch}, {"width", width}};
  bc.flops = double(batch) * resnet18_cifar_flops(width, 1, 32, 10) * (train ? 3 : 1);
  bc.prepare = [=] {
    models::ClassifierConfig config;
    config.arch = "resnet18-cifar";
    config.in_channels = 1;
    config.num_classes = 10;
    config.width = width;
    Generator gen(0);
    std::shared_ptr<models::Classifier> model = models::make_classifier(config, gen);
    Tensor x = gen.normal({batch, 1, 32, 32});
    std::vector<int64_t> labels = gen.integers(batch, 10);
    BenchRunners r;
    if (!train) {
      r.phantom = [=] {
        NoGradGuard no_grad;
        model->eval();
        (*model)(x);
      };
      return r;
    }
    auto sgd = std::make_shared<optim::SGD>(model->parameters(),
                                            optim::SGDOptions{.lr = 0.01, .momentum = 0.9});
    r.phantom = [=] {
      model->train();
      sgd->zero_grad();
      cross_entropy_ls((*model)(x), labels).backward();
      sgd->step();
    };
    return r;
  };
  return bc;
}

std::vector<BenchCase> bench_cases() {
  std::vector<BenchCase> cases;
  // Square shapes, then im2col shapes of the ResNet convs (M = C_out, N = H*W, K = 9 C_in).
  for (auto [M, N, K] : std::vector<std::array<int64_t, 3>>{{512, 512, 512},
                                                            {1024, 1024, 1024},
                                                            {64, 1024, 576},
                                                            {64, 4096, 576},
                                                            {128, 1024, 1152},
                                                            {256, 1024, 2304}})
    cases.push_back(gemm_case(M, N, K));
  for (bool backward : {false, true})
    for (auto [channels, size] : std::vector<std::array<int64_t, 2>>{{64, 32}, {128, 16}, {256, 8}})
      cases.push_back(conv_case(64, channels, size, backward));
  for (int64_t width : {64, 16})
    for (bool train : {false, true}) cases.push_back(resnet_case(width, train));
  for (BenchCase& c : stylegan2_bench_cases()) cases.push_back(std::move(c));
  return cases;
}

// Times the cases in PyTorch; returns the reason instead when PyTorch cannot be run.
std::string measure_torch(std::vector<BenchCase>& cases, int threads, int reps, double min_seconds,
                          const std::string& script) {
  nlohmann::json request = {{"threads", threads},
                            {"reps", reps},
                            {"min_seconds", min_seconds},
                            {"cases", nlohmann::json::array()}};
  for (const BenchCase& c : cases) request["cases"].push_back(c.torch_spec);
  std::vector<double> seconds;
  std::string missing = run_torch_bench(request, script, seconds);
  if (missing.empty())
    for (size_t i = 0; i < cases.size(); ++i) cases[i].torch_s = seconds[i];
  return missing;
}

double gflops(double flops, double seconds) {
  return flops / seconds * 1e-9;
}

void print_table(const std::vector<BenchCase>& cases, const std::string& torch_missing) {
  std::printf("%-32s %12s %12s %12s %12s\n", "shape", "phantom", "OpenBLAS", "PyTorch", "ratio");
  std::printf("%-32s %12s %12s %12s %12s\n", "", "GFLOP/s", "GFLOP/s", "GFLOP/s", "phantom/PT");
  for (const BenchCase& c : cases) {
    char blas[32] = "-", torch[32] = "-", ratio[64];
    if (c.openblas_s) std::snprintf(blas, sizeof blas, "%.1f", gflops(c.flops, *c.openblas_s));
    if (c.torch_s) {
      std::snprintf(torch, sizeof torch, "%.1f", gflops(c.flops, *c.torch_s));
      std::snprintf(ratio, sizeof ratio, "%.2f", *c.torch_s / c.phantom_s);
    } else {
      std::snprintf(ratio, sizeof ratio, "%s", torch_missing.c_str());
    }
    std::printf("%-32s %12.1f %12s %12s %12s\n", c.name.c_str(), gflops(c.flops, c.phantom_s), blas,
                torch, ratio);
  }
}

nlohmann::json to_json(const std::vector<BenchCase>& cases, int threads, int reps, double load,
                       const std::string& torch_missing) {
  nlohmann::json j = {
      {"threads", threads},
      {"reps", reps},
      {"load_average_before", load},
      {"gemm_kernel", kernels::cpu::gemm_detail::selected_f32_kernel().name},
      {"cpu_conv", kernels::cpu::conv_algorithm_name()},
      {"torch", torch_missing.empty() ? nlohmann::json("measured") : nlohmann::json(torch_missing)},
      {"cases", nlohmann::json::array()}};
  for (const BenchCase& c : cases) {
    nlohmann::json row = {{"name", c.name},
                          {"flops", c.flops},
                          {"phantom_ms", c.phantom_s * 1e3},
                          {"phantom_gflops", gflops(c.flops, c.phantom_s)}};
    if (c.openblas_s) row["openblas_gflops"] = gflops(c.flops, *c.openblas_s);
    if (c.torch_s) {
      row["torch_ms"] = *c.torch_s * 1e3;
      row["torch_gflops"] = gflops(c.flops, *c.torch_s);
      row["ratio_vs_torch"] = *c.torch_s / c.phantom_s;
    }
    j["cases"].push_back(row);
  }
  return j;
}

// The 1-minute load average before the run: timings on a machine that other work keeps busy say
// little, and OpenMP's spinning waits (the default) lose most when threads outnumber free cores.
double load_average() {
  double load[1] = {0};
  return getloadavg(load, 1) == 1 ? load[0] : 0.0;
}

}  // namespace

// Stem, four stages of two BasicBlocks, 1x1 downsamples, linear head.
double resnet18_cifar_flops(int64_t width, int64_t in_channels, int64_t size, int64_t classes) {
  auto conv = [](int64_t cin, int64_t cout, int64_t k, int64_t out) {
    return 2.0 * double(cin * cout * k * k * out * out);
  };
  double flops = conv(in_channels, width, 3, size);
  int64_t c = width, s = size;
  for (int stage = 0; stage < 4; ++stage) {
    int64_t cout = width << stage, sout = stage == 0 ? s : s / 2;
    flops += conv(c, cout, 3, sout) + 3 * conv(cout, cout, 3, sout);
    if (stage > 0) flops += conv(c, cout, 1, sout);
    c = cout, s = sout;
  }
  return flops + 2.0 * double(c * classes);
}

Command add_bench(CLI::App& app) {
  CLI::App* sub =
      app.add_subcommand("bench", "Time GEMM and conv2d against PyTorch (and OpenBLAS)");
  struct Options {
    bool json = false;
    int reps = 5;
    double min_seconds = 0.5;
    std::string torch_script = PHANTOM_SOURCE_DIR "/tools/bench/torch_bench.py";
    std::string device = "auto";
    std::string filter;
    bool conv_passes = false;
  };
  auto opt = std::make_shared<Options>();
  sub->add_flag("--json", opt->json, "Print machine-readable results");
  sub->add_option("--reps", opt->reps, "Timed repetitions per case (best is kept)")
      ->check(CLI::PositiveNumber);
  sub->add_option("--min-seconds", opt->min_seconds, "Keep repeating each case at least this long")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--torch-script", opt->torch_script, "The PyTorch side of the bench");
  sub->add_option("--filter", opt->filter,
                  "CPU only: run just the cases (with --conv-passes: the convolutions) whose name "
                  "contains this text (e.g. stylegan2, attack)");
  sub->add_flag("--conv-passes", opt->conv_passes,
                "CPU only: time each convolution pass with im2col, Winograd and auto instead");
  add_device_option(sub, opt->device);
  return {
      sub, [opt] {
        const Device device = resolve_device(opt->device);
        if (device.is_cuda())
          return run_gpu_bench(device, opt->json, opt->reps, opt->min_seconds, opt->torch_script);
        if (opt->conv_passes)
          return run_conv_pass_bench(opt->json, opt->reps, opt->min_seconds, opt->filter);
        const int threads = omp_get_max_threads();
#ifdef PHANTOM_HAVE_OPENBLAS
        openblas_set_num_threads(threads);
#endif
        const double load = load_average();
        std::vector<BenchCase> cases = bench_cases();
        std::erase_if(cases, [&](const BenchCase& c) {
          return c.name.find(opt->filter) == std::string::npos;
        });
        PHANTOM_REQUIRE(!cases.empty(), "--filter: no case name contains '", opt->filter, "'");
        std::vector<BenchRunners> runners;
        for (const BenchCase& c : cases) runners.push_back(c.prepare());
        // One library at a time: a library's idle worker threads spin for a while after each
        // call and would steal the cores from the next library if the calls interleaved.
        for (size_t i = 0; i < cases.size(); ++i)
          cases[i].phantom_s = best_of(runners[i].phantom, opt->reps, opt->min_seconds);
        for (size_t i = 0; i < cases.size(); ++i)
          if (runners[i].openblas)
            cases[i].openblas_s = best_of(runners[i].openblas, opt->reps, opt->min_seconds);
        std::string torch_missing =
            measure_torch(cases, threads, opt->reps, opt->min_seconds, opt->torch_script);
        if (opt->json) {
          std::printf("%s\n",
                      to_json(cases, threads, opt->reps, load, torch_missing).dump(2).c_str());
          return 0;
        }
        std::printf(
            "threads: %d, GEMM micro-kernel: %s, convolutions: %s, best of >= %d runs and >= %.1f "
            "s per case\n",
            threads, kernels::cpu::gemm_detail::selected_f32_kernel().name,
            kernels::cpu::conv_algorithm_name(), opt->reps, opt->min_seconds);
        if (load > 0.5)
          std::printf(
              "note: load average %.1f before this run: other work shares the cores, so timings "
              "vary; where it is\n      high, OMP_WAIT_POLICY=passive stops phantom's idle "
              "OpenMP threads spinning on them\n",
              load);
        print_table(cases, torch_missing);
        return 0;
      }};
}

}  // namespace phantom::cli
