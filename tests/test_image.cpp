// Image files: exact PNG round trips, the grid layout, and clear errors for unreadable files.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/io/image.h"
#include "tests/temp_dir.h"

using namespace phantom;
namespace fs = std::filesystem;

namespace {

// Byte values 0..255 as [0,1] floats, in a pattern where every pixel and channel differs.
std::vector<float> byte_pattern(int64_t count, int64_t step) {
  std::vector<float> v(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) v[i] = static_cast<float>((i * step + 7) % 256) / 255.0f;
  return v;
}

void check_same_bytes(const Tensor& read, const std::vector<float>& expected) {
  std::vector<float> got = read.to_floats();
  REQUIRE(got.size() == expected.size());
  for (size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK(std::lround(got[i] * 255.0f) == std::lround(expected[i] * 255.0f));
  }
}

}  // namespace

TEST_CASE("PNG round trip keeps RGB bytes exactly") {
  TempDir dir("image");
  std::vector<float> values = byte_pattern(3 * 5 * 7, 37);
  io::write_png(dir.file("rgb.png"), Tensor::from_floats(values, {3, 5, 7}));
  Tensor back = io::read_image(dir.file("rgb.png"));
  CHECK(back.shape() == Shape{3, 5, 7});
  check_same_bytes(back, values);
}

TEST_CASE("PNG round trip keeps gray bytes exactly, and converts on request") {
  TempDir dir("image");
  std::vector<float> values = byte_pattern(1 * 4 * 6, 53);
  io::write_png(dir.file("gray.png"), Tensor::from_floats(values, {1, 4, 6}));
  Tensor back = io::read_image(dir.file("gray.png"));
  CHECK(back.shape() == Shape{1, 4, 6});
  check_same_bytes(back, values);

  // Gray to RGB replicates the plane into all three channels.
  Tensor rgb = io::read_image(dir.file("gray.png"), 3);
  CHECK(rgb.shape() == Shape{3, 4, 6});
  std::vector<float> replicated = values;
  replicated.insert(replicated.end(), values.begin(), values.end());
  replicated.insert(replicated.end(), values.begin(), values.end());
  check_same_bytes(rgb, replicated);
}

TEST_CASE("BMP files are read too (a hand-made 2x1 24-bit BMP)") {
  TempDir dir("image");
  auto le32 = [](uint32_t v) {
    return std::string{char(v & 255), char((v >> 8) & 255), char((v >> 16) & 255), char(v >> 24)};
  };
  auto le16 = [](uint16_t v) { return std::string{char(v & 255), char(v >> 8)}; };
  std::string bmp = "BM" + le32(54 + 8) + le32(0) + le32(54);                   // file header
  bmp += le32(40) + le32(2) + le32(1) + le16(1) + le16(24) + le32(0) + le32(8)  // info header
         + le32(2835) + le32(2835) + le32(0) + le32(0);
  bmp += std::string{30, 20, 10, char(50), char(100), char(200), 0, 0};  // BGR BGR + row padding
  std::ofstream(dir.file("tiny.bmp"), std::ios::binary) << bmp;
  Tensor image = io::read_image(dir.file("tiny.bmp"));
  REQUIRE(image.shape() == Shape{3, 1, 2});
  check_same_bytes(image, std::vector<float>{10 / 255.f, 200 / 255.f, 20 / 255.f, 100 / 255.f,
                                             30 / 255.f, 50 / 255.f});
}

TEST_CASE("write_png clamps out-of-range values and leaves no temporary file") {
  TempDir dir("image");
  io::write_png(dir.file("c.png"), Tensor::from_floats({-0.5f, 1.5f, 0.5f, 1.0f}, {1, 2, 2}));
  std::vector<float> got = io::read_image(dir.file("c.png")).to_floats();
  CHECK(got[0] == 0.0f);
  CHECK(got[1] == 1.0f);
  CHECK(std::lround(got[2] * 255.0f) == 128);  // 127.5 rounds away from zero
  int files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path)) ++files;
  CHECK(files == 1);
}

TEST_CASE("make_grid tiles a batch row by row with padding") {
  // 5 images of 1x2x3, each filled with its index; 3 per row, padding 1 of value 0.9.
  const int64_t n = 5, h = 2, w = 3, pad = 1;
  std::vector<float> batch;
  for (int64_t i = 0; i < n; ++i) batch.insert(batch.end(), h * w, 0.1f * static_cast<float>(i));
  Tensor grid = io::make_grid(Tensor::from_floats(batch, {n, 1, h, w}), 3, pad,
                              io::PixelRange::ZeroOne, 0.9f);
  const int64_t grid_h = 2 * (h + pad) + pad, grid_w = 3 * (w + pad) + pad;
  REQUIRE(grid.shape() == Shape{1, grid_h, grid_w});
  std::vector<float> g = grid.to_floats();
  for (int64_t y = 0; y < grid_h; ++y)
    for (int64_t x = 0; x < grid_w; ++x) {
      // Naive oracle: which tile (if any) covers this pixel?
      float expected = 0.9f;
      int64_t ty = y - pad, tx = x - pad;
      if (ty >= 0 && tx >= 0 && ty % (h + pad) < h && tx % (w + pad) < w) {
        int64_t index = (ty / (h + pad)) * 3 + tx / (w + pad);
        if (index < n) expected = 0.1f * static_cast<float>(index);
      }
      CAPTURE(y);
      CAPTURE(x);
      CHECK(g[y * grid_w + x] == doctest::Approx(expected));
    }
}

TEST_CASE("make_grid maps [-1, 1] to [0, 1] and write_png_grid writes the grid") {
  TempDir dir("image");
  Tensor batch = Tensor::from_floats({-1.0f, 0.0f, 1.0f, 0.5f, -1.0f, 1.0f}, {2, 3, 1, 1});
  io::write_png_grid(dir.file("grid.png"), batch, 1, 0, io::PixelRange::MinusOneOne);
  Tensor back = io::read_image(dir.file("grid.png"));
  REQUIRE(back.shape() == Shape{3, 2, 1});
  std::vector<float> expected = {0.0f, 0.75f, 0.5f,
                                 0.0f, 1.0f,  1.0f};  // channel-major, rows = images
  check_same_bytes(back, expected);
}

TEST_CASE("unreadable images give a UserError naming the file") {
  TempDir dir("image");
  std::string missing = dir.file("missing.png");
  CHECK_THROWS_WITH_AS(io::read_image(missing), doctest::Contains(missing.c_str()), UserError);
  std::string garbage = dir.file("garbage.png");
  std::ofstream(garbage) << "this is not an image";
  CHECK_THROWS_WITH_AS(io::read_image(garbage), doctest::Contains(garbage.c_str()), UserError);
  CHECK_THROWS_AS(io::write_png(dir.file("x.png"), Tensor::zeros({2, 2, 2})), UserError);
  CHECK_THROWS_WITH_AS(io::write_png(dir.file("no/such/dir/x.png"), Tensor::zeros({1, 2, 2})),
                       doctest::Contains("no/such/dir/x.png"), UserError);
}
