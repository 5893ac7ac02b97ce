// Fast convolution: im2col/col2im around the GEMM, one block of images and one group at a time.
//
// Images are split into one contiguous range per thread (serial GEMM calls inside the parallel
// loop; with batch 1 the loop is serial and the GEMM may use the threads itself), and each range
// is walked in blocks of images whose columns form one GEMM (see ImageBlocks). The column matrix
// lives in a per-thread buffer that is reused across calls, so the hot loop does no allocation.
// 1x1 convolutions with stride 1 and no padding skip im2col: the image already is the column
// matrix (and such convolutions run one image per GEMM).
#include <omp.h>

#include <algorithm>
#include <memory>
#include <type_traits>

#include "kernels/conv.h"
#include "kernels/cpu/conv2d_winograd.h"
#include "kernels/cpu/gemm_blocked.h"
#include "kernels/cpu/parallel.h"
#include "kernels/cpu/thread_scratch.h"
#include "kernels/gemm.h"

namespace phantom::kernels::cpu {

namespace {

bool is_pointwise(const ConvGeometry& g) {
  return g.kernel_h == 1 && g.kernel_w == 1 && g.stride_h == 1 && g.stride_w == 1 && g.pad_h == 0 &&
         g.pad_w == 0;
}

int64_t ceil_div_nonneg(int64_t a, int64_t b) {
  return a <= 0 ? 0 : (a + b - 1) / b;
}

// Row (c, i, j) of the column matrix of one image's group: row[(oh, ow)] = channel[ih, iw] with
// ih = oh*sh - ph + i*dh, iw = ow*sw - pw + j*dw (0 outside the image). kScatter = false gathers
// (im2col); kScatter = true adds the row back into the channel (col2im), the adjoint map.
template <bool kScatter, class T>
void im2col_tap(const ConvGeometry& g, std::conditional_t<kScatter, T*, const T*> channel,
                int64_t i, int64_t j, std::conditional_t<kScatter, const T*, T*> row) {
  int64_t w_off = j * g.dilation_w - g.pad_w;
  // Output columns whose input column lies inside the image: [ow_lo, ow_hi).
  int64_t ow_lo = std::min(g.out_w, ceil_div_nonneg(-w_off, g.stride_w));
  int64_t ow_hi = std::max(ow_lo, std::min(g.out_w, ceil_div_nonneg(g.in_w - w_off, g.stride_w)));
  for (int64_t oh = 0; oh < g.out_h; ++oh) {
    auto* out = row + oh * g.out_w;
    int64_t ih = oh * g.stride_h - g.pad_h + i * g.dilation_h;
    bool inside = ih >= 0 && ih < g.in_h;
    if constexpr (!kScatter) {
      if (!inside) {
        std::fill(out, out + g.out_w, T(0));
        continue;
      }
      std::fill(out, out + ow_lo, T(0));
      std::fill(out + ow_hi, out + g.out_w, T(0));
    } else if (!inside) {
      continue;
    }
    auto* src = channel + ih * g.in_w + w_off;
    if (g.stride_w == 1) {  // separate (and the gather unaliased) so that it vectorises
      if constexpr (kScatter) {
        T* __restrict dst = src;
        const T* __restrict from = out;
        for (int64_t ow = ow_lo; ow < ow_hi; ++ow) dst[ow] += from[ow];
      } else {
        T* __restrict dst = out;
        const T* __restrict from = src;
        for (int64_t ow = ow_lo; ow < ow_hi; ++ow) dst[ow] = from[ow];
      }
    } else {
      for (int64_t ow = ow_lo; ow < ow_hi; ++ow) {
        if constexpr (kScatter)
          src[ow * g.stride_w] += out[ow];
        else
          out[ow] = src[ow * g.stride_w];
      }
    }
  }
}

// The whole column matrix of one image's group, rows `ld` apart (several images' columns may sit
// side by side): row (c, i, j) is im2col_tap of channel c.
template <bool kScatter, class T>
void im2col_walk(const ConvGeometry& g, std::conditional_t<kScatter, T*, const T*> image,
                 std::conditional_t<kScatter, const T*, T*> col, int64_t ld) {
  for (int64_t c = 0; c < g.in_channels / g.groups; ++c)
    for (int64_t i = 0; i < g.kernel_h; ++i)
      for (int64_t j = 0; j < g.kernel_w; ++j)
        im2col_tap<kScatter, T>(g, image + c * g.in_h * g.in_w, i, j,
                                col + ((c * g.kernel_h + i) * g.kernel_w + j) * ld);
}

// Rows [pc, pc + kc) of the column matrix of `images` images side by side, written straight into
// the GEMM's packed micro-panels of nr columns (zero past the last column): the im2col and the
// packing of B in one pass, through one L1-resident row.
template <class T>
void pack_im2col(const ConvGeometry& g, const T* x_g, int64_t x_image, int64_t images, int64_t pc,
                 int64_t kc, int64_t nr, T* row, T* out) {
  const int64_t plane = g.out_h * g.out_w, cols = images * plane, taps = g.kernel_h * g.kernel_w;
  for (int64_t k = pc; k < pc + kc; ++k) {
    const int64_t c = k / taps, i = k % taps / g.kernel_w, j = k % g.kernel_w;
    for (int64_t n = 0; n < images; ++n)
      im2col_tap<false, T>(g, x_g + n * x_image + c * g.in_h * g.in_w, i, j, row + n * plane);
    T* dst = out + (k - pc) * nr;
    for (int64_t p = 0; p < cols; p += nr, dst += kc * nr) {
      const int64_t count = std::min(nr, cols - p);
      std::copy(row + p, row + p + count, dst);
      std::fill(dst + count, dst + nr, T(0));
    }
  }
}

// Shapes of the per-(image, group) GEMM operands.
struct GroupDims {
  int64_t cg, kg, taps, plane, x_image, y_image;  // taps = cg * kH * kW (the GEMM's depth)
  explicit GroupDims(const ConvGeometry& g)
      : cg(g.in_channels / g.groups),
        kg(g.out_channels / g.groups),
        taps(cg * g.kernel_h * g.kernel_w),
        plane(g.out_h * g.out_w),
        x_image(g.in_channels * g.in_h * g.in_w),
        y_image(g.out_channels * g.out_h * g.out_w) {}
};

// [0, batch) split into at most one contiguous range of images per thread, each range walked in
// blocks of up to `per_block` images. A block's images sit side by side in one GEMM (their
// columns, or for the weight gradient their depth, concatenated): one GEMM of ~kBlockColumns
// columns instead of several narrow ones, so the weights are packed once per block and the
// micro-kernel runs on full-width tiles (an 8x8 image alone has only 64 columns).
struct ImageBlocks {
  static constexpr int64_t kBlockColumns = 1024;
  int64_t batch, grain, count, per_block;
  ImageBlocks(int64_t n, int64_t plane, bool fold)
      : batch(n),
        grain((n + max_ranges(n) - 1) / max_ranges(n)),
        count((n + grain - 1) / grain),
        per_block(fold ? std::clamp<int64_t>(kBlockColumns / plane, 1, grain) : 1) {}
  static int64_t max_ranges(int64_t n) {
    return std::max<int64_t>(1, std::min<int64_t>(omp_get_max_threads(), n));
  }
  // Runs body(range_index, first_image, images) for every block, the ranges in parallel.
  template <class F>
  void run(F&& body) const {
    parallel_chunks(batch, grain, [&](int64_t begin, int64_t end) {
      for (int64_t n0 = begin; n0 < end; n0 += per_block)
        body(begin / grain, n0, std::min(per_block, end - n0));
    });
  }
};

// Copies `images` planes of `rows` rows each between the batch layout (image n, row r at
// batch + n * image_stride + r * plane) and a block matrix whose row r holds the images side by
// side (block + r * images * plane + n * plane).
template <bool kToBlock, class T>
void gather_block(std::conditional_t<kToBlock, const T*, T*> batch, int64_t image_stride,
                  std::conditional_t<kToBlock, T*, const T*> block, int64_t images, int64_t rows,
                  int64_t plane) {
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t n = 0; n < images; ++n) {
      auto* b = batch + n * image_stride + r * plane;
      auto* m = block + (r * images + n) * plane;
      if constexpr (kToBlock)
        std::copy(b, b + plane, m);
      else
        std::copy(m, m + plane, b);
    }
}

}  // namespace

