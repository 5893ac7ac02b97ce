// 2-D convolution kernels, NCHW images and OIHW weights. Everything is phrased in terms of one
// convolution y = conv(x, w): x [N, C, H, W], w [K, C/groups, kH, kW], y [N, K, OH, OW]. Its three
// linear maps are the forward, the backward-data (dL/dy -> dL/dx, which is also the forward of the
// transposed convolution) and the backward-weight; conv_transpose2d reuses them with roles swapped.
//
// Fast versions (cpu/conv2d.cpp) use im2col/col2im and the GEMM; the *_naive oracles
// (cpu/conv2d_naive.cpp) are direct loops over the definition.
#pragma once
#include <cstdint>
#include <string>

namespace phantom::kernels {

struct ConvGeometry {
  int64_t batch = 1;
  int64_t in_channels = 1, in_h = 1, in_w = 1;     // x: C, H, W
  int64_t out_channels = 1, out_h = 1, out_w = 1;  // y: K, OH, OW
  int64_t kernel_h = 1, kernel_w = 1;
  int64_t stride_h = 1, stride_w = 1;
  int64_t pad_h = 0, pad_w = 0;
  int64_t dilation_h = 1, dilation_w = 1;
  int64_t groups = 1;
};

namespace cpu {

// The algorithm of the f32 convolutions with 3×3 filters and stride 1 (cpu/conv2d_winograd.h);
// other shapes and f64 always use im2col + GEMM. Auto takes Winograd where it measured faster
// (docs/bench.md). Process-wide; the default comes from the environment variable PHANTOM_CPU_CONV
// (im2col, winograd or auto), else im2col, which every documented result was measured with.
enum class ConvAlgorithm { Im2col, Winograd, Auto };
ConvAlgorithm conv_algorithm();
void set_conv_algorithm(ConvAlgorithm algorithm);
// "im2col", "winograd" or "auto"; anything else is a UserError naming `what` (a flag or variable).
ConvAlgorithm parse_conv_algorithm(const std::string& text, const std::string& what);
const char* conv_algorithm_name(ConvAlgorithm algorithm = conv_algorithm());  // default: selected

// y = conv(x, w) (+ b[k] per output channel when b is non-null).
template <class T>
void conv2d_forward(const ConvGeometry& g, const T* x, const T* w, const T* b, T* y);
// dL_dx = convᵀ(dL_dy, w); overwrites dL_dx.
template <class T>
void conv2d_backward_data(const ConvGeometry& g, const T* dL_dy, const T* w, T* dL_dx);
// dL_dw = Σ_n dL_dy ⋆ x; overwrites dL_dw.
template <class T>
void conv2d_backward_weight(const ConvGeometry& g, const T* x, const T* dL_dy, T* dL_dw);

template <class T>
void conv2d_forward_naive(const ConvGeometry& g, const T* x, const T* w, const T* b, T* y);
template <class T>
void conv2d_backward_data_naive(const ConvGeometry& g, const T* dL_dy, const T* w, T* dL_dx);
template <class T>
void conv2d_backward_weight_naive(const ConvGeometry& g, const T* x, const T* dL_dy, T* dL_dw);

// Per-channel bias helpers on an [N, C, HW] tensor: t[n, c, :] += b[c], and db[c] = Σ_{n,hw} t.
template <class T>
void add_channel_bias(T* t, const T* b, int64_t batch, int64_t channels, int64_t plane);
template <class T>
void channel_sum(const T* t, T* db, int64_t batch, int64_t channels, int64_t plane);

}  // namespace cpu

// The same kernels on the GPU (cuda/conv2d.cu); pointers are device memory.
namespace cuda {
template <class T>
void conv2d_forward(const ConvGeometry& g, const T* x, const T* w, const T* b, T* y);
template <class T>
void conv2d_backward_data(const ConvGeometry& g, const T* dL_dy, const T* w, T* dL_dx);
template <class T>
void conv2d_backward_weight(const ConvGeometry& g, const T* x, const T* dL_dy, T* dL_dw);
template <class T>
void add_channel_bias(T* t, const T* b, int64_t batch, int64_t channels, int64_t plane);
template <class T>
void channel_sum(const T* t, T* db, int64_t batch, int64_t channels, int64_t plane);
}  // namespace cuda
}  // namespace phantom::kernels
