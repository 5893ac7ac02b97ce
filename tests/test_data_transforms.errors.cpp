// Every per-image transform function (crop, flip, pad, resize, the colour adjustments,
// normalise) refuses a tensor that is not an f32 image [C, H, W] with one line naming the
// transform, what it expects and what it found, before any kernel runs.
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include "engine/core/random.h"
#include "engine/data/transforms_color.h"
#include "engine/data/transforms_geometry.h"
#include "tests/user_error.h"

using namespace phantom;
using namespace phantom::data;

TEST_CASE("the image transforms reject a non-image with one clear line") {
  struct EntryPoint {
    std::string name;
    std::function<Tensor(const Tensor&)> run;
  };
  Generator gen(0);
  const std::vector<EntryPoint> entry_points = {
      {"crop",
       [](const Tensor& t) {
         return crop(t, {0, 0, 1, 1});
       }},
      {"hflip", [](const Tensor& t) { return hflip(t); }},
      {"pad", [](const Tensor& t) { return pad(t, 1, 0.0f); }},
      {"resize", [](const Tensor& t) { return resize_image(t, 2, 2, true); }},
      {"brightness", [](const Tensor& t) { return adjust_brightness(t, 0.5); }},
      {"contrast", [](const Tensor& t) { return adjust_contrast(t, 0.5); }},
      {"saturation", [](const Tensor& t) { return adjust_saturation(t, 0.5); }},
      {"hue", [](const Tensor& t) { return adjust_hue(t, 0.1); }},
      {"normalize", [&](const Tensor& t) { return Normalize().apply(t, gen); }},
  };
  const std::vector<Tensor> non_images = {
      Tensor::zeros({4, 5}),                 // no channel dimension
      Tensor::zeros({2, 3, 4, 5}),           // a batch
      Tensor::zeros({3, 4, 5}, DType::F64),  // the wrong dtype
  };
  for (const EntryPoint& entry : entry_points)
    for (const Tensor& bad : non_images) {
      const std::string message = testing::user_error_of([&] { entry.run(bad); });
      CAPTURE(message);
      CHECK(message.find(entry.name + ": expects an f32 image [C, H, W]") != std::string::npos);
      CHECK(message.find("found " + bad.describe()) != std::string::npos);
      CHECK(message.find('\n') == std::string::npos);
    }
  // A colour adjustment also names the channel counts it takes.
  CHECK(testing::user_error_of([] {
          adjust_contrast(Tensor::zeros({2, 4, 4}), 0.5);
        }).find("contrast: expects 1 or 3 channels, found 2") != std::string::npos);
}
