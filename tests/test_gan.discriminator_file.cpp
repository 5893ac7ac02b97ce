// The discriminator weights file (models/stylegan2/discriminator_file.h) and the attack prior's
// use of it: round trip, official kwargs, one-line errors naming the file and key, and realism
// logits over batches that the minibatch-std group size does not divide; and the prior's choice of
// fused or unfused modulated convolutions.
#include <doctest/doctest.h>

#include "attacks/ppa/stylegan2_prior.h"
#include "engine/autograd/node.h"
#include "engine/io/safetensors.h"
#include "engine/ops/arithmetic.h"
#include "engine/ops/reduction.h"
#include "engine/ops/shape_ops.h"
#include "models/stylegan2/discriminator_file.h"
#include "tests/gan_test_configs.h"
#include "tests/temp_dir.h"
#include "tests/user_error.h"

using namespace phantom;
namespace sg2 = phantom::models::stylegan2;
using testing::user_error_of;

namespace {

sg2::DiscriminatorConfig small_d() {
  sg2::DiscriminatorConfig c;
  c.img_resolution = 8;
  c.img_channels = 1;
  c.channel_base = 32;  // 8 -> 4, 4 -> 8 channels
  c.channel_max = 8;
  c.mbstd_group_size = 4;
  return c;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("discriminator file: round trip with its kwargs, same logits") {
  Generator init(4);
  sg2::Discriminator d(small_d(), init);
  TempDir dir("d_file");
  sg2::save_discriminator(d, dir.file("D.safetensors"), {{"provenance", "{}"}});
  auto loaded = sg2::load_discriminator(dir.file("D.safetensors"));
  CHECK(loaded->config() == d.config());
  CHECK_FALSE(loaded->is_training());
  d.eval();
  Tensor x = init.normal({4, 1, 8, 8});
  NoGradGuard no_grad;
  CHECK(loaded->forward(x).to_vector() == d.forward(x).to_vector());
  CHECK(read_safetensors(dir.file("D.safetensors")).metadata.count("provenance"));
}

TEST_CASE("discriminator kwargs: the official constructor arguments in, errors name the key") {
  // As the official training loop passes them (empty block/mapping kwargs, an unused cmap_dim).
  sg2::DiscriminatorConfig c = sg2::discriminator_config_from_json(
      R"({"c_dim": 0, "img_resolution": 16, "img_channels": 3, "architecture": "orig",
          "channel_base": 64, "channel_max": 16, "num_fp16_res": 0, "conv_clamp": 256,
          "cmap_dim": null, "block_kwargs": {"freeze_layers": 0}, "mapping_kwargs": {},
          "epilogue_kwargs": {"mbstd_group_size": 8, "mbstd_num_channels": 2}})",
      "D.safetensors");
  CHECK(c.img_resolution == 16);
  CHECK(c.img_channels == 3);
  CHECK(c.architecture == sg2::DiscriminatorArchitecture::Orig);
  CHECK(c.conv_clamp == 256.0);
  CHECK(c.mbstd_group_size == 8);
  CHECK(c.mbstd_num_channels == 2);
  CHECK(sg2::discriminator_config_from_json(sg2::to_json(small_d()), "x") == small_d());

  auto error = [](const std::string& json) {
    return user_error_of([&] { sg2::discriminator_config_from_json(json, "D.safetensors"); });
  };
  CHECK(contains(error(R"({"c_dim": 10})"), "D.safetensors: discriminator_kwargs.c_dim = 10"));
  CHECK(contains(error(R"({"num_fp16_res": 4})"), "num_fp16_res = 4"));
  CHECK(contains(error(R"({"architecture": "skip"})"), "expected orig or resnet, found 'skip'"));
  CHECK(contains(error(R"({"epilogue_kwargs": {"mbstd_group": 4}})"),
                 "epilogue_kwargs: unknown key 'mbstd_group'"));
  CHECK(
      contains(error(R"({"img_resolution": 12})"), "D.safetensors: discriminator img_resolution"));
  CHECK(contains(error("{"), "D.safetensors: discriminator_kwargs is not valid JSON"));
  CHECK(contains(error(R"({"block_kwargs": {"activation": "relu"}})"),
                 "block_kwargs.activation = \"relu\""));
}

