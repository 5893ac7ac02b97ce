// CUDA against CPU for the data transforms: the same image and a Generator of the same seed on
// both devices give the same result (exactly for the copies, within kCudaTransformRelTol for the
// arithmetic) and leave the generators at the same position; a DataLoader with device = cuda gives
// the CPU loader's batches, on the GPU. Every case is skipped without a CUDA device.
#include <doctest/doctest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/random.h"
#include "engine/data/loader.h"
#include "engine/data/transform_config.h"
#include "engine/data/transforms_color.h"
#include "engine/data/transforms_geometry.h"
#include "tests/cuda_device.h"
#include "tests/cuda_parity_compare.h"

using namespace phantom;
using namespace phantom::data;
using test::expect_close;
using test::kCudaTransformRelTol;

namespace {

const Device kGpu = Device::cuda(0);

// A 13x17 image of uniform values with the edge cases of the colour formulas: exact 0 and 1, and
// (RGB) a gray pixel, where hue and saturation divide by nothing.
Tensor test_image(int64_t channels) {
  Tensor x = Generator(40 + static_cast<uint64_t>(channels)).uniform({channels, 13, 17});
  float* p = x.data<float>();
  p[0] = 0.0f, p[1] = 1.0f;
  const int64_t plane = 13 * 17;
  for (int64_t c = 1; c < channels; ++c) p[c * plane + 5] = p[5];
  return x;
}

using ImageFn = std::function<Tensor(const Tensor&, Generator&)>;

// fn on the CPU image and on its GPU copy, each with a Generator seeded `seed`.
void check_parity(const std::string& what, const ImageFn& fn, const Tensor& x, uint64_t seed,
                  double rel_tol) {
  INFO(what, " on ", x.describe(), ", seed ", seed);
  Generator cpu_gen(seed), gpu_gen(seed);
  Tensor cpu = fn(x, cpu_gen);
  Tensor gpu = fn(x.to(kGpu), gpu_gen);
  expect_close(gpu, cpu, what, rel_tol);
  CHECK(gpu_gen.uniform_scalar() == cpu_gen.uniform_scalar());  // the same draws were taken
}

void check_parity(const Transform& t, const Tensor& x, uint64_t seed, double rel_tol) {
  check_parity(
      t.name(), [&](const Tensor& image, Generator& gen) { return t.apply(image, gen); }, x, seed,
      rel_tol);
}

}  // namespace

TEST_CASE("CUDA parity: resize, crops, flip and pad" * doctest::skip(!test::has_cuda_device())) {
  for (int64_t channels : {1, 3}) {
    const Tensor x = test_image(channels);
    check_parity(Resize(7, 9), x, 0, kCudaTransformRelTol);  // antialiased downscale
    check_parity(Resize(20, 31), x, 0, kCudaTransformRelTol);
    check_parity(CenterCrop(9, 11), x, 0, 0.0);
    check_parity(Pad(3, 0.25f), x, 0, 0.0);
    for (uint64_t seed = 0; seed < 8; ++seed) {
      check_parity(RandomResizedCrop(8, 8), x, seed, kCudaTransformRelTol);
      check_parity(RandomHorizontalFlip(0.5), x, seed, 0.0);
    }
  }
}

TEST_CASE("CUDA parity: colour adjustments on RGB and gray images, and normalise" *
          doctest::skip(!test::has_cuda_device())) {
  for (int64_t channels : {1, 3}) {
    const Tensor x = test_image(channels);
    for (double factor : {0.0, 0.35, 1.0, 1.8}) {
      const std::string f = std::to_string(factor);
      check_parity(
          "brightness " + f,
          [&](const Tensor& t, Generator&) { return adjust_brightness(t, factor); }, x, 0,
          kCudaTransformRelTol);
      check_parity(
          "contrast " + f, [&](const Tensor& t, Generator&) { return adjust_contrast(t, factor); },
          x, 0, kCudaTransformRelTol);
      check_parity(
          "saturation " + f,
          [&](const Tensor& t, Generator&) { return adjust_saturation(t, factor); }, x, 0,
          kCudaTransformRelTol);
    }
    for (double shift : {-0.5, -0.2, 0.0, 0.13, 0.5})
      check_parity(
          "hue " + std::to_string(shift),
          [&](const Tensor& t, Generator&) { return adjust_hue(t, shift); }, x, 0,
          kCudaTransformRelTol);
    check_parity(Normalize(), x, 0, kCudaTransformRelTol);
    check_parity(Normalize(0.3, 0.27), x, 0, kCudaTransformRelTol);
  }
}

namespace {

// Every step of build_pipeline, colour jitter included.
TransformConfig full_config() {
  TransformConfig config;
  config.resize_height = 14, config.resize_width = 15;
  config.pad = 2;
  config.random_crop_height = config.random_crop_width = 10;
  config.hflip_probability = 0.5;
  config.brightness = config.contrast = config.saturation = 0.4;
  config.hue = 0.1;
  config.normalize = true;
  return config;
}

}  // namespace

TEST_CASE("CUDA parity: a full pipeline with colour jitter" *
          doctest::skip(!test::has_cuda_device())) {
  const Pipeline pipeline = build_pipeline(full_config());
  for (int64_t channels : {1, 3})
    for (uint64_t seed = 0; seed < 8; ++seed)
      check_parity(
          pipeline.describe(),
          [&](const Tensor& t, Generator& gen) { return pipeline.apply(t, gen); },
          test_image(channels), seed, kCudaTransformRelTol);
}

TEST_CASE("CUDA parity: a DataLoader with device = cuda gives the CPU batches on the GPU" *
          doctest::skip(!test::has_cuda_device())) {
  auto ds = std::make_shared<Dataset>();
  ds->source = "random";
  ds->class_names = {"a", "b"};
  ds->images = Generator(3).uniform({20, 3, 12, 12});
  for (int64_t i = 0; i < 20; ++i) ds->labels.push_back(i % 2);
  // The GPU loader prefetches, so its transforms run on the worker thread.
  for (const Pipeline& pipeline : {Pipeline(), build_pipeline(full_config())}) {
    INFO(pipeline.describe());
    DataLoader cpu(ds, pipeline, {.batch_size = 6, .seed = 21, .prefetch = 0});
    DataLoader gpu(ds, pipeline, {.batch_size = 6, .seed = 21, .prefetch = 2, .device = kGpu});
    for (int64_t epoch : {0, 1}) {
      EpochReader cpu_reader = cpu.epoch(epoch), gpu_reader = gpu.epoch(epoch);
      while (std::optional<Batch> expected = cpu_reader.next()) {
        std::optional<Batch> got = gpu_reader.next();
        REQUIRE(got.has_value());
        CHECK(got->indices == expected->indices);
        CHECK(got->labels == expected->labels);
        expect_close(got->images, expected->images, "batch " + std::to_string(expected->number),
                     pipeline.empty() ? 0.0 : kCudaTransformRelTol);
      }
      CHECK_FALSE(gpu_reader.next().has_value());
    }
  }
}
