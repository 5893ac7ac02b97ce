// Pooling loops: one image plane per task; windows from pool_math.h. The backward of each plane
// writes only that plane of dL_dx, so planes run in parallel without races.
#include <algorithm>
#include <cmath>
#include <limits>

#include "kernels/cpu/parallel.h"
#include "kernels/pool.h"
#include "kernels/pool_math.h"

namespace phantom::kernels::cpu {

namespace {

// Runs body(plane) over the N*C planes, in parallel once there is enough work.
template <class F>
void for_each_plane(const PoolGeometry& g, F&& body) {
  int64_t work = std::max<int64_t>(1, (g.in_h * g.in_w + g.out_h * g.out_w));
  parallel_chunks(g.planes, std::max<int64_t>(1, kParallelGrain / work),
                  [&](int64_t lo, int64_t hi) {
                    for (int64_t p = lo; p < hi; ++p) body(p);
                  });
}

}  // namespace

template <class T>
void max_pool2d_forward(const PoolGeometry& g, const T* x, T* y, int32_t* argmax) {
  int64_t in_plane = g.in_h * g.in_w, out_plane = g.out_h * g.out_w;
  for_each_plane(g, [&](int64_t p) {
    const T* xp = x + p * in_plane;
    for (int64_t oh = 0; oh < g.out_h; ++oh)
      for (int64_t ow = 0; ow < g.out_w; ++ow) {
        PoolWindow win = fixed_window(g, oh, ow);
        T best = -std::numeric_limits<T>::infinity();
        int64_t best_at = -1;  // stays -1 only for a window of padding alone
        for (int64_t h = win.h0; h < win.h1; ++h)
          for (int64_t w = win.w0; w < win.w1; ++w) {
            T v = xp[h * g.in_w + w];
            if (v > best || std::isnan(v)) best = v, best_at = h * g.in_w + w;
          }
        y[p * out_plane + oh * g.out_w + ow] = best;
        argmax[p * out_plane + oh * g.out_w + ow] = static_cast<int32_t>(best_at);
      }
  });
}

template <class T>
void max_pool2d_backward(const PoolGeometry& g, const T* dL_dy, const int32_t* argmax, T* dL_dx) {
  int64_t in_plane = g.in_h * g.in_w, out_plane = g.out_h * g.out_w;
  for_each_plane(g, [&](int64_t p) {
    T* dx = dL_dx + p * in_plane;
    std::fill(dx, dx + in_plane, T(0));
    for (int64_t o = p * out_plane; o < (p + 1) * out_plane; ++o)
      if (argmax[o] >= 0) dx[argmax[o]] += dL_dy[o];
  });
}

template <class T>
void avg_pool2d_forward(const PoolGeometry& g, const T* x, T* y) {
  int64_t in_plane = g.in_h * g.in_w, out_plane = g.out_h * g.out_w;
  for_each_plane(g, [&](int64_t p) {
    const T* xp = x + p * in_plane;
    for (int64_t oh = 0; oh < g.out_h; ++oh)
      for (int64_t ow = 0; ow < g.out_w; ++ow) {
        PoolWindow win = avg_window(g, oh, ow);
        T sum = 0;
        for (int64_t h = win.h0; h < win.h1; ++h)
          for (int64_t w = win.w0; w < win.w1; ++w) sum += xp[h * g.in_w + w];
        // A window entirely in padding (possible with ceil_mode) averages to 0, as in PyTorch.
        y[p * out_plane + oh * g.out_w + ow] = win.divisor > 0 ? sum / T(win.divisor) : T(0);
      }
  });
}

template <class T>
void avg_pool2d_backward(const PoolGeometry& g, const T* dL_dy, T* dL_dx) {
  int64_t in_plane = g.in_h * g.in_w, out_plane = g.out_h * g.out_w;
  for_each_plane(g, [&](int64_t p) {
    T* dx = dL_dx + p * in_plane;
    std::fill(dx, dx + in_plane, T(0));
    for (int64_t oh = 0; oh < g.out_h; ++oh)
      for (int64_t ow = 0; ow < g.out_w; ++ow) {
        PoolWindow win = avg_window(g, oh, ow);
        if (win.divisor <= 0) continue;
        T share = dL_dy[p * out_plane + oh * g.out_w + ow] / T(win.divisor);
        for (int64_t h = win.h0; h < win.h1; ++h)
          for (int64_t w = win.w0; w < win.w1; ++w) dx[h * g.in_w + w] += share;
      }
  });
}

#define PHANTOM_INSTANTIATE(T)                                                             \
  template void max_pool2d_forward<T>(const PoolGeometry&, const T*, T*, int32_t*);        \
  template void max_pool2d_backward<T>(const PoolGeometry&, const T*, const int32_t*, T*); \
  template void avg_pool2d_forward<T>(const PoolGeometry&, const T*, T*);                  \
  template void avg_pool2d_backward<T>(const PoolGeometry&, const T*, T*);
PHANTOM_INSTANTIATE(float)
PHANTOM_INSTANTIATE(double)
#undef PHANTOM_INSTANTIATE

}  // namespace phantom::kernels::cpu
