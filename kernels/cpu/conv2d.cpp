// Fast convolution: im2col/col2im around the GEMM, one image and one group at a time.
//
// Images are split into one contiguous range per thread (a serial GEMM call per image inside the
// parallel loop; with batch 1 the loop is serial and the GEMM may use the threads itself). The
// column matrix lives in a per-thread buffer that is reused across calls, so the hot loop does no
// allocation. 1x1 convolutions with stride 1 and no padding skip im2col: the image already is the
// column matrix.
#include <omp.h>

#include <algorithm>
#include <memory>
#include <type_traits>
#include <vector>

#include "kernels/conv.h"
#include "kernels/cpu/parallel.h"
#include "kernels/gemm.h"

namespace phantom::kernels::cpu {

namespace {

// Per-thread scratch that only grows; OpenMP keeps its worker threads, so it is allocated once.
template <class T>
T* thread_scratch(int64_t n) {
  thread_local std::vector<T> buffer;
  if (static_cast<int64_t>(buffer.size()) < n) buffer.resize(n);
  return buffer.data();
}

bool is_pointwise(const ConvGeometry& g) {
  return g.kernel_h == 1 && g.kernel_w == 1 && g.stride_h == 1 && g.stride_w == 1 && g.pad_h == 0 &&
         g.pad_w == 0;
}

int64_t ceil_div_nonneg(int64_t a, int64_t b) {
  return a <= 0 ? 0 : (a + b - 1) / b;
}

// The column matrix of one image's group: col[(c, i, j), (oh, ow)] = x[c, ih, iw] with
// ih = oh*sh - ph + i*dh, iw = ow*sw - pw + j*dw (0 outside the image). kScatter = false gathers
// (im2col); kScatter = true adds the columns back into the image (col2im), the adjoint map.
template <bool kScatter, class T>
void im2col_walk(const ConvGeometry& g, std::conditional_t<kScatter, T*, const T*> image, T* col) {
  int64_t cg = g.in_channels / g.groups, plane = g.out_h * g.out_w;
  for (int64_t c = 0; c < cg; ++c)
    for (int64_t i = 0; i < g.kernel_h; ++i)
      for (int64_t j = 0; j < g.kernel_w; ++j) {
        T* row = col + ((c * g.kernel_h + i) * g.kernel_w + j) * plane;
        auto* channel = image + c * g.in_h * g.in_w;
        int64_t w_off = j * g.dilation_w - g.pad_w;
        // Output columns whose input column lies inside the image: [ow_lo, ow_hi).
        int64_t ow_lo = std::min(g.out_w, ceil_div_nonneg(-w_off, g.stride_w));
        int64_t ow_hi =
            std::max(ow_lo, std::min(g.out_w, ceil_div_nonneg(g.in_w - w_off, g.stride_w)));
        for (int64_t oh = 0; oh < g.out_h; ++oh) {
          T* out = row + oh * g.out_w;
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
          if (g.stride_w == 1) {
            for (int64_t ow = ow_lo; ow < ow_hi; ++ow) {
              if constexpr (kScatter)
                src[ow] += out[ow];
              else
                out[ow] = src[ow];
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

// [0, batch) split into at most one contiguous range of images per thread.
struct ImageRanges {
  int64_t batch, grain, count;
  explicit ImageRanges(int64_t n)
      : batch(n), grain((n + max_ranges(n) - 1) / max_ranges(n)), count((n + grain - 1) / grain) {}
  static int64_t max_ranges(int64_t n) {
    return std::max<int64_t>(1, std::min<int64_t>(omp_get_max_threads(), n));
  }
  // Runs body(range_index, begin, end) for every range, in parallel.
  template <class F>
  void run(F&& body) const {
    parallel_chunks(batch, grain,
                    [&](int64_t begin, int64_t end) { body(begin / grain, begin, end); });
  }
};

}  // namespace

template <class T>
void conv2d_forward(const ConvGeometry& g, const T* x, const T* w, const T* b, T* y) {
  GroupDims d(g);
  bool pointwise = is_pointwise(g);
  ImageRanges(g.batch).run([&](int64_t, int64_t begin, int64_t end) {
    T* col = pointwise ? nullptr : thread_scratch<T>(d.taps * d.plane);
    for (int64_t n = begin; n < end; ++n)
      for (int64_t gi = 0; gi < g.groups; ++gi) {
        const T* x_g = x + n * d.x_image + gi * d.cg * g.in_h * g.in_w;
        T* y_g = y + n * d.y_image + gi * d.kg * d.plane;
        if (!pointwise) im2col_walk<false>(g, x_g, col);
        // The bias is written first and accumulated into (beta = 1), saving a pass over y.
        if (b)
          for (int64_t k = 0; k < d.kg; ++k)
            std::fill(y_g + k * d.plane, y_g + (k + 1) * d.plane, b[gi * d.kg + k]);
        gemm<T>(false, false, d.kg, d.plane, d.taps, T(1), w + gi * d.kg * d.taps, d.taps,
                pointwise ? x_g : col, d.plane, b ? T(1) : T(0), y_g, d.plane);
      }
  });
}

template <class T>
void conv2d_backward_data(const ConvGeometry& g, const T* dL_dy, const T* w, T* dL_dx) {
  GroupDims d(g);
  bool pointwise = is_pointwise(g);
  ImageRanges(g.batch).run([&](int64_t, int64_t begin, int64_t end) {
    T* col = pointwise ? nullptr : thread_scratch<T>(d.taps * d.plane);
    for (int64_t n = begin; n < end; ++n) {
      T* dx_n = dL_dx + n * d.x_image;
      if (!pointwise) std::fill(dx_n, dx_n + d.x_image, T(0));
      for (int64_t gi = 0; gi < g.groups; ++gi) {
        T* dx_g = dx_n + gi * d.cg * g.in_h * g.in_w;
        // col = W_gᵀ · dL/dy_g, then scattered back onto the image (or written directly for 1x1).
        gemm<T>(true, false, d.taps, d.plane, d.kg, T(1), w + gi * d.kg * d.taps, d.taps,
                dL_dy + n * d.y_image + gi * d.kg * d.plane, d.plane, T(0), pointwise ? dx_g : col,
                d.plane);
        if (!pointwise) im2col_walk<true>(g, dx_g, col);
      }
    }
  });
}

template <class T>
void conv2d_backward_weight(const ConvGeometry& g, const T* x, const T* dL_dy, T* dL_dw) {
  GroupDims d(g);
  bool pointwise = is_pointwise(g);
  int64_t w_size = g.out_channels * d.taps;
  // Each image range accumulates into its own copy (range 0 straight into dL_dw); summed at the
  // end.
  ImageRanges images(g.batch);
  int64_t ranges = images.count;
  auto partial = std::make_unique_for_overwrite<T[]>(static_cast<size_t>((ranges - 1) * w_size));
  images.run([&](int64_t r, int64_t begin, int64_t end) {
    T* acc = r == 0 ? dL_dw : partial.get() + (r - 1) * w_size;
    T* col = pointwise ? nullptr : thread_scratch<T>(d.taps * d.plane);
    for (int64_t n = begin; n < end; ++n)
      for (int64_t gi = 0; gi < g.groups; ++gi) {
        const T* x_g = x + n * d.x_image + gi * d.cg * g.in_h * g.in_w;
        if (!pointwise) im2col_walk<false>(g, x_g, col);
        // dW_g += dL/dy_g · colᵀ; the first image of a range overwrites (no zeroing pass).
        gemm<T>(false, true, d.kg, d.taps, d.plane, T(1),
                dL_dy + n * d.y_image + gi * d.kg * d.plane, d.plane, pointwise ? x_g : col,
                d.plane, n == begin ? T(0) : T(1), acc + gi * d.kg * d.taps, d.taps);
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
