// StyleGAN2 training: the discriminator (official state-dict names, shapes, gradients, an f64
// finite-difference check of dD/dx, minibatch std by hand), the finite-difference R1 estimator
// against the exact R1 gradient, and tiny training runs (finite losses, files, exact resume).
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "engine/audit/gradcheck.h"
#include "engine/autograd/node.h"
#include "engine/io/safetensors.h"
#include "engine/ops/arithmetic.h"
#include "engine/ops/reduction.h"
#include "models/gan_training/gan_losses.h"
#include "models/gan_training/gan_trainer.h"
#include "models/stylegan2/discriminator_file.h"
#include "tests/gan_test_configs.h"
#include "tests/temp_dir.h"

using namespace phantom;
namespace sg2 = phantom::models::stylegan2;
namespace gan = phantom::models::gan;

namespace {

sg2::DiscriminatorConfig tiny_d(int64_t resolution = 16, int64_t channels = 1) {
  sg2::DiscriminatorConfig c;
  c.img_resolution = resolution;
  c.img_channels = channels;
  c.channel_base = 64;  // 16 -> 4, 8 -> 8, 4 -> 16 channels
  c.channel_max = 16;
  c.mbstd_group_size = 2;
  return c;
}

}  // namespace

TEST_CASE("discriminator: official names and shapes, one logit per image") {
  Generator init(1);
  sg2::Discriminator d(tiny_d(16, 3), init);
  std::map<std::string, Tensor> sd = d.state_dict();
  const std::map<std::string, Shape> expected = {
      {"b16.resample_filter", {4, 4}},
      {"b16.fromrgb.weight", {4, 3, 1, 1}},
      {"b16.fromrgb.bias", {4}},
      {"b16.fromrgb.resample_filter", {4, 4}},
      {"b16.conv0.weight", {4, 4, 3, 3}},
      {"b16.conv0.bias", {4}},
      {"b16.conv0.resample_filter", {4, 4}},
      {"b16.conv1.weight", {8, 4, 3, 3}},
      {"b16.conv1.bias", {8}},
      {"b16.conv1.resample_filter", {4, 4}},
      {"b16.skip.weight", {8, 4, 1, 1}},
      {"b16.skip.resample_filter", {4, 4}},
      {"b8.resample_filter", {4, 4}},
      {"b8.conv0.weight", {8, 8, 3, 3}},
      {"b8.conv0.bias", {8}},
      {"b8.conv0.resample_filter", {4, 4}},
      {"b8.conv1.weight", {16, 8, 3, 3}},
      {"b8.conv1.bias", {16}},
      {"b8.conv1.resample_filter", {4, 4}},
      {"b8.skip.weight", {16, 8, 1, 1}},
      {"b8.skip.resample_filter", {4, 4}},
      {"b4.conv.weight", {16, 17, 3, 3}},
      {"b4.conv.bias", {16}},
      {"b4.conv.resample_filter", {4, 4}},
      {"b4.fc.weight", {16, 256}},
      {"b4.fc.bias", {16}},
      {"b4.out.weight", {1, 16}},
      {"b4.out.bias", {1}},
  };
  CHECK(sd.size() == expected.size());
  for (const auto& [name, shape] : expected) {
    const std::string& tensor_name = name;  // clang < 16 cannot capture a binding
    INFO(tensor_name);
    REQUIRE(sd.count(name));
    CHECK(sd.at(name).shape() == shape);
  }
  Tensor logits = d(Generator(2).normal({4, 3, 16, 16}));
  CHECK(logits.shape() == Shape{4, 1});
  for (double v : logits.to_vector()) CHECK(std::isfinite(v));

  sg2::DiscriminatorConfig orig = tiny_d();
  orig.architecture = sg2::DiscriminatorArchitecture::Orig;
  sg2::Discriminator d_orig(orig, init);
  CHECK(d_orig.state_dict().count("b16.skip.weight") == 0);
  CHECK(d_orig(Generator(2).normal({2, 1, 16, 16})).shape() == Shape{2, 1});
  CHECK_THROWS_AS(sg2::Discriminator(tiny_d(12), init), UserError);
  CHECK_THROWS_AS(d(Generator(2).normal({2, 1, 16, 16})), UserError);  // wrong channel count
}

