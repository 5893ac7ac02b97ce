// Image folders: classes from sorted sub-folders, exact pixel values, conversion and resize on
// load, and one-line errors for every way a folder can be wrong.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "engine/data/dataset_spec.h"
#include "engine/data/image_folder.h"
#include "engine/io/image.h"
#include "engine/ops/resample.h"
#include "tests/temp_dir.h"

using namespace phantom;
using namespace phantom::data;
namespace fs = std::filesystem;

namespace {

// A [C, H, W] image whose bytes are (seed + 13 i) mod 256, so every pixel is distinct and exact.
Tensor byte_image(int64_t c, int64_t h, int64_t w, int seed) {
  std::vector<float> v(static_cast<size_t>(c * h * w));
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>((seed + 13 * i) % 256) / 255.0f;
  return Tensor::from_floats(v, {c, h, w});
}

void write(const TempDir& dir, const std::string& rel, const Tensor& chw) {
  fs::create_directories((dir.path / rel).parent_path());
  io::write_png(dir.file(rel), chw);
}

void check_equal(const float* got, const Tensor& expected) {
  std::vector<float> e = expected.to_floats();
  for (size_t i = 0; i < e.size(); ++i) CHECK(got[i] == doctest::Approx(e[i]).epsilon(1e-6));
}

}  // namespace

TEST_CASE("an image folder gives sorted classes, sorted files and exact pixels") {
  TempDir dir("data_folder");
  // Written out of order: classes and files must still come out sorted.
  write(dir, "zebra/b.png", byte_image(1, 4, 5, 3));
  write(dir, "zebra/a.png", byte_image(1, 4, 5, 5));
  write(dir, "cat/x.png", byte_image(1, 4, 5, 7));
  std::ofstream(dir.file("zebra/notes.txt")) << "not an image";
  Dataset ds = load_image_folder(dir.path.string());
  CHECK(ds.class_names == std::vector<std::string>{"cat", "zebra"});
  CHECK(ds.labels == std::vector<int64_t>{0, 1, 1});
  REQUIRE(ds.images.shape() == Shape{3, 1, 4, 5});
  const float* p = ds.images.data<float>();
  check_equal(p, byte_image(1, 4, 5, 7));
  check_equal(p + 20, byte_image(1, 4, 5, 5));
  check_equal(p + 40, byte_image(1, 4, 5, 3));
  ds.validate();
}

TEST_CASE("image folders: mixed channels need a forced count, mixed sizes need a resize") {
  TempDir dir("data_folder");
  write(dir, "a/gray.png", byte_image(1, 6, 8, 1));
  write(dir, "b/rgb.png", byte_image(3, 6, 8, 2));
  CHECK_THROWS_WITH_AS(load_image_folder(dir.path.string()),
                       doctest::Contains("has 3 channels but"), UserError);
  Dataset rgb = load_image_folder(dir.path.string(), {.channels = 3});
  CHECK(rgb.images.shape() == Shape{2, 3, 6, 8});
  check_equal(rgb.images.data<float>() + 48,
              io::read_image(dir.file("a/gray.png"), 3).slice0_view(1, 2));

  write(dir, "b/small.png", byte_image(3, 3, 4, 9));
  CHECK_THROWS_WITH_AS(load_image_folder(dir.path.string(), {.channels = 3}),
                       doctest::Contains("is 3x4 but"), UserError);
  Dataset resized = load_image_folder(dir.path.string(), {.channels = 1, .height = 3, .width = 4});
  REQUIRE(resized.images.shape() == Shape{3, 1, 3, 4});
  // Each image equals resize_bilinear (antialiased) of the file read on its own.
  Tensor file = io::read_image(dir.file("a/gray.png"), 1).view_as_shape({1, 1, 6, 8});
  check_equal(resized.images.data<float>(), resize_bilinear(file, 3, 4, true));
}

TEST_CASE("image folder errors name the folder or file") {
  TempDir dir("data_folder");
  CHECK_THROWS_WITH_AS(load_image_folder(dir.file("missing")), doctest::Contains("does not exist"),
                       UserError);
  CHECK_THROWS_WITH_AS(load_image_folder(dir.path.string()),
                       doctest::Contains("has no class sub-folders"), UserError);
  fs::create_directories(dir.path / "empty");
  CHECK_THROWS_WITH_AS(load_image_folder(dir.path.string()),
                       doctest::Contains("empty: class folder has no"), UserError);
  fs::remove(dir.path / "empty");
  write(dir, "a/good.png", byte_image(1, 2, 2, 0));
  std::ofstream(dir.file("a/broken.png")) << "not a png";
  CHECK_THROWS_WITH_AS(load_image_folder(dir.path.string()), doctest::Contains("broken.png"),
                       UserError);
  CHECK_THROWS_WITH_AS(load_image_folder(dir.path.string(), {.channels = 2}),
                       doctest::Contains("channels must be 0"), UserError);
}

TEST_CASE("folder: specs use train/ and test/ when both exist") {
  TempDir dir("data_folder");
  write(dir, "train/a/1.png", byte_image(1, 2, 2, 0));
  write(dir, "train/a/2.png", byte_image(1, 2, 2, 1));
  write(dir, "test/a/3.png", byte_image(1, 2, 2, 2));
  CHECK(load_dataset("folder:" + dir.path.string(), Split::Train).size() == 2);
  CHECK(load_dataset("folder:" + dir.path.string(), Split::Test).size() == 1);
  const std::string only_train = "folder:" + (dir.path / "train").string();
  CHECK(load_dataset(only_train, Split::Train).size() == 2);
  CHECK_THROWS_WITH_AS(load_dataset(only_train, Split::Test), doctest::Contains("no test split"),
                       UserError);
}
