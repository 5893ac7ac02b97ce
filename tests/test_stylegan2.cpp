// The StyleGAN2 generator's parts on their own (the match with the official code is in
// test_fixtures.stylegan2.cpp): config parsing, the modulated convolution (fused = unfused, the
// up-sampling path is a true convolution, f64 gradcheck), weights files and their errors, noise
// modes, and gradients reaching every parameter.
#include <doctest/doctest.h>

#include <string>

#include "engine/audit/gradcheck.h"
#include "engine/autograd/node.h"
#include "engine/io/safetensors.h"
#include "engine/ops/arithmetic.h"
#include "engine/ops/conv.h"
#include "engine/ops/reduction.h"
#include "engine/ops/resample.h"
#include "engine/ops/shape_ops.h"
#include "models/stylegan2/fir_filter.h"
#include "models/stylegan2/generator.h"
#include "models/stylegan2/modulated_conv.h"
#include "tests/temp_dir.h"
#include "tests/user_error.h"

using namespace phantom;
namespace sg2 = phantom::models::stylegan2;

namespace {

sg2::GeneratorConfig tiny_config(sg2::Architecture arch, int64_t channels = 1) {
  sg2::GeneratorConfig c;
  c.z_dim = c.w_dim = 8;
  c.img_resolution = 8;
  c.img_channels = channels;
  c.mapping.num_layers = 2;
  c.synthesis.channel_base = 64;
  c.synthesis.channel_max = 8;
  c.synthesis.architecture = arch;
  return c;
}

double max_abs_diff(const Tensor& a, const Tensor& b) {
  std::vector<double> x = a.to_vector(), y = b.to_vector();
  REQUIRE(x.size() == y.size());
  double m = 0;
  for (size_t i = 0; i < x.size(); ++i) m = std::max(m, std::abs(x[i] - y[i]));
  return m;
}

}  // namespace

TEST_CASE("stylegan2 config: official JSON in, the same config out; derived sizes") {
  const std::string fixture_json =
      R"({"c_dim": 0, "img_channels": 3, "img_resolution": 32, "mapping_kwargs": {"num_layers": 2},
          "synthesis_kwargs": {"channel_base": 2048, "channel_max": 128, "conv_clamp": 256,
          "num_fp16_res": 0}, "w_dim": 64, "z_dim": 64})";
  sg2::GeneratorConfig c = sg2::generator_config_from_json(fixture_json, "t");
  CHECK(c.num_ws() == 8);
  CHECK(c.block_resolutions() == std::vector<int64_t>{4, 8, 16, 32});
  CHECK(c.channels(16) == 128);
  CHECK(c.channels(32) == 64);
  CHECK(c.synthesis.conv_clamp == 256.0);
  CHECK(c.synthesis.architecture == sg2::Architecture::Skip);
  CHECK(c.mapping.lr_multiplier == 0.01);
  CHECK(sg2::generator_config_from_json(sg2::to_json(c), "t") == c);
  c.img_resolution = 1024;
  CHECK(c.num_ws() == 18);
}

TEST_CASE("stylegan2 config: what phantom cannot honour is a one-line error naming the key") {
  auto parse = [](const std::string& s) { sg2::generator_config_from_json(s, "G.safetensors"); };
  CHECK(testing::user_error_of([&] {
          parse(R"({"synthesis_kwargs": {"num_fp16_res": 4}})");
        }).find("num_fp16_res = 4: phantom runs the generator in float32") != std::string::npos);
  CHECK(testing::user_error_of([&] {
          parse(R"({"mapping_kwargs": {"num_layer": 4}})");
        }).find("unknown key 'num_layer'") != std::string::npos);
  CHECK(testing::user_error_of([&] {
          parse(R"({"synthesis_kwargs": {"architecture": "deep"}})");
        }).find("expected orig, skip or resnet") != std::string::npos);
  CHECK(testing::user_error_of([&] { parse(R"({"img_resolution": 24})"); }).find("power of two") !=
        std::string::npos);
  CHECK(testing::user_error_of([&] {
          parse(R"({"z_dim": 1.5})");
        }).find("z_dim: expected an integer") != std::string::npos);
}

