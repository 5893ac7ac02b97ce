// The convolution maps through cuDNN's convolution API: descriptors per call, the heuristically
// best algorithm (cudnnGet*Algorithm_v7) whose workspace comes from the caching allocator. Math
// is FMA (plain f32) unless allow_tf32(). Without cuDNN, selecting this path is an error.
#include "engine/core/error.h"
#include "kernels/cuda/conv2d_maps.h"
#include "kernels/cuda/launch.h"
#include "kernels/cuda/runtime.h"
#include "kernels/cuda/stream.h"

#if defined(PHANTOM_HAVE_CUDNN)
#include <cudnn.h>

#include <climits>
#include <map>
#include <mutex>

#define PHANTOM_CUDNN_CHECK(call)                                                   \
  do {                                                                              \
    cudnnStatus_t phantom_st_ = (call);                                             \
    if (phantom_st_ != CUDNN_STATUS_SUCCESS)                                        \
      ::phantom::kernels::cuda::throw_cuda_error(__FILE__, __LINE__, #call,         \
                                                 cudnnGetErrorString(phantom_st_)); \
  } while (0)
#endif

namespace phantom::kernels::cuda::conv_maps {

#if defined(PHANTOM_HAVE_CUDNN)
namespace {

// One cuDNN handle per device, bound to the device's stream (kept until exit).
cudnnHandle_t cudnn_handle() {
  static std::mutex mutex;
  static auto* handles = new std::map<int, cudnnHandle_t>();
  std::lock_guard lock(mutex);
  cudnnHandle_t& h = (*handles)[current_device()];
  if (!h) {
    PHANTOM_CUDNN_CHECK(cudnnCreate(&h));
    PHANTOM_CUDNN_CHECK(cudnnSetStream(h, current_stream()));
  }
  return h;
}

int as_int(int64_t v) {
  PHANTOM_CHECK(v >= 0 && v <= INT_MAX, "cuDNN convolution dimension ", v, " exceeds int");
  return static_cast<int>(v);
}

// The four descriptors of one convolution geometry, destroyed with it.
struct Descriptors {
  cudnnTensorDescriptor_t x = nullptr, y = nullptr;
  cudnnFilterDescriptor_t w = nullptr;
  cudnnConvolutionDescriptor_t conv = nullptr;

