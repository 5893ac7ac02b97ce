// The convolution oracle: the definition as seven nested loops, once per linear map, accumulating
// in f64. Slow on purpose; kept simple so the fast path can be tested against it.
#include <cstddef>
#include <vector>

#include "kernels/conv.h"

namespace phantom::kernels::cpu {

namespace {

// Calls visit(x_index, w_index, y_index) for every (input, weight, output) triple the convolution
// multiplies together; the three maps differ only in which index they accumulate into.
template <class Visit>
void for_each_tap(const ConvGeometry& g, Visit&& visit) {
  int64_t cg = g.in_channels / g.groups, kg = g.out_channels / g.groups;
  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t k = 0; k < g.out_channels; ++k)
      for (int64_t oh = 0; oh < g.out_h; ++oh)
        for (int64_t ow = 0; ow < g.out_w; ++ow)
          for (int64_t c = 0; c < cg; ++c)
            for (int64_t i = 0; i < g.kernel_h; ++i)
              for (int64_t j = 0; j < g.kernel_w; ++j) {
                int64_t ih = oh * g.stride_h - g.pad_h + i * g.dilation_h;
                int64_t iw = ow * g.stride_w - g.pad_w + j * g.dilation_w;
                if (ih < 0 || ih >= g.in_h || iw < 0 || iw >= g.in_w) continue;
                int64_t xc = (k / kg) * cg + c;
                int64_t xi = ((n * g.in_channels + xc) * g.in_h + ih) * g.in_w + iw;
                int64_t wi = ((k * cg + c) * g.kernel_h + i) * g.kernel_w + j;
                int64_t yi = ((n * g.out_channels + k) * g.out_h + oh) * g.out_w + ow;
                visit(xi, wi, yi);
              }
}

template <class T>
void store(const std::vector<double>& acc, T* out) {
  for (std::size_t i = 0; i < acc.size(); ++i) out[i] = static_cast<T>(acc[i]);
}

}  // namespace

template <class T>
void conv2d_forward_naive(const ConvGeometry& g, const T* x, const T* w, const T* b, T* y) {
  std::vector<double> acc(g.batch * g.out_channels * g.out_h * g.out_w, 0.0);
  for_each_tap(g, [&](int64_t xi, int64_t wi, int64_t yi) { acc[yi] += double(x[xi]) * w[wi]; });
  int64_t plane = g.out_h * g.out_w;
  if (b)
    for (std::size_t i = 0; i < acc.size(); ++i) acc[i] += b[(i / plane) % g.out_channels];
  store(acc, y);
}

template <class T>
void conv2d_backward_data_naive(const ConvGeometry& g, const T* dL_dy, const T* w, T* dL_dx) {
  std::vector<double> acc(g.batch * g.in_channels * g.in_h * g.in_w, 0.0);
  for_each_tap(g,
               [&](int64_t xi, int64_t wi, int64_t yi) { acc[xi] += double(dL_dy[yi]) * w[wi]; });
  store(acc, dL_dx);
}

template <class T>
void conv2d_backward_weight_naive(const ConvGeometry& g, const T* x, const T* dL_dy, T* dL_dw) {
  std::vector<double> acc(g.out_channels * (g.in_channels / g.groups) * g.kernel_h * g.kernel_w,
                          0.0);
  for_each_tap(g,
               [&](int64_t xi, int64_t wi, int64_t yi) { acc[wi] += double(dL_dy[yi]) * x[xi]; });
  store(acc, dL_dw);
}

#define PHANTOM_INSTANTIATE(T)                                                                  \
  template void conv2d_forward_naive<T>(const ConvGeometry&, const T*, const T*, const T*, T*); \
  template void conv2d_backward_data_naive<T>(const ConvGeometry&, const T*, const T*, T*);     \
  template void conv2d_backward_weight_naive<T>(const ConvGeometry&, const T*, const T*, T*);
PHANTOM_INSTANTIATE(float)
PHANTOM_INSTANTIATE(double)
#undef PHANTOM_INSTANTIATE

}  // namespace phantom::kernels::cpu