TEST_CASE("discriminator: gradients reach the input and every parameter") {
  Generator init(3);
  sg2::Discriminator d(tiny_d(), init);
  Tensor x = Generator(4).normal({4, 1, 16, 16});
  x.set_requires_grad();
  sum(d(x)).backward();
  REQUIRE(x.grad().defined());
  double gx = 0;
  for (double v : x.grad().to_vector()) gx += std::abs(v);
  CHECK(gx > 0);
  for (const auto& [name, p] : d.named_parameters()) {
    const std::string& tensor_name = name;  // clang < 16 cannot capture a binding
    INFO(tensor_name);
    REQUIRE(p.grad().defined());
    double s = 0;
    for (double v : p.grad().to_vector()) s += std::abs(v);
    CHECK(s > 0);
  }
}

TEST_CASE("discriminator: dD/dx matches central differences in float64 (clamp on)") {
  Generator init(5);
  sg2::DiscriminatorConfig c = tiny_d(8);
  c.conv_clamp = 256;
  sg2::Discriminator d(c, init);
  d.to(DType::F64);
  Tensor x = random_input({4, 1, 8, 8}, 6);
  GradcheckResult r = gradcheck([&](const std::vector<Tensor>& in) { return d(in[0]); }, {x},
                                {.eps = 1e-6, .tolerance = 1e-6});
  INFO(r.detail);
  CHECK(r.passed);
}

TEST_CASE("discriminator: dD/dθ matches central differences in float64 for every parameter") {
  Generator init(7);
  sg2::DiscriminatorConfig c = tiny_d(8);
  c.conv_clamp = 256;
  sg2::Discriminator d(c, init);
  d.to(DType::F64);
  const Tensor x = random_input({4, 1, 8, 8}, 8);
  const Tensor r = random_input({4, 1}, 9);  // L = Σ D(x)·r, so every output matters
  auto loss = [&] { return sum(mul(d(x), r)); };
  d.zero_grad();
  loss().backward();
  const double eps = 1e-6;
  for (auto& [name, p] : d.named_parameters()) {
    const std::string& tensor_name = name;  // clang < 16 cannot capture a binding
    INFO(tensor_name);
    REQUIRE(p.grad().defined());
    const std::vector<double> analytic = p.grad().to_vector();
    double* v = p.data<double>();
    // A few entries per tensor, spread over it: first, middle, last.
    for (int64_t i : {int64_t{0}, p.numel() / 2, p.numel() - 1}) {
      const double saved = v[i];
      double plus, minus;
      {
        NoGradGuard no_grad;
        v[i] = saved + eps;
        plus = loss().item();
        v[i] = saved - eps;
        minus = loss().item();
      }
      v[i] = saved;
      const double numeric = (plus - minus) / (2 * eps);
      CHECK(std::abs(numeric - analytic[size_t(i)]) <= 1e-5 * (1 + std::abs(numeric)));
    }
  }
}

TEST_CASE("minibatch std: groups are strided over the batch, as official") {
  // N = 4, group 2: samples {0, 2} and {1, 3} form the groups; one channel, one pixel.
  Tensor x = Tensor::from_vector({1, 10, 3, 20}, {4, 1, 1, 1});
  std::vector<double> y = sg2::minibatch_std(x, 2, 1).to_vector();  // [4, 2, 1, 1]
  const double s02 = std::sqrt(1.0 + 1e-8), s13 = std::sqrt(25.0 + 1e-8);
  CHECK(y[1] == doctest::Approx(s02));
  CHECK(y[3] == doctest::Approx(s13));
  CHECK(y[5] == doctest::Approx(s02));
  CHECK(y[7] == doctest::Approx(s13));
  CHECK_THROWS_AS(sg2::minibatch_std(Tensor::zeros({3, 1, 1, 1}), 2, 1), UserError);
}

