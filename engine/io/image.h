// Image files: read PNG/JPEG/BMP/TGA/PNM into float CHW tensors, write 8-bit PNG atomically, and
// tile a batch of images into one PNG grid.
#pragma once
#include <cstdint>
#include <string>

#include "engine/core/tensor.h"

namespace phantom::io {

// Reads an image file into an f32 CPU tensor [C, H, W] with values in [0, 1].
// channels = 0 keeps the file's colour: gray (and gray+alpha) -> C = 1, colour -> C = 3; alpha is
// dropped. channels = 1 or 3 converts to that. Throws UserError naming the file if it cannot be
// read.
Tensor read_image(const std::string& path, int channels = 0);

// Writes a [C, H, W] tensor (C = 1 or 3, any float dtype and device) with values in [0, 1] as an
// 8-bit PNG; values are clamped and rounded (v * 255). The file appears atomically.
void write_png(const std::string& path, const Tensor& chw);

// The PNG file bytes of a [C, H, W] tensor (as write_png writes them), e.g. for data URIs.
std::string encode_png(const Tensor& chw);

// Writes interleaved 8-bit pixels (row-major, `channels` bytes per pixel, 1..4) as PNG, atomically.
void write_png_u8(const std::string& path, const uint8_t* pixels, int width, int height,
                  int channels);
std::string encode_png_u8(const uint8_t* pixels, int width, int height, int channels);

// How the values of a tensor map to [0, 1] before writing.
enum class PixelRange { ZeroOne, MinusOneOne };

// Tiles a batch [N, C, H, W] into one f32 image [C, H', W'] in [0, 1] (the layout of torchvision's
// make_grid): `images_per_row` images per row (the last row may be short), `padding` pixels of
// `pad_value` (in [0, 1]) around and between the images.
Tensor make_grid(const Tensor& nchw, int64_t images_per_row, int64_t padding = 2,
                 PixelRange range = PixelRange::ZeroOne, float pad_value = 0.0f);

// make_grid written as one PNG.
void write_png_grid(const std::string& path, const Tensor& nchw, int64_t images_per_row,
                    int64_t padding = 2, PixelRange range = PixelRange::ZeroOne,
                    float pad_value = 0.0f);

}  // namespace phantom::io
