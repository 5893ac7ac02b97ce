#include "engine/io/image.h"

#include "engine/io/atomic_file.h"

#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <vector>

namespace phantom::io {
namespace {

void append_bytes(void* context, void* data, int size) {
  auto* out = static_cast<std::vector<unsigned char>*>(context);
  const auto* p = static_cast<const unsigned char*>(data);
  out->insert(out->end(), p, p + size);
}

uint8_t to_byte(float v) {
  return static_cast<uint8_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f));
}

}  // namespace

Tensor read_image(const std::string& path, int channels) {
  PHANTOM_REQUIRE(channels == 0 || channels == 1 || channels == 3, "read_image('", path,
                  "'): channels must be 0 (as stored), 1 or 3, found ", channels);
  PHANTOM_REQUIRE(std::filesystem::is_regular_file(path), "cannot read image '", path,
                  "': no such file");
  int width = 0, height = 0, stored = 0;
  PHANTOM_REQUIRE(stbi_info(path.c_str(), &width, &height, &stored), "cannot read image '", path,
                  "': ", stbi_failure_reason());
  int c = channels != 0 ? channels : (stored <= 2 ? 1 : 3);
  std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
      stbi_load(path.c_str(), &width, &height, &stored, c), stbi_image_free);
  PHANTOM_REQUIRE(pixels != nullptr, "cannot read image '", path, "': ", stbi_failure_reason());

  Tensor out = Tensor::empty({c, height, width});
  float* dst = out.data<float>();
  const int64_t plane = static_cast<int64_t>(height) * width;
  for (int64_t i = 0; i < plane; ++i)
    for (int ch = 0; ch < c; ++ch) dst[ch * plane + i] = pixels.get()[i * c + ch] / 255.0f;
  return out;
}

std::string encode_png_u8(const uint8_t* pixels, int width, int height, int channels) {
  PHANTOM_REQUIRE(width > 0 && height > 0 && channels >= 1 && channels <= 4,
                  "PNG: expected a non-empty image with 1..4 channels, found ", width, "x", height,
                  "x", channels);
  std::vector<unsigned char> png;
  int ok =
      stbi_write_png_to_func(append_bytes, &png, width, height, channels, pixels, width * channels);
  PHANTOM_CHECK(ok != 0 && !png.empty(), "stb_image_write failed to encode a PNG");
  return std::string(reinterpret_cast<const char*>(png.data()), png.size());
}

void write_png_u8(const std::string& path, const uint8_t* pixels, int width, int height,
                  int channels) {
  write_file_atomically(path, encode_png_u8(pixels, width, height, channels));
}

std::string encode_png(const Tensor& chw) {
  PHANTOM_REQUIRE(chw.dim() == 3 && (chw.size(0) == 1 || chw.size(0) == 3),
                  "PNG: expected a [C, H, W] tensor with C = 1 or 3, found ", chw.describe());
  const int64_t c = chw.size(0), h = chw.size(1), w = chw.size(2);
  std::vector<float> values = chw.to_floats();
  std::vector<uint8_t> interleaved(values.size());
  for (int64_t i = 0; i < h * w; ++i)
    for (int64_t ch = 0; ch < c; ++ch) interleaved[i * c + ch] = to_byte(values[ch * h * w + i]);
  return encode_png_u8(interleaved.data(), static_cast<int>(w), static_cast<int>(h),
                       static_cast<int>(c));
}

void write_png(const std::string& path, const Tensor& chw) {
  write_file_atomically(path, encode_png(chw));
}

Tensor make_grid(const Tensor& nchw, int64_t images_per_row, int64_t padding, PixelRange range,
                 float pad_value) {
  PHANTOM_REQUIRE(nchw.dim() == 4 && nchw.size(0) > 0,
                  "make_grid: expected a non-empty [N, C, H, W] batch, found ", nchw.describe());
  PHANTOM_REQUIRE(images_per_row > 0 && padding >= 0,
                  "make_grid: expected images_per_row > 0 and padding >= 0, found ", images_per_row,
                  " and ", padding);
  const int64_t n = nchw.size(0), c = nchw.size(1), h = nchw.size(2), w = nchw.size(3);
  const int64_t cols = std::min(n, images_per_row);
  const int64_t rows = (n + cols - 1) / cols;
  const int64_t grid_h = rows * (h + padding) + padding, grid_w = cols * (w + padding) + padding;

  std::vector<float> src = nchw.to_floats();
  std::vector<float> grid(static_cast<size_t>(c * grid_h * grid_w), pad_value);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t top = padding + (i / cols) * (h + padding);
    const int64_t left = padding + (i % cols) * (w + padding);
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t y = 0; y < h; ++y)
        for (int64_t x = 0; x < w; ++x) {
          float v = src[((i * c + ch) * h + y) * w + x];
          if (range == PixelRange::MinusOneOne) v = (v + 1.0f) * 0.5f;
          grid[(ch * grid_h + top + y) * grid_w + left + x] = v;
        }
  }
  return Tensor::from_floats(grid, {c, grid_h, grid_w});
}

void write_png_grid(const std::string& path, const Tensor& nchw, int64_t images_per_row,
                    int64_t padding, PixelRange range, float pad_value) {
  write_png(path, make_grid(nchw, images_per_row, padding, range, pad_value));
}

}  // namespace phantom::io