// The micro-kernel `gemm<T>` uses.
template <class T>
gemm_detail::KernelSpec<T> gemm_spec() {
  if constexpr (std::is_same_v<T, float>)
    return gemm_detail::selected_f32_kernel();
  else
    return gemm_detail::portable_f64_kernel();
}

template <class T>
void conv2d_forward(const ConvGeometry& g, const T* x, const T* w, const T* b, T* y) {
  if constexpr (std::is_same_v<T, float>)
    if (use_winograd(g, ConvPass::Forward)) return conv2d_forward_winograd(g, x, w, b, y);
  GroupDims d(g);
  bool pointwise = is_pointwise(g);
  ImageBlocks blocks(g.batch, d.plane, !pointwise);
  const gemm_detail::KernelSpec<T> spec = gemm_spec<T>();
  // im2col straight into the packed panels when the GEMM runs serially on one thread's block
  // (several ranges, or one thread) and a block's columns fit one panel block of the GEMM.
  const bool fused = !pointwise && (blocks.count > 1 || omp_get_max_threads() == 1) &&
                     blocks.per_block * d.plane <= spec.nc;
  blocks.run([&](int64_t, int64_t n0, int64_t images) {
    const int64_t cols = images * d.plane;
    T* col = pointwise ? nullptr : thread_scratch<T, 0>(fused ? cols : d.taps * cols);
    // One image writes y directly; a block of several goes through a buffer and is spread out.
    T* out = images == 1 ? nullptr : thread_scratch<T, 1>(d.kg * cols);
    for (int64_t gi = 0; gi < g.groups; ++gi) {
      const T* x_g = x + n0 * d.x_image + gi * d.cg * g.in_h * g.in_w;
      const T* w_g = w + gi * d.kg * d.taps;
      T* y_g = y + n0 * d.y_image + gi * d.kg * d.plane;
      T* c = out ? out : y_g;
      if (fused) {
        auto pack_w = [&](int64_t ic, int64_t mc, int64_t pc, int64_t kc, T* packed) {
          gemm_detail::pack_a(false, w_g + ic * d.taps + pc, d.taps, mc, kc, spec.mr, packed);
        };
        auto pack_x = [&](int64_t pc, int64_t kc, int64_t, int64_t, T* packed) {
          pack_im2col(g, x_g, d.x_image, images, pc, kc, spec.nr, col, packed);
        };
        gemm_detail::gemm_blocked(spec, d.kg, cols, d.taps, T(1), pack_w, pack_x, T(0), c, cols);
      } else {
        if (!pointwise)
          for (int64_t n = 0; n < images; ++n)
            im2col_walk<false, T>(g, x_g + n * d.x_image, col + n * d.plane, cols);
        gemm<T>(false, false, d.kg, cols, d.taps, T(1), w_g, d.taps, pointwise ? x_g : col, cols,
                T(0), c, cols);
      }
      if (out) gather_block<false, T>(y_g, d.y_image, out, images, d.kg, d.plane);
      if (b)
        for (int64_t n = 0; n < images; ++n)
          for (int64_t k = 0; k < d.kg; ++k) {
            T* row = y_g + n * d.y_image + k * d.plane;
            for (int64_t p = 0; p < d.plane; ++p) row[p] += b[gi * d.kg + k];
          }
    }
  });
}