  explicit Descriptors(const ConvGeometry& g) {
    PHANTOM_CUDNN_CHECK(cudnnCreateTensorDescriptor(&x));
    PHANTOM_CUDNN_CHECK(cudnnCreateTensorDescriptor(&y));
    PHANTOM_CUDNN_CHECK(cudnnCreateFilterDescriptor(&w));
    PHANTOM_CUDNN_CHECK(cudnnCreateConvolutionDescriptor(&conv));
    PHANTOM_CUDNN_CHECK(cudnnSetTensor4dDescriptor(x, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT,
                                                   as_int(g.batch), as_int(g.in_channels),
                                                   as_int(g.in_h), as_int(g.in_w)));
    PHANTOM_CUDNN_CHECK(cudnnSetTensor4dDescriptor(y, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT,
                                                   as_int(g.batch), as_int(g.out_channels),
                                                   as_int(g.out_h), as_int(g.out_w)));
    PHANTOM_CUDNN_CHECK(cudnnSetFilter4dDescriptor(
        w, CUDNN_DATA_FLOAT, CUDNN_TENSOR_NCHW, as_int(g.out_channels),
        as_int(g.in_channels / g.groups), as_int(g.kernel_h), as_int(g.kernel_w)));
    PHANTOM_CUDNN_CHECK(cudnnSetConvolution2dDescriptor(
        conv, as_int(g.pad_h), as_int(g.pad_w), as_int(g.stride_h), as_int(g.stride_w),
        as_int(g.dilation_h), as_int(g.dilation_w), CUDNN_CROSS_CORRELATION, CUDNN_DATA_FLOAT));
    PHANTOM_CUDNN_CHECK(cudnnSetConvolutionGroupCount(conv, as_int(g.groups)));
    PHANTOM_CUDNN_CHECK(
        cudnnSetConvolutionMathType(conv, allow_tf32() ? CUDNN_TENSOR_OP_MATH : CUDNN_FMA_MATH));
  }
  ~Descriptors() {
    cudnnDestroyConvolutionDescriptor(conv);
    cudnnDestroyFilterDescriptor(w);
    cudnnDestroyTensorDescriptor(y);
    cudnnDestroyTensorDescriptor(x);
  }
  Descriptors(const Descriptors&) = delete;
  Descriptors& operator=(const Descriptors&) = delete;
};

// The first heuristic choice that cuDNN reports as usable.
template <class Perf>
const Perf& pick(const Perf* perf, int returned, const char* what) {
  for (int i = 0; i < returned; ++i)
    if (perf[i].status == CUDNN_STATUS_SUCCESS) return perf[i];
  throw InternalError(detail::concat("cuDNN offers no ", what, " algorithm for this geometry"));
}

}  // namespace

void cudnn(ConvMap map, const ConvGeometry& g, const float* in1, const float* in2, float* out) {
  cudnnHandle_t h = cudnn_handle();
  Descriptors d(g);
  const float alpha = 1.0f, beta = 0.0f;
  constexpr int kCandidates = 8;
  int returned = 0;
  switch (map) {
    case ConvMap::Forward: {
      cudnnConvolutionFwdAlgoPerf_t perf[kCandidates];
      PHANTOM_CUDNN_CHECK(cudnnGetConvolutionForwardAlgorithm_v7(h, d.x, d.w, d.conv, d.y,
                                                                 kCandidates, &returned, perf));
      const auto& best = pick(perf, returned, "forward");
      DeviceScratch<unsigned char> ws(static_cast<int64_t>(best.memory));
      PHANTOM_CUDNN_CHECK(cudnnConvolutionForward(h, &alpha, d.x, in1, d.w, in2, d.conv, best.algo,
                                                  ws.get(), best.memory, &beta, d.y, out));
      break;
    }
    case ConvMap::BackwardData: {
      cudnnConvolutionBwdDataAlgoPerf_t perf[kCandidates];
      PHANTOM_CUDNN_CHECK(cudnnGetConvolutionBackwardDataAlgorithm_v7(
          h, d.w, d.y, d.conv, d.x, kCandidates, &returned, perf));
      const auto& best = pick(perf, returned, "backward-data");
      DeviceScratch<unsigned char> ws(static_cast<int64_t>(best.memory));
      PHANTOM_CUDNN_CHECK(cudnnConvolutionBackwardData(h, &alpha, d.w, in2, d.y, in1, d.conv,
                                                       best.algo, ws.get(), best.memory, &beta, d.x,
                                                       out));
      break;
    }
    case ConvMap::BackwardWeight: {
      cudnnConvolutionBwdFilterAlgoPerf_t perf[kCandidates];
      PHANTOM_CUDNN_CHECK(cudnnGetConvolutionBackwardFilterAlgorithm_v7(
          h, d.x, d.y, d.conv, d.w, kCandidates, &returned, perf));
      const auto& best = pick(perf, returned, "backward-filter");
      DeviceScratch<unsigned char> ws(static_cast<int64_t>(best.memory));
      PHANTOM_CUDNN_CHECK(cudnnConvolutionBackwardFilter(h, &alpha, d.x, in1, d.y, in2, d.conv,
                                                         best.algo, ws.get(), best.memory, &beta,
                                                         d.w, out));
      break;
    }
  }
  PHANTOM_LAUNCH_CHECK();
}
#else
void cudnn(ConvMap, const ConvGeometry&, const float*, const float*, float*) {
  throw UserError("convolution through cuDNN: this phantom was built without cuDNN");
}
#endif

}  // namespace phantom::kernels::cuda::conv_maps
