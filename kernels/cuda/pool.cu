// Pooling on the GPU: one thread per output element with the windows of pool_math.h. The
// backwards scatter into overlapping windows with atomicAdd (summation order may vary by run).
#include <cmath>

#include "kernels/cuda/launch.h"
#include "kernels/pool.h"
#include "kernels/pool_math.h"

namespace phantom::kernels::cuda {

namespace {
template <class T>
void zero(T* p, int64_t n) {
  PHANTOM_CUDA_CHECK(cudaMemsetAsync(p, 0, static_cast<size_t>(n) * sizeof(T), current_stream()));
}
}  // namespace

template <class T>
void max_pool2d_forward(const PoolGeometry& geometry, const T* x, T* y, int32_t* argmax) {
  const PoolGeometry g = geometry;
  const int64_t out_plane = g.out_h * g.out_w;
  for_each_index(g.planes * out_plane, [=] __device__(int64_t o) {
    const int64_t p = o / out_plane, oh = (o % out_plane) / g.out_w, ow = o % g.out_w;
    const T* xp = x + p * g.in_h * g.in_w;
    PoolWindow win = fixed_window(g, oh, ow);
    T best = -INFINITY;
    int64_t best_at = -1;  // stays -1 only for a window of padding alone
    for (int64_t h = win.h0; h < win.h1; ++h)
      for (int64_t w = win.w0; w < win.w1; ++w) {
        T v = xp[h * g.in_w + w];
        if (v > best || isnan(v)) best = v, best_at = h * g.in_w + w;
      }
    y[o] = best;
    argmax[o] = static_cast<int32_t>(best_at);
  });
}

template <class T>
void max_pool2d_backward(const PoolGeometry& geometry, const T* dL_dy, const int32_t* argmax,
                         T* dL_dx) {
  const PoolGeometry g = geometry;
  const int64_t in_plane = g.in_h * g.in_w, out_plane = g.out_h * g.out_w;
  zero(dL_dx, g.planes * in_plane);
  for_each_index(g.planes * out_plane, [=] __device__(int64_t o) {
    if (argmax[o] >= 0) atomicAdd(dL_dx + (o / out_plane) * in_plane + argmax[o], dL_dy[o]);
  });
}

template <class T>
void avg_pool2d_forward(const PoolGeometry& geometry, const T* x, T* y) {
  const PoolGeometry g = geometry;
  const int64_t out_plane = g.out_h * g.out_w;
  for_each_index(g.planes * out_plane, [=] __device__(int64_t o) {
    const int64_t p = o / out_plane, oh = (o % out_plane) / g.out_w, ow = o % g.out_w;
    const T* xp = x + p * g.in_h * g.in_w;
    PoolWindow win = avg_window(g, oh, ow);
    T sum = 0;
    for (int64_t h = win.h0; h < win.h1; ++h)
      for (int64_t w = win.w0; w < win.w1; ++w) sum += xp[h * g.in_w + w];
    y[o] = win.divisor > 0 ? sum / T(win.divisor) : T(0);
  });
}

template <class T>
void avg_pool2d_backward(const PoolGeometry& geometry, const T* dL_dy, T* dL_dx) {
  const PoolGeometry g = geometry;
  const int64_t in_plane = g.in_h * g.in_w, out_plane = g.out_h * g.out_w;
  zero(dL_dx, g.planes * in_plane);
  for_each_index(g.planes * out_plane, [=] __device__(int64_t o) {
    const int64_t p = o / out_plane, oh = (o % out_plane) / g.out_w, ow = o % g.out_w;
    PoolWindow win = avg_window(g, oh, ow);
    if (win.divisor <= 0) return;
    const T share = dL_dy[o] / T(win.divisor);
    T* dx = dL_dx + p * in_plane;
    for (int64_t h = win.h0; h < win.h1; ++h)
      for (int64_t w = win.w0; w < win.w1; ++w) atomicAdd(dx + h * g.in_w + w, share);
  });
}

template void max_pool2d_forward<float>(const PoolGeometry&, const float*, float*, int32_t*);
template void max_pool2d_backward<float>(const PoolGeometry&, const float*, const int32_t*, float*);
template void avg_pool2d_forward<float>(const PoolGeometry&, const float*, float*);
template void avg_pool2d_backward<float>(const PoolGeometry&, const float*, float*);

}  // namespace phantom::kernels::cuda