template <class T>
void conv2d_backward_data(const ConvGeometry& g, const T* dL_dy, const T* w, T* dL_dx) {
  if constexpr (std::is_same_v<T, float>)
    if (use_winograd(g, ConvPass::BackwardData))
      return conv2d_backward_data_winograd(g, dL_dy, w, dL_dx);
  GroupDims d(g);
  bool pointwise = is_pointwise(g);
  ImageBlocks blocks(g.batch, d.plane, !pointwise);
  blocks.run([&](int64_t, int64_t n0, int64_t images) {
    const int64_t cols = images * d.plane;
    T* col = pointwise ? nullptr : thread_scratch<T, 0>(d.taps * cols);
    T* dy_block = images == 1 ? nullptr : thread_scratch<T, 1>(d.kg * cols);
    T* dx_n0 = dL_dx + n0 * d.x_image;
    if (!pointwise) std::fill(dx_n0, dx_n0 + images * d.x_image, T(0));
    for (int64_t gi = 0; gi < g.groups; ++gi) {
      T* dx_g = dx_n0 + gi * d.cg * g.in_h * g.in_w;
      const T* dy_g = dL_dy + n0 * d.y_image + gi * d.kg * d.plane;
      if (dy_block) gather_block<true, T>(dy_g, d.y_image, dy_block, images, d.kg, d.plane);
      // col = W_gᵀ · dL/dy_g, then scattered back onto the images (or written directly for 1x1).
      gemm<T>(true, false, d.taps, cols, d.kg, T(1), w + gi * d.kg * d.taps, d.taps,
              dy_block ? dy_block : dy_g, cols, T(0), pointwise ? dx_g : col, cols);
      if (!pointwise)
        for (int64_t n = 0; n < images; ++n)
          im2col_walk<true, T>(g, dx_g + n * d.x_image, col + n * d.plane, cols);
    }
  });
}

