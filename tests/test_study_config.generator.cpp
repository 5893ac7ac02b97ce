// The study's generator (attacks/study/study_generator.h): the shipped one where it fits the
// protocol, a given file, or one trained on the public data, cached and reused.
#include <doctest/doctest.h>

#include <fstream>

#include "attacks/study/study_generator.h"
#include "models/stylegan2/generator.h"
#include "tests/temp_dir.h"
#include "tests/user_error.h"

using namespace phantom;
using namespace phantom::attacks;

namespace {

StudyConfig tiny_gan_study(const std::string& protocol) {
  StudyConfig c;
  c.protocol = protocol;
  c.generator = "";
  c.gan = {.iterations = 2,
           .batch_size = 4,
           .z_dim = 8,
           .w_dim = 8,
           .channel_base = 64,
           .channel_max = 8};
  return c;
}

nlohmann::json manifest_data(const std::string& weights) {
  const auto dir = std::filesystem::path(weights).parent_path();
  return nlohmann::json::parse(std::ifstream(dir / "manifest.json")).at("data");
}

}  // namespace

TEST_CASE("study generator: the shipped one fits only Fashion-MNIST class-split 0-4") {
  StudyConfig c;
  CHECK(shipped_generator_fits(c));
  c.private_classes = {0, 1};
  CHECK_FALSE(shipped_generator_fits(c));
  c = StudyConfig{};
  c.protocol = "sample-split";
  CHECK_FALSE(shipped_generator_fits(c));

  TempDir tmp("study_generator_paths");
  std::ofstream(tmp.file("G.safetensors")) << "weights";
  CHECK(study_generator(StudyConfig{}, tmp.file("G.safetensors"), tmp.path, {}) ==
        tmp.file("G.safetensors"));
  StudyConfig given;
  given.generator = tmp.file("mine.safetensors");
  CHECK(testing::user_error_of([&] {
          study_generator(given, tmp.file("G.safetensors"), tmp.path, {});
        }).find("mine.safetensors: no StyleGAN2 generator there") != std::string::npos);
}

TEST_CASE("study generator: trained on the public data when the protocol needs it, then cached") {
  TempDir tmp("study_generator_train");
  StudyObserver observer;
  int phases = 0, iterations = 0;
  observer.on_phase = [&](const std::string&) { ++phases; };
  observer.gan.on_iteration = [&](int64_t, int64_t) { ++iterations; };

  // sample-split: the public half of every class.
  const StudyConfig halves = tiny_gan_study("sample-split");
  const std::string weights = study_generator(halves, "unused", tmp.path, observer);
  CHECK(phases == 1);
  CHECK(iterations == 2);
  auto g = models::stylegan2::load_generator(weights);
  CHECK(g->config().z_dim == 8);
  CHECK(g->config().img_resolution == 32);  // 28 px padded
  CHECK(manifest_data(weights).at("images") == 30000);
  CHECK(manifest_data(weights).at("protocol") == "sample-split");
  CHECK(study_generator(halves, "unused", tmp.path, observer) == weights);
  CHECK(phases == 1);  // the second call trains nothing

  // class-split with private classes 0 and 1: the other eight classes, all their images.
  StudyConfig split = tiny_gan_study("class-split");
  split.private_classes = {0, 1};
  const std::string other = study_generator(split, "unused", tmp.path, observer);
  CHECK(other != weights);
  CHECK(manifest_data(other).at("images") == 48000);
  // generator: train trains even where the shipped generator would fit.
  StudyConfig forced = tiny_gan_study("class-split");
  forced.generator = "train";
  CHECK(study_generator(forced, "unused", tmp.path, observer) != other);
  CHECK(phases == 3);
}