TEST_CASE("discriminator file: a wrong file is one line naming it") {
  Generator init(5);
  sg2::Discriminator d(small_d(), init);
  TempDir dir("d_file_errors");
  sg2::save_discriminator(d, dir.file("D.safetensors"));
  SafetensorsFile file = read_safetensors(dir.file("D.safetensors"));
  write_safetensors(dir.file("plain.safetensors"), file.tensors);
  CHECK(contains(user_error_of([&] { sg2::load_discriminator(dir.file("plain.safetensors")); }),
                 "plain.safetensors: no 'discriminator_kwargs' metadata"));
  std::map<std::string, Tensor> missing = file.tensors;
  missing.erase("b4.out.bias");
  write_safetensors(dir.file("missing.safetensors"), missing, file.metadata);
  const std::string e =
      user_error_of([&] { sg2::load_discriminator(dir.file("missing.safetensors")); });
  CHECK(contains(e, "missing.safetensors: "));
  CHECK(contains(e, "b4.out.bias"));
}

TEST_CASE("attack prior: realism logits are D's, a batch remainder forms its own mbstd group") {
  Generator init(6);
  auto g = std::make_shared<sg2::Generator>(testing::small_gan_generator(), init);
  auto d = std::make_shared<sg2::Discriminator>(small_d(), init);
  attacks::StyleGan2Prior plain(g, false);
  CHECK_FALSE(plain.realism_logits(init.normal({2, 1, 8, 8})).defined());

  attacks::StyleGan2Prior prior(g, false, d);
  Tensor images = init.normal({6, 1, 8, 8}).set_requires_grad(true);
  Tensor logits = prior.realism_logits(images);  // groups of 4 and 2
  REQUIRE(logits.shape() == Shape{6, 1});
  {
    NoGradGuard no_grad;
    std::vector<double> expected = d->forward(slice(images, 0, 0, 4)).to_vector();
    for (double v : d->forward(slice(images, 0, 4, 6)).to_vector()) expected.push_back(v);
    CHECK(logits.to_vector() == expected);
  }
  sum(logits).backward();  // differentiable w.r.t. the images; D itself stays frozen
  REQUIRE(images.grad().defined());
  double norm = 0;
  for (double v : images.grad().to_vector()) norm += v * v;
  CHECK(norm > 0);
  for (const Tensor& p : d->parameters()) CHECK_FALSE(p.requires_grad());

  sg2::DiscriminatorConfig rgb = small_d();
  rgb.img_channels = 3;
  CHECK(contains(user_error_of([&] {
                   attacks::StyleGan2Prior(g, false,
                                           std::make_shared<sg2::Discriminator>(rgb, init));
                 }),
                 "the discriminator reads 3x8x8 images but the generator makes 1x8x8"));
}

TEST_CASE("attack prior: fused and unfused modulated convolutions, the same images and gradients") {
  Generator init(7);
  auto g = std::make_shared<sg2::Generator>(testing::small_gan_generator(), init);
  const Tensor ws = init.normal({3, g->config().num_ws(), g->config().w_dim});
  std::vector<std::vector<double>> images, grads;
  for (bool fused : {true, false}) {
    attacks::StyleGan2Prior prior(g, fused);
    Tensor w = ws.detach().set_requires_grad(true);
    Tensor img = prior.synthesize(w);
    images.push_back(img.to_vector());
    sum(img * img).backward();
    grads.push_back(w.grad().to_vector());
  }
  // The flag takes effect (the two round differently) and both compute the same function.
  CHECK(images[0] != images[1]);
  for (const auto& pair :
       {std::make_pair(images[0], images[1]), std::make_pair(grads[0], grads[1])}) {
    double worst = 0, largest = 0;
    for (size_t i = 0; i < pair.first.size(); ++i) {
      worst = std::max(worst, std::abs(pair.first[i] - pair.second[i]));
      largest = std::max(largest, std::abs(pair.first[i]));
    }
    CHECK(worst <= 1e-5 * largest);
  }
}