TEST_CASE("modulated conv: the fused and unfused formulations agree, with and without up/demod") {
  Tensor f = sg2::make_resample_filter().to(DType::F64);
  for (bool up : {false, true})
    for (bool demodulate : {false, true}) {
      CAPTURE(up);
      CAPTURE(demodulate);
      Tensor x = random_input({3, 4, 5, 5}, 1, -1, 1, false);
      Tensor weight = random_input({6, 4, 3, 3}, 2, -1, 1, false);
      Tensor styles = random_input({3, 4}, 3, 0.5, 1.5, false);
      sg2::ModConvSpec spec{demodulate, up, 1, true};
      Tensor a = sg2::modulated_conv2d(x, weight, styles, f, spec);
      spec.fused = false;
      Tensor b = sg2::modulated_conv2d(x, weight, styles, f, spec);
      CHECK(a.shape() == Shape{3, 6, up ? 10 : 5, up ? 10 : 5});
      CHECK(max_abs_diff(a, b) < 1e-12);
    }
}

TEST_CASE("modulated conv: up-sampling is a true convolution (spec §2.6 equivalent form)") {
  // Zero-insert to 2H x 2W, pad [3, 2, 3, 2], FIR with 4f, then correlate with the spatially
  // flipped kernel: the formulation the spec's float64 re-implementation validated.
  Tensor f = sg2::make_resample_filter().to(DType::F64);
  Tensor x = random_input({1, 2, 4, 4}, 4, -1, 1, false);
  Tensor weight = random_input({3, 2, 3, 3}, 5, -1, 1, false);
  Tensor styles = Tensor::ones({1, 2}, DType::F64);
  sg2::ModConvSpec spec{false, true, 1, true};
  Tensor got = sg2::modulated_conv2d(x, weight, styles, f, spec);
  Upfirdn2dParams fir;
  fir.up_x = fir.up_y = 2;
  fir.pad_x0 = fir.pad_y0 = 3;
  fir.pad_x1 = fir.pad_y1 = 2;
  fir.gain = 4;
  Tensor want = conv2d(upfirdn2d(x, f, fir), flip(weight, {2, 3}), Tensor());
  CHECK(max_abs_diff(got, want) < 1e-12);
  // ...which differs from the naive "up-sample, then correlate with the stored kernel".
  Tensor naive = conv2d(upfirdn2d(x, f, fir), weight, Tensor());
  CHECK(max_abs_diff(got, naive) > 1e-3);
}

TEST_CASE("modulated conv: f64 gradcheck w.r.t. x, weight and styles (fused and unfused)") {
  Tensor f = sg2::make_resample_filter().to(DType::F64);
  for (bool up : {false, true})
    for (bool fused : {false, true}) {
      CAPTURE(up);
      CAPTURE(fused);
      sg2::ModConvSpec spec{true, up, 1, fused};
      GradcheckResult r = gradcheck(
          [&](const std::vector<Tensor>& in) {
            return sg2::modulated_conv2d(in[0], in[1], in[2], f, spec);
          },
          {random_input({2, 3, 3, 3}, 6), random_input({2, 3, 3, 3}, 7),
           random_input({2, 3}, 8, 0.5, 1.5)});
      CHECK_MESSAGE(r.passed, r.detail);
    }
}

TEST_CASE("stylegan2 generator: every architecture, gray and RGB; gradients reach every weight") {
  for (auto arch : {sg2::Architecture::Skip, sg2::Architecture::Orig, sg2::Architecture::Resnet})
    for (int64_t channels : {1, 3}) {
      CAPTURE(sg2::architecture_name(arch));
      Generator init(1);
      sg2::Generator G(tiny_config(arch, channels), init);
      Tensor z = init.normal({2, 8}).set_requires_grad(true);
      Tensor img = G.forward(z);
      CHECK(img.shape() == Shape{2, channels, 8, 8});
      sum(img * img).backward();
      CHECK(z.grad().defined());
      for (const auto& [name, p] : G.named_parameters()) {
        CAPTURE(name);
        CHECK(p.grad().defined());
      }
    }
}

