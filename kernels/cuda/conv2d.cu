// 2-D convolution on the GPU: each map through cuDNN or the implicit GEMM (conv_algorithm()),
// and the per-channel bias helpers (add: one thread per element; sum: one block per channel).
#include "kernels/conv.h"
#include "kernels/cuda/conv2d_maps.h"
#include "kernels/cuda/launch.h"
#include "kernels/cuda/runtime.h"

namespace phantom::kernels::cuda {

namespace {
using conv_maps::ConvMap;

// Runs `map` on the selected path; an empty convolution just zeroes its output.
void run(ConvMap map, const ConvGeometry& g, const float* in1, const float* in2, float* out,
         int64_t out_numel) {
  const bool empty = g.batch == 0 || g.in_channels == 0 || g.out_channels == 0 ||
                     g.out_h * g.out_w == 0 || g.in_h * g.in_w == 0;
  if (empty) {
    if (out_numel > 0)
      PHANTOM_CUDA_CHECK(cudaMemsetAsync(out, 0, static_cast<size_t>(out_numel) * sizeof(float),
                                         current_stream()));
    return;
  }
  if (conv_algorithm() == ConvAlgorithm::Cudnn)
    conv_maps::cudnn(map, g, in1, in2, out);
  else
    conv_maps::implicit_gemm(map, g, in1, in2, out);
}
}  // namespace

template <class T>
void conv2d_forward(const ConvGeometry& g, const T* x, const T* w, const T* b, T* y) {
  run(ConvMap::Forward, g, x, w, y, g.batch * g.out_channels * g.out_h * g.out_w);
  if (b) add_channel_bias<T>(y, b, g.batch, g.out_channels, g.out_h * g.out_w);
}

template <class T>
void conv2d_backward_data(const ConvGeometry& g, const T* dL_dy, const T* w, T* dL_dx) {
  run(ConvMap::BackwardData, g, dL_dy, w, dL_dx, g.batch * g.in_channels * g.in_h * g.in_w);
}

template <class T>
void conv2d_backward_weight(const ConvGeometry& g, const T* x, const T* dL_dy, T* dL_dw) {
  run(ConvMap::BackwardWeight, g, x, dL_dy, dL_dw,
      g.out_channels * (g.in_channels / g.groups) * g.kernel_h * g.kernel_w);
}

template <class T>
void add_channel_bias(T* t, const T* b, int64_t batch, int64_t channels, int64_t plane) {
  for_each_index(batch * channels * plane,
                 [=] __device__(int64_t i) { t[i] += b[(i / plane) % channels]; });
}

template <class T>
void channel_sum(const T* t, T* db, int64_t batch, int64_t channels, int64_t plane) {
  const int64_t per_channel = batch * plane;
  for_each_group(channels, [=] __device__(int64_t c) {
    double acc = 0;
    for (int64_t r = threadIdx.x; r < per_channel; r += blockDim.x)
      acc += t[((r / plane) * channels + c) * plane + r % plane];
    acc = block_sum(acc);
    if (threadIdx.x == 0) db[c] = static_cast<T>(acc);
  });
}

template void conv2d_forward<float>(const ConvGeometry&, const float*, const float*, const float*,
                                    float*);
template void conv2d_backward_data<float>(const ConvGeometry&, const float*, const float*, float*);
template void conv2d_backward_weight<float>(const ConvGeometry&, const float*, const float*,
                                            float*);
template void add_channel_bias<float>(float*, const float*, int64_t, int64_t, int64_t);
template void channel_sum<float>(const float*, float*, int64_t, int64_t, int64_t);

}  // namespace phantom::kernels::cuda
