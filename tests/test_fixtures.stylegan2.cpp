// The StyleGAN2-ADA generator against the official code: every sg2_* fixture in $PHANTOM_FIXTURES
// is rebuilt from its generator_kwargs metadata, loaded with its official state dict, and
// compared: mapping (ws, truncated ws with and without cutoff), synthesis (img, truncated img,
// img without noise), L = sum(img · R) and dL/d ws, dL/d w (one w broadcast to all layers),
// dL/d z, and every debug.* intermediate the file holds; on the CPU and, where a device is present,
// on CUDA. Part of the CTest test `fixtures`.
#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/autograd/node.h"
#include "engine/io/safetensors.h"
#include "engine/ops/arithmetic.h"
#include "engine/ops/reduction.h"
#include "engine/ops/unary.h"
#include "models/stylegan2/generator.h"
#include "tests/cuda_device.h"
#include "tests/fixture_compare.h"
#include "tests/fixture_tolerances.h"

using namespace phantom;
namespace sg2 = phantom::models::stylegan2;
using nlohmann::json;

namespace {

// Compares one fixture tensor, keeping the worst normwise error of the file.
struct Comparison {
  const SafetensorsFile& file;
  std::string name;  // the fixture file name
  Device device;     // where the generator runs; references are inputs there too
  double worst = 0;
  std::string worst_tensor;

  Tensor ref(const std::string& tensor) const { return file.tensors.at(tensor).to(device); }
  void check(const Tensor& actual, const std::string& tensor) {
    const double tol = device.is_cuda()
                           ? std::max(test::kStyleGan2RelTol, test::kStyleGan2CudaRelTol)
                           : test::kStyleGan2RelTol;
    double e = test::expect_close(actual.to(Device::cpu()), file.tensors.at(tensor), tol,
                                  name + " " + tensor, test::kStyleGan2AbsTol);
    if (e > worst) worst = e, worst_tensor = tensor;
  }
};

Tensor optional_input(const SafetensorsFile& f, const std::string& name, Device device) {
  auto it = f.tensors.find(name);
  return it == f.tensors.end() ? Tensor() : it->second.to(device);
}

// dL/d(leaf) for L = sum(img(leaf) · R).
Tensor loss_gradient(Tensor leaf, const std::function<Tensor(const Tensor&)>& image,
                     const Tensor& R) {
  leaf = leaf.clone().set_requires_grad(true);
  sum(image(leaf) * R).backward();
  return leaf.grad();
}

void check_fixture(const std::string& path, Device device) {
  const std::string file = std::filesystem::path(path).filename();
  INFO("fixture ", file);
  SafetensorsFile f = read_safetensors(path);
  json meta = json::parse(f.metadata.at("config"));
  REQUIRE_MESSAGE(meta.at("loss") == "sum(img * input.R)", file, ": unsupported loss ",
                  meta.at("loss"));
  const double psi = meta.at("truncation").at("psi").get<double>();
  const int64_t cutoff = meta.at("truncation").at("cutoff_for_ws_trunc_cutoff").get<int64_t>();

  sg2::GeneratorConfig config =
      sg2::generator_config_from_json(f.metadata.at(sg2::kGeneratorKwargsKey), file);
  CHECK(sg2::generator_config_from_json(sg2::to_json(config), file) == config);
  CHECK(config.num_ws() == meta.at("num_ws").get<int64_t>());
  Generator init(0);
  sg2::Generator G(config, init);
  std::map<std::string, Tensor> state;
  for (const auto& [name, t] : f.tensors)
    if (!test::is_fixture_data(name)) state.emplace(name, t);
  G.load_state_dict_from(state, file);
  G.to(device);
  G.eval();

  Comparison cmp{f, file, device, 0.0, ""};
  const Tensor z = cmp.ref("input.z"), c = optional_input(f, "input.c", device),
               R = cmp.ref("input.R");
  std::map<std::string, Tensor> seen;  // debug intermediates, by name without "debug."
  sg2::SynthesisOptions with_probe;
  with_probe.probe = [&](const std::string& name, const Tensor& v) { seen[name] = v.detach(); };
  {
    NoGradGuard no_grad;
    Tensor w = G.mapping().map(z, c, with_probe.probe);
    cmp.check(G.mapping().broadcast(w), "output.ws");
    cmp.check(G.mapping().broadcast(w, {psi, std::nullopt}), "output.ws_trunc");
    cmp.check(G.mapping().broadcast(w, {psi, cutoff}), "output.ws_trunc_cutoff");
    cmp.check(G.synthesis().forward(cmp.ref("output.ws_trunc")), "output.img_trunc");
    sg2::SynthesisOptions no_noise;
    no_noise.noise = sg2::NoiseMode::None;
    cmp.check(G.synthesis().forward(cmp.ref("output.ws"), no_noise), "output.img_noise_none");
  }

  // The image, its loss and dL/d ws, with the intermediates of the same pass.
  Tensor ws = cmp.ref("output.ws").clone().set_requires_grad(true);
  Tensor img = G.synthesis().forward(ws, with_probe);
  Tensor loss = sum(img * R);
  loss.backward();
  cmp.check(img, "output.img");
  cmp.check(ws.grad(), "grad.ws");
  const double loss_scale = sum(abs(img.detach() * R)).item();
  const double loss_error = std::abs(loss.item() - cmp.ref("output.loss").item());
  CHECK_MESSAGE(loss_error <= test::kStyleGan2LossRelTol * loss_scale, file,
                " output.loss: |a-ref| = ", loss_error, ", sum|img·R| = ", loss_scale);

  cmp.check(
      loss_gradient(
          cmp.ref("output.w"),
          [&](const Tensor& w) { return G.synthesis().forward(G.mapping().broadcast(w)); }, R),
      "grad.w");
  cmp.check(loss_gradient(
                z, [&](const Tensor& zz) { return G.generate(zz, c, {}, {}); }, R),
            "grad.z");

  int64_t debug_tensors = 0;
  for (const auto& [name, reference] : f.tensors) {
    if (name.rfind("debug.", 0) != 0) continue;
    ++debug_tensors;
    auto it = seen.find(name.substr(6));
    if (it == seen.end()) {
      FAIL_CHECK(file, ": ", name, " has no counterpart in the generator's intermediates");
      continue;
    }
    cmp.check(it->second, name);
  }
  MESSAGE(file, " on ", device.str(), ": worst normwise error ", cmp.worst, " (", cmp.worst_tensor,
          "), ", debug_tensors,
          " debug tensors compared; loss |a-ref|/sum|img·R| = ", loss_error / loss_scale);
}

void check_fixtures(Device device) {
  std::vector<std::string> files = test::fixture_files("sg2_");
  REQUIRE_MESSAGE(!files.empty(), "no sg2_* fixtures in ", test::fixtures_dir());
  for (const std::string& path : files) {
    try {
      check_fixture(path, device);
    } catch (const std::exception& e) {  // UserError: a config or tensor we cannot honour
      FAIL_CHECK(std::filesystem::path(path).filename().string(), ": ", std::string(e.what()));
    }
  }
}

}  // namespace

TEST_CASE("every StyleGAN2-ADA generator fixture matches: mapping, images, gradients, layers") {
  check_fixtures(Device::cpu());
}

TEST_CASE("every StyleGAN2-ADA generator fixture matches on CUDA" *
          doctest::skip(!test::has_cuda_device())) {
  check_fixtures(Device::cuda(0));
}