TEST_CASE("stylegan2 generator: official state-dict names; weights file round trip and errors") {
  Generator init(2);
  sg2::Generator G(tiny_config(sg2::Architecture::Resnet), init);
  auto state = G.state_dict();
  for (const char* name : {"synthesis.b4.const", "synthesis.b4.conv1.noise_strength",
                           "synthesis.b8.conv0.affine.bias", "synthesis.b8.skip.weight",
                           "synthesis.b8.torgb.weight", "mapping.w_avg", "mapping.fc1.weight"})
    CHECK_MESSAGE(state.count(name), name);
  CHECK(state.at("synthesis.b4.conv1.noise_strength").dim() == 0);
  CHECK_FALSE(state.count("synthesis.b4.torgb.weight"));  // resnet: ToRGB in the last block only

  TempDir dir("stylegan2");
  const std::string path = dir.file("G.safetensors");
  sg2::save_generator(G, path);
  auto loaded = sg2::load_generator(path);
  CHECK(loaded->config() == G.config());
  Tensor z = init.normal({2, 8});
  NoGradGuard no_grad;
  CHECK(max_abs_diff(loaded->forward(z), G.forward(z)) == 0);

  SafetensorsFile file = read_safetensors(path);
  auto broken = [&](const std::function<void(std::map<std::string, Tensor>&)>& edit) {
    std::map<std::string, Tensor> t = file.tensors;
    edit(t);
    write_safetensors(dir.file("broken.safetensors"), t, file.metadata);
    return testing::user_error_of([&] { sg2::load_generator(dir.file("broken.safetensors")); });
  };
  std::string missing = broken([](auto& t) { t.erase("synthesis.b8.conv1.bias"); });
  CHECK(missing.find("broken.safetensors: load_state_dict: missing key in the state dict: "
                     "synthesis.b8.conv1.bias") != std::string::npos);
  std::string extra = broken([](auto& t) { t["mapping.fc9.weight"] = Tensor::zeros({2}); });
  CHECK(extra.find("broken.safetensors: load_state_dict: unexpected key in the state dict: "
                   "mapping.fc9.weight") != std::string::npos);
  std::string shape = broken([](auto& t) { t["mapping.w_avg"] = Tensor::zeros({9}); });
  CHECK(shape.find("broken.safetensors: load_state_dict: 'mapping.w_avg' has shape [9] in the "
                   "state dict but [8] in the module") != std::string::npos);
  write_safetensors(dir.file("plain.safetensors"), file.tensors);
  CHECK(testing::user_error_of([&] {
          sg2::load_generator(dir.file("plain.safetensors"));
        }).find("no 'generator_kwargs' metadata") != std::string::npos);
}

TEST_CASE("stylegan2 noise modes: const is fixed, random follows the seed, none differs") {
  Generator init(3);
  sg2::Generator G(tiny_config(sg2::Architecture::Skip), init);
  for (const auto& [name, p] : G.named_parameters())
    if (name.find("noise_strength") != std::string::npos) Tensor(p).fill(0.5);
  NoGradGuard no_grad;
  Tensor ws = G.mapping().forward(init.normal({2, 8}));
  auto image = [&](sg2::NoiseMode mode, uint64_t seed) {
    Generator noise(seed);
    sg2::SynthesisOptions o;
    o.noise = mode;
    o.noise_generator = &noise;
    return G.synthesis().forward(ws, o);
  };
  CHECK(max_abs_diff(image(sg2::NoiseMode::Random, 7), image(sg2::NoiseMode::Random, 7)) == 0);
  CHECK(max_abs_diff(image(sg2::NoiseMode::Random, 7), image(sg2::NoiseMode::Random, 8)) > 1e-3);
  CHECK(max_abs_diff(image(sg2::NoiseMode::Const, 0), image(sg2::NoiseMode::None, 0)) > 1e-3);
  sg2::SynthesisOptions unseeded;
  unseeded.noise = sg2::NoiseMode::Random;
  CHECK(testing::user_error_of([&] {
          G.synthesis().forward(ws, unseeded);
        }).find("noise_generator") != std::string::npos);
}