template <class T>
void conv2d_backward_weight(const ConvGeometry& g, const T* x, const T* dL_dy, T* dL_dw) {
  if constexpr (std::is_same_v<T, float>)
    if (use_winograd(g, ConvPass::BackwardWeight))
      return conv2d_backward_weight_winograd(g, x, dL_dy, dL_dw);
  GroupDims d(g);
  bool pointwise = is_pointwise(g);
  int64_t w_size = g.out_channels * d.taps;
  // Each image range accumulates into its own copy (range 0 straight into dL_dw); summed at the
  // end. One image per GEMM: folding images into the GEMM's depth measured slower here (its
  // packed kc x taps block of colᵀ outgrows L2, where one image's few k steps stay in it).
  ImageBlocks blocks(g.batch, d.plane, /*fold=*/false);
  int64_t ranges = blocks.count;
  auto partial = std::make_unique_for_overwrite<T[]>(static_cast<size_t>((ranges - 1) * w_size));
  blocks.run([&](int64_t r, int64_t n, int64_t) {
    T* acc = r == 0 ? dL_dw : partial.get() + (r - 1) * w_size;
    T* col = pointwise ? nullptr : thread_scratch<T, 0>(d.taps * d.plane);
    for (int64_t gi = 0; gi < g.groups; ++gi) {
      const T* x_g = x + n * d.x_image + gi * d.cg * g.in_h * g.in_w;
      if (!pointwise) im2col_walk<false, T>(g, x_g, col, d.plane);
      // dW_g += dL/dy_g · colᵀ; the first image of a range overwrites (no zeroing pass).
      gemm<T>(false, true, d.kg, d.taps, d.plane, T(1), dL_dy + n * d.y_image + gi * d.kg * d.plane,
              d.plane, pointwise ? x_g : col, d.plane, n == r * blocks.grain ? T(0) : T(1),
              acc + gi * d.kg * d.taps, d.taps);
    }
  });
  if (ranges > 1)
    parallel_for(w_size, [&](int64_t i) {
      T sum = dL_dw[i];
      for (int64_t r = 0; r + 1 < ranges; ++r) sum += partial[r * w_size + i];
      dL_dw[i] = sum;
    });
}

template <class T>
void add_channel_bias(T* t, const T* b, int64_t batch, int64_t channels, int64_t plane) {
  parallel_chunks(batch * channels, std::max<int64_t>(1, kParallelGrain / plane),
                  [&](int64_t lo, int64_t hi) {
                    for (int64_t nc = lo; nc < hi; ++nc) {
                      T bias = b[nc % channels];
                      for (int64_t i = 0; i < plane; ++i) t[nc * plane + i] += bias;
                    }
                  });
}

template <class T>
void channel_sum(const T* t, T* db, int64_t batch, int64_t channels, int64_t plane) {
  parallel_chunks(channels, std::max<int64_t>(1, kParallelGrain / (batch * plane)),
                  [&](int64_t lo, int64_t hi) {
                    for (int64_t c = lo; c < hi; ++c) {
                      double sum = 0;  // f64: a sum over batch x plane elements
                      for (int64_t n = 0; n < batch; ++n)
                        for (int64_t i = 0; i < plane; ++i)
                          sum += t[(n * channels + c) * plane + i];
                      db[c] = static_cast<T>(sum);
                    }
                  });
}

#define PHANTOM_INSTANTIATE(T)                                                            \
  template void conv2d_forward<T>(const ConvGeometry&, const T*, const T*, const T*, T*); \
  template void conv2d_backward_data<T>(const ConvGeometry&, const T*, const T*, T*);     \
  template void conv2d_backward_weight<T>(const ConvGeometry&, const T*, const T*, T*);   \
  template void add_channel_bias<T>(T*, const T*, int64_t, int64_t, int64_t);             \
  template void channel_sum<T>(const T*, T*, int64_t, int64_t, int64_t);
PHANTOM_INSTANTIATE(float)
PHANTOM_INSTANTIATE(double)
#undef PHANTOM_INSTANTIATE

}  // namespace phantom::kernels::cpu