TEST_CASE("R1 estimator: the finite-difference gradient equals the exact R1 gradient (f64)") {
  Generator init(7);
  sg2::Discriminator d(tiny_d(8), init);
  d.to(DType::F64);
  const std::vector<Tensor> params = d.parameters();
  gan::Critic critic = [&](const Tensor& x) { return d(x); };
  const Tensor reals = random_input({4, 1, 8, 8}, 8, -1, 1, false);
  const double gamma = 0.7, weight = 3;
  double penalty = gan::accumulate_r1_gradient(critic, params, reals,
                                               {.gamma = gamma, .weight = weight, .fd_step = 1e-6});
  std::vector<Tensor> estimated;
  for (const auto& [name, p] : d.named_parameters()) {
    const std::string& tensor_name = name;  // clang < 16 cannot capture a binding
    INFO(tensor_name);
    REQUIRE(p.grad().defined());
    estimated.push_back(p.grad().clone());
  }
  CHECK(penalty > 0);
  CHECK(penalty * gamma / 2 == doctest::Approx(gan::r1_penalty(critic, params, reals, gamma)));
  for (Tensor p : params) p.zero_grad();
  // The exact gradient of weight·R1(θ) by central differences of R1 over θ, where R1(θ) uses only
  // exact first derivatives; a few elements of every parameter tensor.
  int checked = 0;
  double worst = 0;
  for (size_t k = 0; k < params.size(); ++k) {
    double* theta = params[k].data<double>();
    for (int64_t i : {int64_t{0}, params[k].numel() / 2, params[k].numel() - 1}) {
      const double h = 1e-6, saved = theta[i];
      theta[i] = saved + h;
      const double up = gan::r1_penalty(critic, params, reals, gamma);
      theta[i] = saved - h;
      const double down = gan::r1_penalty(critic, params, reals, gamma);
      theta[i] = saved;
      const double exact = weight * (up - down) / (2 * h);
      const double got = estimated[k].data<double>()[i];
      worst = std::max(worst, std::abs(got - exact) / std::max(1e-3, std::abs(exact)));
      ++checked;
    }
  }
  INFO("worst relative error " << worst << " over " << checked << " parameter elements");
  CHECK(worst < 1e-5);
}

namespace {

gan::GanTrainConfig tiny_gan() {
  gan::GanTrainConfig c;
  c.generator = testing::small_gan_generator();
  c.discriminator = tiny_d(8);
  c.discriminator.channel_base = 32;
  c.discriminator.channel_max = 8;
  c.batch_size = 4;
  c.iterations = 4;
  c.r1_interval = 2;
  c.r1_gamma = 1;
  c.sample_every = 2;
  c.checkpoint_every = 0;
  c.sample_count = 4;
  c.seed = 11;
  return c;
}

gan::GanData tiny_data() {
  auto ds = std::make_shared<data::Dataset>();
  ds->images = Generator(12).uniform({12, 1, 6, 6});
  ds->labels.assign(12, 0);
  ds->class_names = {"only"};
  ds->source = "synthetic";
  gan::GanData d;
  d.dataset = ds;
  d.transform.pad = 1;
  d.transform.normalize = true;
  d.description = {{"source", "synthetic"}};
  return d;
}

}  // namespace

