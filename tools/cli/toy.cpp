// phantom toy: the paper's Figure 1 — label smoothing α ∈ {0, +0.05, −0.05} on three 2-D blobs,
// then an input-space attack toward class 2. Prints a table (or JSON) and writes one PNG per run.
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "attacks/toy_experiment.h"
#include "engine/io/safetensors.h"
#include "tools/cli/commands.h"
#include "tools/render/progress.h"
#include "tools/render/toy_plot.h"

namespace phantom::cli {

namespace {

struct ToyOptions {
  int seeds = 1;
  int first_seed = 0;
  std::vector<double> alphas{0.0, 0.05, -0.05};
  bool json = false;
  std::string out = "toy_out";
  bool export_inputs = false;
};

std::string alpha_label(double a) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.2f", a);
  return buf;
}

void write_plot(const attacks::ToyResult& r, const std::string& dir) {
  std::vector<float> conf(r.confidence.begin(), r.confidence.end());
  std::vector<render::LabeledPoint> points;
  for (const auto& p : r.data) points.push_back({p.x, p.y, static_cast<int>(p.label)});
  std::vector<render::Point> path;
  for (const auto& q : r.path) path.push_back({q[0], q[1]});
  char title[128];
  std::snprintf(title, sizeof title, "alpha = %s: %lld steps%s, distance %.2f",
                alpha_label(r.alpha).c_str(), static_cast<long long>(r.steps),
                r.reached ? "" : " (not reached)", r.distance);
  std::string file =
      dir + "/toy_seed" + std::to_string(r.seed) + "_alpha" + alpha_label(r.alpha) + ".png";
  render::render_toy_plot(file, title, conf, points, path, path.front());
}

// Data and initial weights of one run, so another framework can replay it
// (tools/python/toy_reference.py).
void write_inputs(const attacks::ToyResult& r, const std::string& dir) {
  std::map<std::string, Tensor> tensors = r.initial_state;
  std::vector<double> xy, labels;
  for (const auto& p : r.data)
    xy.insert(xy.end(), {p.x, p.y}), labels.push_back(static_cast<double>(p.label));
  tensors["data.x"] = Tensor::from_vector(xy, {static_cast<int64_t>(r.data.size()), 2});
  tensors["data.label"] = Tensor::from_vector(labels, {static_cast<int64_t>(r.data.size())});
  write_safetensors(dir + "/toy_seed" + std::to_string(r.seed) + "_inputs.safetensors", tensors,
                    {{"seed", std::to_string(r.seed)}});
}

// The paper's ordering for one seed: steps(−) < steps(0) < steps(+), distance(+) < distance(0) <
// distance(−).
bool ordering_holds(const attacks::ToyResult& zero, const attacks::ToyResult& pos,
                    const attacks::ToyResult& neg) {
  return neg.steps < zero.steps && zero.steps < pos.steps && pos.distance < zero.distance &&
         zero.distance < neg.distance;
}

int run_toy_command(const ToyOptions& o) {
  std::filesystem::create_directories(o.out);
  attacks::ToyConfig cfg;
  size_t runs = static_cast<size_t>(o.seeds) * o.alphas.size();
  std::vector<attacks::ToyResult> results(runs);
  {
    render::ProgressBar progress("toy", static_cast<int64_t>(runs), "runs");
    // Runs are independent: one per thread (the toy's tensors are too small to split further).
#pragma omp parallel for schedule(dynamic)
    for (size_t i = 0; i < runs; ++i) {
      uint64_t seed = static_cast<uint64_t>(o.first_seed) + i / o.alphas.size();
      results[i] = attacks::run_toy(seed, o.alphas[i % o.alphas.size()], cfg);
      progress.advance();
    }
  }
  for (const auto& r : results) write_plot(r, o.out);
  if (o.export_inputs)
    for (size_t i = 0; i < runs; i += o.alphas.size()) write_inputs(results[i], o.out);

  if (o.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : results)
      rows.push_back({{"seed", r.seed},
                      {"alpha", r.alpha},
                      {"final_loss", r.final_loss},
                      {"steps", r.steps},
                      {"distance", r.distance}});
    std::printf("%s\n", rows.dump(2).c_str());
  } else {
    std::printf("%6s %7s %11s %7s %9s\n", "seed", "alpha", "final_loss", "steps", "distance");
    for (const auto& r : results)
      std::printf("%6llu %7s %11.4f %6lld%s %9.2f\n", static_cast<unsigned long long>(r.seed),
                  alpha_label(r.alpha).c_str(), r.final_loss, static_cast<long long>(r.steps),
                  r.reached ? " " : "*", r.distance);
    std::printf("(* = did not reach p > %.2f within %lld steps)\n", cfg.attack_confidence,
                static_cast<long long>(cfg.attack_max_steps));
  }
  // The ordering check needs exactly the paper's three alphas.
  auto idx = [&](double a) {
    return std::find(o.alphas.begin(), o.alphas.end(), a) - o.alphas.begin();
  };
  size_t i0 = idx(0.0), ip = idx(0.05), in = idx(-0.05);
  if (i0 < o.alphas.size() && ip < o.alphas.size() && in < o.alphas.size()) {
    int holds = 0;
    for (int s = 0; s < o.seeds; ++s) {
      size_t b = static_cast<size_t>(s) * o.alphas.size();
      holds += ordering_holds(results[b + i0], results[b + ip], results[b + in]);
    }
    std::fprintf(o.json ? stderr : stdout, "paper's ordering holds for %d of %d seeds\n", holds,
                 o.seeds);
  }
  std::fprintf(stderr, "plots written to %s/\n", o.out.c_str());
  return 0;
}

}  // namespace

Command add_toy(CLI::App& app) {
  auto o = std::make_shared<ToyOptions>();
  CLI::App* sub = app.add_subcommand(
      "toy", "The paper's 2-D toy experiment (Figure 1): label smoothing vs an input attack");
  sub->add_option("--seeds", o->seeds,
                  "Repeat for seeds first..first+N-1 of data and initialisation")
      ->check(CLI::PositiveNumber);
  sub->add_option("--first-seed", o->first_seed, "First seed")->check(CLI::NonNegativeNumber);
  sub->add_option("--alphas", o->alphas, "Label-smoothing values (each <= 1)")
      ->check(CLI::Range(-1e9, 1.0));
  sub->add_flag("--json", o->json, "Print a JSON array (seed, alpha, final_loss, steps, distance)");
  sub->add_option("--out", o->out, "Directory for the PNG plots");
  sub->add_flag("--export-inputs", o->export_inputs,
                "Also write each seed's data and initial weights (safetensors) for replay in "
                "another framework");
  return {sub, [o] { return run_toy_command(*o); }};
}

}  // namespace phantom::cli
