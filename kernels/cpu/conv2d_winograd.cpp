#include "kernels/cpu/conv2d_winograd.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <memory>

#include "engine/core/error.h"
#include "kernels/cpu/parallel.h"
#include "kernels/cpu/thread_scratch.h"
#include "kernels/gemm.h"

namespace phantom::kernels::cpu {

namespace {

constexpr int64_t kPoints = 16;  // the 4×4 transformed tile

// Per-thread scratch slots of the Winograd kernels (apart from conv2d.cpp's, which use 0 and 1).
template <int kSlot>
float* scratch(int64_t n) {
  return thread_scratch<float, 10 + kSlot>(n);
}

// The tiling of one convolution: 2×2 output tiles, blocks of whole images whose tiles form the
// columns of one set of 16 GEMMs, and work items (group, block) split into one contiguous range
// per thread.
struct Tiling {
  // Columns per block: wide enough for full-width micro-kernel tiles and few A packings, small
  // enough that a block's 16 transformed planes stay near the cache.
  static constexpr int64_t kBlockTiles = 512;
  const ConvGeometry& g;
  int64_t cg, kg, tiles_h, tiles_w, tiles, per_block, blocks, items;
  explicit Tiling(const ConvGeometry& geometry)
      : g(geometry),
        cg(g.in_channels / g.groups),
        kg(g.out_channels / g.groups),
        tiles_h((g.out_h + 1) / 2),
        tiles_w((g.out_w + 1) / 2),
        tiles(tiles_h * tiles_w),
        // At least one block per thread, so that the blocks spread over the threads.
        per_block(std::clamp<int64_t>(
            kBlockTiles / tiles, 1, (g.batch + omp_get_max_threads() - 1) / omp_get_max_threads())),
        blocks((g.batch + per_block - 1) / per_block),
        items(g.groups * blocks) {}
  int64_t first_image(int64_t block) const { return block * per_block; }
  int64_t images(int64_t block) const { return std::min(per_block, g.batch - block * per_block); }
  int64_t gemm_columns() const { return per_block * tiles; }  // of a full block
  // Where group gi of image n0 starts in the input and in the output.
  int64_t input_offset(int64_t gi, int64_t n0) const {
    return (n0 * g.in_channels + gi * cg) * g.in_h * g.in_w;
  }
  int64_t output_offset(int64_t gi, int64_t n0) const {
    return (n0 * g.out_channels + gi * kg) * g.out_h * g.out_w;
  }
  int64_t ranges() const {
    return std::max<int64_t>(1, std::min<int64_t>(omp_get_max_threads(), items));
  }
  // Runs body(range, group, block) for every item, one contiguous range of items per range. With
  // one range the body runs outside a parallel region, so that its GEMMs use the threads.
  template <class F>
  void run(int64_t ranges, F&& body) const {
    const auto walk = [&](int64_t r) {
      for (int64_t item = items * r / ranges; item < items * (r + 1) / ranges; ++item)
        body(r, item / blocks, item % blocks);
    };
    if (ranges == 1) return walk(0);
#pragma omp parallel for schedule(static) num_threads(static_cast <int>(ranges))
    for (int64_t r = 0; r < ranges; ++r) walk(r);
  }
};

// The rows [y0, y0 + count) of an image plane, each zero-padded to `width` columns starting at
// column x0 (zero outside the plane): the tile rows' inputs, so that the transforms below run
// without bounds checks in loops the compiler vectorises across tiles.
void padded_rows(const float* plane, int64_t h, int64_t w, int64_t y0, int64_t x0, int64_t count,
                 int64_t width, float* rows) {
  const int64_t lo = std::clamp<int64_t>(-x0, 0, width),
                hi = std::clamp<int64_t>(w - x0, lo, width);
  for (int64_t i = 0; i < count; ++i) {
    float* r = rows + i * width;
    const int64_t y = y0 + i;
    if (y < 0 || y >= h) {
      std::fill(r, r + width, 0.0f);
      continue;
    }
    std::fill(r, r + lo, 0.0f);
    std::copy(plane + y * w + x0 + lo, plane + y * w + x0 + hi, r + lo);
    std::fill(r + hi, r + width, 0.0f);
  }
}

// V[p][c][t] = (Bᵀ d B)[p] for the 4×4 input tile d of every tile t of `images` images, channels
// [0, cg) of x_g (zero outside the image). Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1].
void transform_input(const Tiling& s, const float* x_g, int64_t images, float* V) {
  const ConvGeometry& g = s.g;
  const int64_t columns = images * s.tiles, x_image = g.in_channels * g.in_h * g.in_w;
  const int64_t stride = s.cg * columns;  // between points
  const int64_t width = 2 * s.tiles_w + 2;
  float* rows = scratch<2>(4 * width);
  for (int64_t c = 0; c < s.cg; ++c)
    for (int64_t n = 0; n < images; ++n)
      for (int64_t ty = 0; ty < s.tiles_h; ++ty) {
        padded_rows(x_g + n * x_image + c * g.in_h * g.in_w, g.in_h, g.in_w, 2 * ty - g.pad_h,
                    -g.pad_w, 4, width, rows);
        const float *d0 = rows, *d1 = rows + width, *d2 = rows + 2 * width, *d3 = rows + 3 * width;
        float* o = V + c * columns + n * s.tiles + ty * s.tiles_w;
#pragma omp simd
        for (int64_t tx = 0; tx < s.tiles_w; ++tx) {
          float t[4][4];  // Bᵀ d
          for (int64_t j = 0; j < 4; ++j) {
            const int64_t k = 2 * tx + j;
            t[0][j] = d0[k] - d2[k];
            t[1][j] = d1[k] + d2[k];
            t[2][j] = d2[k] - d1[k];
            t[3][j] = d1[k] - d3[k];
          }
          for (int64_t i = 0; i < 4; ++i) {  // (Bᵀ d) B
            o[(4 * i + 0) * stride + tx] = t[i][0] - t[i][2];
            o[(4 * i + 1) * stride + tx] = t[i][1] + t[i][2];
            o[(4 * i + 2) * stride + tx] = t[i][2] - t[i][1];
            o[(4 * i + 3) * stride + tx] = t[i][1] - t[i][3];
          }
        }
      }
}

// U[p][k][c] = (G f Gᵀ)[p] for every 3×3 filter f = w[k][c] of every group, U laid out
// [group][p][kg][cg]. G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1].
std::unique_ptr<float[]> transform_filters(const Tiling& s, const float* w) {
  const int64_t per_group = kPoints * s.kg * s.cg, stride = s.kg * s.cg;
  auto U = std::make_unique_for_overwrite<float[]>(static_cast<size_t>(s.g.groups * per_group));
  parallel_chunks(s.g.out_channels, std::max<int64_t>(1, kParallelGrain / (kPoints * s.cg)),
                  [&](int64_t lo, int64_t hi) {
                    float* taps = scratch<3>(9 * s.cg);
                    for (int64_t k = lo; k < hi; ++k) {
                      // Filter k's taps channel-minor, so that the transform runs across channels.
                      const float* f = w + k * s.cg * 9;
                      for (int64_t c = 0; c < s.cg; ++c)
                        for (int64_t j = 0; j < 9; ++j) taps[j * s.cg + c] = f[c * 9 + j];
                      float* u = U.get() + k / s.kg * per_group + k % s.kg * s.cg;
#pragma omp simd
                      for (int64_t c = 0; c < s.cg; ++c) {
                        float t[4][3];  // G f
                        for (int64_t j = 0; j < 3; ++j) {
                          const float f0 = taps[j * s.cg + c], f1 = taps[(3 + j) * s.cg + c],
                                      f2 = taps[(6 + j) * s.cg + c];
                          t[0][j] = f0;
                          t[1][j] = 0.5f * (f0 + f1 + f2);
                          t[2][j] = 0.5f * (f0 - f1 + f2);
                          t[3][j] = f2;
                        }
                        for (int64_t i = 0; i < 4; ++i) {  // (G f) Gᵀ
                          u[(4 * i + 0) * stride + c] = t[i][0];
                          u[(4 * i + 1) * stride + c] = 0.5f * (t[i][0] + t[i][1] + t[i][2]);
                          u[(4 * i + 2) * stride + c] = 0.5f * (t[i][0] - t[i][1] + t[i][2]);
                          u[(4 * i + 3) * stride + c] = t[i][2];
                        }
                      }
                    }
                  });
  return U;
}

// y[k][2ty + i][2tx + j] = (Aᵀ m A)[i][j] (+ bias) for the 4×4 products m = M[·][k][t], cropped
// to the output. Aᵀ = [1 1 1 0; 0 1 −1 −1].
void transform_output(const Tiling& s, const float* M, int64_t images, const float* bias,
                      float* y_g) {
  const ConvGeometry& g = s.g;
  const int64_t columns = images * s.tiles, y_image = g.out_channels * g.out_h * g.out_w;
  const int64_t stride = s.kg * columns, width = 2 * s.tiles_w;
  float* rows = scratch<2>(2 * width);
  for (int64_t k = 0; k < s.kg; ++k)
    for (int64_t n = 0; n < images; ++n) {
      float* plane = y_g + n * y_image + k * g.out_h * g.out_w;
      const float b = bias ? bias[k] : 0.0f;
      for (int64_t ty = 0; ty < s.tiles_h; ++ty) {
        const float* m = M + k * columns + n * s.tiles + ty * s.tiles_w;
        float *y0 = rows, *y1 = rows + width;
#pragma omp simd
        for (int64_t tx = 0; tx < s.tiles_w; ++tx) {
          float r[2][4];  // Aᵀ m
          for (int64_t j = 0; j < 4; ++j) {
            const float m0 = m[j * stride + tx], m1 = m[(4 + j) * stride + tx],
                        m2 = m[(8 + j) * stride + tx], m3 = m[(12 + j) * stride + tx];
            r[0][j] = m0 + m1 + m2;
            r[1][j] = m1 - m2 - m3;
          }
          y0[2 * tx] = r[0][0] + r[0][1] + r[0][2] + b;  // (Aᵀ m) A
          y0[2 * tx + 1] = r[0][1] - r[0][2] - r[0][3] + b;
          y1[2 * tx] = r[1][0] + r[1][1] + r[1][2] + b;
          y1[2 * tx + 1] = r[1][1] - r[1][2] - r[1][3] + b;
        }
        std::copy(y0, y0 + g.out_w, plane + 2 * ty * g.out_w);
        if (2 * ty + 1 < g.out_h) std::copy(y1, y1 + g.out_w, plane + (2 * ty + 1) * g.out_w);
      }
    }
}

// Dm[p][k][t] = (A e Aᵀ)[p] for the 2×2 output-gradient tile e (zero past the output): the
// adjoint of transform_output.
void transform_output_gradient(const Tiling& s, const float* dy_g, int64_t images, float* Dm) {
  const ConvGeometry& g = s.g;
  const int64_t columns = images * s.tiles, y_image = g.out_channels * g.out_h * g.out_w;
  const int64_t stride = s.kg * columns, width = 2 * s.tiles_w;
  float* rows = scratch<2>(2 * width);
  for (int64_t k = 0; k < s.kg; ++k)
    for (int64_t n = 0; n < images; ++n)
      for (int64_t ty = 0; ty < s.tiles_h; ++ty) {
        padded_rows(dy_g + n * y_image + k * g.out_h * g.out_w, g.out_h, g.out_w, 2 * ty, 0, 2,
                    width, rows);
        const float *e0 = rows, *e1 = rows + width;
        float* o = Dm + k * columns + n * s.tiles + ty * s.tiles_w;
#pragma omp simd
        for (int64_t tx = 0; tx < s.tiles_w; ++tx) {
          const float e00 = e0[2 * tx], e01 = e0[2 * tx + 1], e10 = e1[2 * tx],
                      e11 = e1[2 * tx + 1];
          const float r[4][2] = {
              {e00, e01}, {e00 + e10, e01 + e11}, {e00 - e10, e01 - e11}, {-e10, -e11}};  // A e
          for (int64_t i = 0; i < 4; ++i) {  // (A e) Aᵀ
            o[(4 * i + 0) * stride + tx] = r[i][0];
            o[(4 * i + 1) * stride + tx] = r[i][0] + r[i][1];
            o[(4 * i + 2) * stride + tx] = r[i][0] - r[i][1];
            o[(4 * i + 3) * stride + tx] = -r[i][1];
          }
        }
      }
}

}  // namespace

bool winograd_fits(const ConvGeometry& g) {
  return g.kernel_h == 3 && g.kernel_w == 3 && g.stride_h == 1 && g.stride_w == 1 &&
         g.dilation_h == 1 && g.dilation_w == 1 && g.pad_h <= 2 && g.pad_w <= 2 && g.out_h > 0 &&
         g.out_w > 0;
}

namespace {
std::atomic<ConvAlgorithm>& selected_algorithm() {
  static std::atomic<ConvAlgorithm> algorithm = [] {
    const char* env = std::getenv("PHANTOM_CPU_CONV");
    return env && *env ? parse_conv_algorithm(env, "PHANTOM_CPU_CONV") : ConvAlgorithm::Im2col;
  }();
  return algorithm;
}
}  // namespace

ConvAlgorithm conv_algorithm() {
  return selected_algorithm().load();
}

void set_conv_algorithm(ConvAlgorithm algorithm) {
  selected_algorithm().store(algorithm);
}

ConvAlgorithm parse_conv_algorithm(const std::string& text, const std::string& what) {
  if (text == "im2col") return ConvAlgorithm::Im2col;
  if (text == "winograd") return ConvAlgorithm::Winograd;
  if (text == "auto") return ConvAlgorithm::Auto;
  throw UserError(detail::concat(what, ": expected im2col, winograd or auto, found '", text, "'"));
}

const char* conv_algorithm_name(ConvAlgorithm algorithm) {
  switch (algorithm) {
    case ConvAlgorithm::Im2col:
      return "im2col";
    case ConvAlgorithm::Winograd:
      return "winograd";
    case ConvAlgorithm::Auto:
      return "auto";
  }
  return "?";
}

bool use_winograd(const ConvGeometry& g, ConvPass pass) {
  const ConvAlgorithm a = conv_algorithm();
  if (a == ConvAlgorithm::Im2col || !winograd_fits(g)) return false;
  if (a == ConvAlgorithm::Winograd) return true;
  const Tiling s(g);
  // The backward passes compete with faster im2col paths (no bias, col2im / one GEMM per image).
  const int64_t min_channels = pass == ConvPass::Forward ? 32 : 64;
  const int64_t min_columns = pass == ConvPass::BackwardData ? 128 : 64;
  return std::min(s.cg, s.kg) >= min_channels && s.gemm_columns() >= min_columns;
}

void conv2d_forward_winograd(const ConvGeometry& g, const float* x, const float* w, const float* b,
                             float* y) {
  const Tiling s(g);
  const std::unique_ptr<float[]> U = transform_filters(s, w);
  s.run(s.ranges(), [&](int64_t, int64_t gi, int64_t block) {
    const int64_t n0 = s.first_image(block), images = s.images(block);
    const int64_t columns = images * s.tiles;
    float* V = scratch<0>(kPoints * s.cg * columns);
    float* M = scratch<1>(kPoints * s.kg * columns);
    transform_input(s, x + s.input_offset(gi, n0), images, V);
    const float* U_g = U.get() + gi * kPoints * s.kg * s.cg;
    for (int64_t p = 0; p < kPoints; ++p)
      gemm<float>(false, false, s.kg, columns, s.cg, 1.0f, U_g + p * s.kg * s.cg, s.cg,
                  V + p * s.cg * columns, columns, 0.0f, M + p * s.kg * columns, columns);
    transform_output(s, M, images, b ? b + gi * s.kg : nullptr, y + s.output_offset(gi, n0));
  });
}

void conv2d_backward_data_winograd(const ConvGeometry& g, const float* dL_dy, const float* w,
                                   float* dL_dx) {
  // dL/dx = conv(dL/dy, w') with w'[c][k] = w[k][c] rotated by 180° (within each group) and
  // padding 2 − p: the output gradient spread back over the inputs each output read.
  ConvGeometry t = g;
  t.in_channels = g.out_channels, t.in_h = g.out_h, t.in_w = g.out_w;
  t.out_channels = g.in_channels, t.out_h = g.in_h, t.out_w = g.in_w;
  t.pad_h = 2 - g.pad_h, t.pad_w = 2 - g.pad_w;
  const int64_t cg = g.in_channels / g.groups, kg = g.out_channels / g.groups;
  auto flipped =
      std::make_unique_for_overwrite<float[]>(static_cast<size_t>(g.in_channels * kg * 9));
  parallel_for(g.in_channels * kg, [&](int64_t ck) {
    const int64_t c = ck / kg, k = ck % kg, gi = c / cg;
    const float* f = w + ((gi * kg + k) * cg + c % cg) * 9;
    for (int64_t i = 0; i < 9; ++i) flipped[ck * 9 + i] = f[8 - i];
  });
  conv2d_forward_winograd(t, dL_dy, flipped.get(), nullptr, dL_dx);
}

void conv2d_backward_weight_winograd(const ConvGeometry& g, const float* x, const float* dL_dy,
                                     float* dL_dw) {
  const Tiling s(g);
  const int64_t per_group = kPoints * s.kg * s.cg, size = g.groups * per_group;
  const int64_t ranges = s.ranges();
  // Each range accumulates the transformed gradient dU of its items in its own copy (zeroed),
  // summed in range order at the end.
  auto dU = std::make_unique<float[]>(static_cast<size_t>(ranges * size));
  s.run(ranges, [&](int64_t r, int64_t gi, int64_t block) {
    const int64_t n0 = s.first_image(block), images = s.images(block);
    const int64_t columns = images * s.tiles;
    float* V = scratch<0>(kPoints * s.cg * columns);
    float* Dm = scratch<1>(kPoints * s.kg * columns);
    transform_input(s, x + s.input_offset(gi, n0), images, V);
    transform_output_gradient(s, dL_dy + s.output_offset(gi, n0), images, Dm);
    float* acc = dU.get() + r * size + gi * per_group;
    for (int64_t p = 0; p < kPoints; ++p)  // dU[p] += Dm[p] · V[p]ᵀ
      gemm<float>(false, true, s.kg, s.cg, columns, 1.0f, Dm + p * s.kg * columns, columns,
                  V + p * s.cg * columns, columns, 1.0f, acc + p * s.kg * s.cg, s.cg);
  });
  for (int64_t r = 1; r < ranges; ++r)
    for (int64_t i = 0; i < size; ++i) dU[i] += dU[r * size + i];
  // dL/dw = Gᵀ dU G per filter: the adjoint of transform_filters, across channels like it.
  const int64_t stride = s.kg * s.cg;
  parallel_chunks(g.out_channels, std::max<int64_t>(1, kParallelGrain / (kPoints * s.cg)),
                  [&](int64_t lo, int64_t hi) {
                    float* taps = scratch<3>(9 * s.cg);
                    for (int64_t k = lo; k < hi; ++k) {
                      const float* u = dU.get() + k / s.kg * per_group + k % s.kg * s.cg;
#pragma omp simd
                      for (int64_t c = 0; c < s.cg; ++c) {
                        float t[4][3];  // dU G
                        for (int64_t i = 0; i < 4; ++i) {
                          const float u0 = u[(4 * i) * stride + c],
                                      u1 = u[(4 * i + 1) * stride + c],
                                      u2 = u[(4 * i + 2) * stride + c],
                                      u3 = u[(4 * i + 3) * stride + c];
                          t[i][0] = u0 + 0.5f * (u1 + u2);
                          t[i][1] = 0.5f * (u1 - u2);
                          t[i][2] = 0.5f * (u1 + u2) + u3;
                        }
                        for (int64_t j = 0; j < 3; ++j) {  // Gᵀ (dU G)
                          taps[j * s.cg + c] = t[0][j] + 0.5f * (t[1][j] + t[2][j]);
                          taps[(3 + j) * s.cg + c] = 0.5f * (t[1][j] - t[2][j]);
                          taps[(6 + j) * s.cg + c] = 0.5f * (t[1][j] + t[2][j]) + t[3][j];
                        }
                      }
                      float* f = dL_dw + k * s.cg * 9;
                      for (int64_t c = 0; c < s.cg; ++c)
                        for (int64_t j = 0; j < 9; ++j) f[c * 9 + j] = taps[j * s.cg + c];
                    }
                  });
}

}  // namespace phantom::kernels::cpu