TEST_CASE("train_gan: a tiny run gives finite losses and writes every file") {
  TempDir dir("gan_tiny");
  gan::GanRunOptions o;
  o.log_every = 2;
  int64_t fid_calls = 0;
  o.fid = [&](const Tensor& images) {
    ++fid_calls;
    CHECK(images.shape() == Shape{6, 1, 8, 8});
    return 1.5;
  };
  o.fid_samples = 6;
  gan::GanTrainResult r = gan::train_gan(tiny_gan(), tiny_data(), dir.path.string(), o);
  CHECK(r.iterations_done == 4);
  REQUIRE(r.final_fid.has_value());
  CHECK(*r.final_fid == 1.5);
  CHECK(fid_calls == 1);
  for (const char* f :
       {"manifest.json", "log.jsonl", "checkpoint.safetensors", "generator.safetensors",
        "samples/iter-000000.png", "samples/iter-000002.png", "samples/iter-000004.png"})
    CHECK_MESSAGE(std::filesystem::exists(dir.path / f), f);
  std::ifstream log(dir.file("log.jsonl"));
  int lines = 0;
  for (std::string line; std::getline(log, line); ++lines) {
    nlohmann::json j = nlohmann::json::parse(line);
    CHECK(std::isfinite(j.at("g_loss").get<double>()));
    CHECK(std::isfinite(j.at("d_loss").get<double>()));
    CHECK(std::isfinite(j.at("r1_penalty").get<double>()));
    CHECK(j.at("r1_penalty").get<double>() > 0);
  }
  CHECK(lines == 2);
  auto g = sg2::load_generator(dir.file("generator.safetensors"));
  CHECK(g->config() == tiny_gan().generator);
  CHECK(read_safetensors(dir.file("generator.safetensors")).metadata.count("provenance"));
  // The final D, as in the checkpoint, for the attack's discriminator term.
  auto d = sg2::load_discriminator(dir.file("discriminator.safetensors"));
  CHECK(d->config() == tiny_gan().discriminator);
  SafetensorsFile checkpoint = read_safetensors(dir.file("checkpoint.safetensors"));
  for (const auto& [name, t] : d->state_dict())
    CHECK_MESSAGE(t.to_vector() == checkpoint.tensors.at("D." + name).to_vector(), name);
}

TEST_CASE("train_gan: stopping and resuming gives the uninterrupted run's weights exactly") {
  TempDir whole("gan_whole"), parts("gan_parts");
  gan::GanRunOptions fresh, resume;
  resume.resume = true;
  gan::GanTrainConfig c = tiny_gan();
  c.iterations = 5;  // crosses an epoch boundary (3 batches per epoch)
  gan::train_gan(c, tiny_data(), whole.path.string(), fresh);
  c.iterations = 2;
  gan::train_gan(c, tiny_data(), parts.path.string(), fresh);
  c.iterations = 5;
  gan::train_gan(c, tiny_data(), parts.path.string(), resume);
  SafetensorsFile a = read_safetensors(whole.file("checkpoint.safetensors"));
  SafetensorsFile b = read_safetensors(parts.file("checkpoint.safetensors"));
  REQUIRE(a.tensors.size() == b.tensors.size());
  for (const auto& [name, t] : a.tensors) {
    const std::string& tensor_name = name;  // clang < 16 cannot capture a binding
    INFO(tensor_name);
    REQUIRE(b.tensors.count(name));
    CHECK(t.to_vector() == b.tensors.at(name).to_vector());
  }
  c.r1_gamma = 2;  // a different configuration may not resume
  CHECK_THROWS_AS(gan::train_gan(c, tiny_data(), parts.path.string(), resume), UserError);
}

TEST_CASE("train_gan with DiffAugment: finite losses, augmentation changes the run, exact resume") {
  TempDir plain("gan_da_plain"), whole("gan_da_whole"), parts("gan_da_parts");
  gan::GanRunOptions fresh, resume;
  resume.resume = true;
  gan::GanTrainConfig c = tiny_gan();
  c.iterations = 5;
  gan::train_gan(c, tiny_data(), plain.path.string(), fresh);
  c.augment = {.color = true, .translation = true, .cutout = true};
  gan::train_gan(c, tiny_data(), whole.path.string(), fresh);
  c.iterations = 2;
  gan::train_gan(c, tiny_data(), parts.path.string(), fresh);
  c.iterations = 5;
  gan::train_gan(c, tiny_data(), parts.path.string(), resume);
  const auto g = [](const TempDir& d) {
    return read_safetensors(d.file("generator.safetensors"))
        .tensors.at("synthesis.b8.torgb.weight");
  };
  CHECK(g(whole).to_vector() == g(parts).to_vector());
  CHECK(g(whole).to_vector() != g(plain).to_vector());
  std::ifstream log(whole.file("log.jsonl"));
  for (std::string line; std::getline(log, line);) {
    const nlohmann::json j = nlohmann::json::parse(line);
    CHECK(std::isfinite(j.at("g_loss").get<double>()));
    CHECK(std::isfinite(j.at("d_loss").get<double>()));
  }
}
