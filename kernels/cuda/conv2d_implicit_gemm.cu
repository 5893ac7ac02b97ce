// Convolution as an implicit GEMM: each map is a matrix product whose operands are read straight
// from the tensors (the im2col matrix is never built), one GEMM per group (blockIdx.z), 16x16
// output tiles staged through shared memory, f32 accumulation. The fallback when cuDNN is absent
// or PHANTOM_CONV=implicit; simple rather than fast.
#include "engine/core/error.h"
#include "kernels/cuda/conv2d_maps.h"
#include "kernels/cuda/launch.h"

namespace phantom::kernels::cuda::conv_maps {

namespace {

constexpr int kTile = 16;

// C[m][n] = Σ_k a(group, m, k) · b(group, k, n), stored through store(group, m, n, value).
template <class LoadA, class LoadB, class Store>
__global__ void implicit_gemm_kernel(int64_t M, int64_t N, int64_t K, LoadA a, LoadB b,
                                     Store store) {
  __shared__ float as[kTile][kTile + 1], bs[kTile][kTile + 1];
  const int tx = threadIdx.x, ty = threadIdx.y;
  const int64_t group = blockIdx.z;
  const int64_t m = blockIdx.y * int64_t(kTile) + ty, n = blockIdx.x * int64_t(kTile) + tx;
  float acc = 0;
  for (int64_t k0 = 0; k0 < K; k0 += kTile) {
    as[ty][tx] = m < M && k0 + tx < K ? a(group, m, k0 + tx) : 0.0f;
    bs[ty][tx] = k0 + ty < K && n < N ? b(group, k0 + ty, n) : 0.0f;
    __syncthreads();
    for (int kk = 0; kk < kTile; ++kk) acc += as[ty][kk] * bs[kk][tx];
    __syncthreads();
  }
  if (m < M && n < N) store(group, m, n, acc);
}

template <class LoadA, class LoadB, class Store>
void launch(int64_t groups, int64_t M, int64_t N, int64_t K, LoadA a, LoadB b, Store store) {
  if (M == 0 || N == 0) return;
  const int64_t grid_x = (N + kTile - 1) / kTile, grid_y = (M + kTile - 1) / kTile;
  PHANTOM_CHECK(grid_x < (int64_t(1) << 31) && grid_y < 65536 && groups < 65536,
                "implicit GEMM convolution too large: M ", M, ", N ", N, ", groups ", groups);
  dim3 grid(static_cast<unsigned>(grid_x), static_cast<unsigned>(grid_y),
            static_cast<unsigned>(groups));
  implicit_gemm_kernel<<<grid, dim3(kTile, kTile), 0, current_stream()>>>(M, N, K, a, b, store);
  PHANTOM_LAUNCH_CHECK();
}

}  // namespace

void implicit_gemm(ConvMap map, const ConvGeometry& geometry, const float* in1, const float* in2,
                   float* out) {
  const ConvGeometry g = geometry;
  const int64_t cg = g.in_channels / g.groups, kg = g.out_channels / g.groups;
  const int64_t kernel = g.kernel_h * g.kernel_w, taps = cg * kernel;
  const int64_t out_plane = g.out_h * g.out_w, in_plane = g.in_h * g.in_w;
  // x[n, group·cg + c, ih, iw] for tap (c, i, j) of output pixel (n, oh, ow); 0 in the padding.
  auto image_at = [=] __device__(const float* x, int64_t group, int64_t tap,
                                 int64_t pixel) -> float {
    const int64_t c = tap / kernel, i = (tap / g.kernel_w) % g.kernel_h, j = tap % g.kernel_w;
    const int64_t n = pixel / out_plane, oh = (pixel / g.out_w) % g.out_h, ow = pixel % g.out_w;
    const int64_t ih = oh * g.stride_h - g.pad_h + i * g.dilation_h;
    const int64_t iw = ow * g.stride_w - g.pad_w + j * g.dilation_w;
    if (ih < 0 || ih >= g.in_h || iw < 0 || iw >= g.in_w) return 0.0f;
    return x[((n * g.in_channels + group * cg + c) * g.in_h + ih) * g.in_w + iw];
  };
  // dy[n, group·kg + k, oh, ow] for output pixel (n, oh, ow).
  auto response_index = [=] __device__(int64_t group, int64_t k, int64_t pixel) -> int64_t {
    const int64_t n = pixel / out_plane, p = pixel % out_plane;
    return (n * g.out_channels + group * kg + k) * out_plane + p;
  };
  switch (map) {
    case ConvMap::Forward: {  // y[k, pixel] = Σ_tap w[k, tap] · x_col[tap, pixel]
      const float *x = in1, *w = in2;
      launch(
          g.groups, kg, g.batch * out_plane, taps,
          [=] __device__(int64_t group, int64_t k, int64_t t) {
            return w[(group * kg + k) * taps + t];
          },
          [=] __device__(int64_t group, int64_t t, int64_t pixel) {
            return image_at(x, group, t, pixel);
          },
          [=] __device__(int64_t group, int64_t k, int64_t pixel, float v) {
            out[response_index(group, k, pixel)] = v;
          });
      return;
    }
    case ConvMap::BackwardWeight: {  // dw[k, tap] = Σ_pixel dy[k, pixel] · x_col[tap, pixel]
      const float *x = in1, *dy = in2;
      launch(
          g.groups, kg, taps, g.batch * out_plane,
          [=] __device__(int64_t group, int64_t k, int64_t pixel) {
            return dy[response_index(group, k, pixel)];
          },
          [=] __device__(int64_t group, int64_t pixel, int64_t t) {
            return image_at(x, group, t, pixel);
          },
          [=] __device__(int64_t group, int64_t k, int64_t t, float v) {
            out[(group * kg + k) * taps + t] = v;
          });
      return;
    }
    case ConvMap::BackwardData: {  // dx[c, (n, ih, iw)] = Σ_(k, i, j) w[k, c, i, j] · dy[k, ...]
      const float *dy = in1, *w = in2;
      launch(
          g.groups, cg, g.batch * in_plane, kg * kernel,
          [=] __device__(int64_t group, int64_t c, int64_t kij) {
            const int64_t k = kij / kernel, ij = kij % kernel;
            return w[((group * kg + k) * cg + c) * kernel + ij];
          },
          [=] __device__(int64_t group, int64_t kij, int64_t pixel) -> float {
            const int64_t k = kij / kernel, i = (kij / g.kernel_w) % g.kernel_h,
                          j = kij % g.kernel_w;
            const int64_t n = pixel / in_plane, ih = (pixel / g.in_w) % g.in_h, iw = pixel % g.in_w;
            // The output pixel that read (ih, iw) through tap (i, j), if any.
            const int64_t sh = ih + g.pad_h - i * g.dilation_h;
            const int64_t sw = iw + g.pad_w - j * g.dilation_w;
            if (sh < 0 || sw < 0 || sh % g.stride_h != 0 || sw % g.stride_w != 0) return 0.0f;
            const int64_t oh = sh / g.stride_h, ow = sw / g.stride_w;
            if (oh >= g.out_h || ow >= g.out_w) return 0.0f;
            return dy[((n * g.out_channels + group * kg + k) * g.out_h + oh) * g.out_w + ow];
          },
          [=] __device__(int64_t group, int64_t c, int64_t pixel, float v) {
            const int64_t n = pixel / in_plane, p = pixel % in_plane;
            out[(n * g.in_channels + group * cg + c) * in_plane + p] = v;
          });
      return;
    }
  }
}

}  // namespace phantom::kernels::cuda::conv_maps
