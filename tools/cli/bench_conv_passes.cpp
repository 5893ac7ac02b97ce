#include "tools/cli/bench_conv_passes.h"

#include <omp.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/random.h"
#include "kernels/conv.h"
#include "kernels/cpu/conv2d_winograd.h"
#include "tools/cli/bench_timing.h"

namespace phantom::cli {

namespace {

using kernels::cpu::ConvAlgorithm;

struct PassShape {
  std::string name;
  int64_t batch, channels, size, groups;  // channels per group, on both sides
};

// ResNet-18-cifar's 3×3 convolutions at batch 128 (widths 16 and 64), and the generator's fused
// modulated convolutions: one image whose groups are the 32 samples of a batch, 64 channels each.
std::vector<PassShape> pass_shapes() {
  std::vector<PassShape> shapes;
  for (int64_t width : {16, 64})
    for (int64_t stage = 0; stage < 4; ++stage)
      shapes.push_back({"resnet w" + std::to_string(width) + " stage " + std::to_string(stage + 1),
                        128, width << stage, 32 >> stage, 1});
  for (int64_t size : {8, 16, 32})
    shapes.push_back(
        {"generator " + std::to_string(size) + "x" + std::to_string(size), 1, 64, size, 32});
  return shapes;
}

constexpr std::array<ConvAlgorithm, 3> kAlgorithms{ConvAlgorithm::Im2col, ConvAlgorithm::Winograd,
                                                   ConvAlgorithm::Auto};
using kernels::cpu::ConvPass;
constexpr std::array<ConvPass, 3> kPasses{ConvPass::Forward, ConvPass::BackwardData,
                                          ConvPass::BackwardWeight};
constexpr std::array<const char*, 3> kPassNames{"forward", "backward_data", "backward_weight"};

}  // namespace

int run_conv_pass_bench(bool json, int reps, double min_seconds, const std::string& filter) {
  std::vector<PassShape> shapes = pass_shapes();
  std::erase_if(shapes,
                [&](const PassShape& s) { return s.name.find(filter) == std::string::npos; });
  PHANTOM_REQUIRE(!shapes.empty(), "--filter: no convolution name contains '", filter, "'");
  const ConvAlgorithm selected = kernels::cpu::conv_algorithm();
  nlohmann::json rows = nlohmann::json::array();
  if (!json)
    std::printf(
        "threads: %d; milliseconds per pass (best of >= %d runs and >= %.1f s)\n%-22s %-16s %9s "
        "%9s %9s %9s\n",
        omp_get_max_threads(), reps, min_seconds, "convolution", "pass", "im2col", "winograd",
        "auto", "auto uses");
  for (const PassShape& s : shapes) {
    kernels::ConvGeometry g;
    g.batch = s.batch, g.groups = s.groups;
    g.in_channels = g.out_channels = s.channels * s.groups;
    g.in_h = g.in_w = g.out_h = g.out_w = s.size;
    g.kernel_h = g.kernel_w = 3, g.pad_h = g.pad_w = 1;
    Generator gen(0);
    const std::vector<double> xs = gen.uniform({g.batch * g.in_channels * s.size * s.size}, -1, 1)
                                       .to_vector(),
                              ws =
                                  gen.uniform({g.out_channels * s.channels * 9}, -1, 1).to_vector();
    std::vector<float> x(xs.begin(), xs.end()), w(ws.begin(), ws.end()), y(x.size()), dx(x.size()),
        dw(w.size());
    // The backward passes take x as dL/dy: same shape, since channels and size are kept.
    const std::array<std::function<void()>, 3> passes{
        [&] { kernels::cpu::conv2d_forward<float>(g, x.data(), w.data(), nullptr, y.data()); },
        [&] { kernels::cpu::conv2d_backward_data<float>(g, x.data(), w.data(), dx.data()); },
        [&] { kernels::cpu::conv2d_backward_weight<float>(g, x.data(), x.data(), dw.data()); }};
    for (size_t p = 0; p < passes.size(); ++p) {
      nlohmann::json row = {{"convolution", s.name}, {"pass", kPassNames[p]}};
      for (ConvAlgorithm a : kAlgorithms) {
        kernels::cpu::set_conv_algorithm(a);
        row[kernels::cpu::conv_algorithm_name(a)] = best_of(passes[p], reps, min_seconds) * 1e3;
      }
      kernels::cpu::set_conv_algorithm(ConvAlgorithm::Auto);
      row["auto_uses"] = kernels::cpu::use_winograd(g, kPasses[p]) ? "winograd" : "im2col";
      if (!json)
        std::printf("%-22s %-16s %9.2f %9.2f %9.2f %9s\n", s.name.c_str(), kPassNames[p],
                    row["im2col"].get<double>(), row["winograd"].get<double>(),
                    row["auto"].get<double>(), row["auto_uses"].get<std::string>().c_str());
      rows.push_back(row);
    }
  }
  kernels::cpu::set_conv_algorithm(selected);
  if (json)
    std::printf(
        "%s\n",
        nlohmann::json{{"threads", omp_get_max_threads()}, {"passes", rows}}.dump(2).c_str());
  return 0;
}

}  // namespace phantom::cli
