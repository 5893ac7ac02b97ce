// Used when phantom is built without the CUDA toolkit.
#include "engine/core/error.h"
#include "kernels/cuda/runtime.h"

namespace phantom::kernels::cuda {

namespace {
[[noreturn]] void no_cuda() {
  throw UserError(
      "this phantom was built without CUDA (rebuild with the CUDA toolkit and PHANTOM_CUDA=ON)");
}
}  // namespace

bool built_with_cuda() {
  return false;
}
bool built_with_cudnn() {
  return false;
}
int device_count(std::string* why_none) {
  if (why_none) *why_none = "built without CUDA";
  return 0;
}
std::string device_name(int) {
  no_cuda();
}
void set_device(int) {
  no_cuda();
}
void* device_alloc(size_t, int) {
  no_cuda();
}
void device_free(void*, size_t, int) {}
void copy(void*, int, const void*, int, size_t) {
  no_cuda();
}
void fill_f32(float*, int64_t, float) {
  no_cuda();
}
void synchronize() {}
AllocatorStats allocator_stats() {
  return {};
}
void set_allow_tf32(bool) {}
bool allow_tf32() {
  return false;
}
void set_conv_algorithm(ConvAlgorithm) {
  no_cuda();
}
ConvAlgorithm conv_algorithm() {
  return ConvAlgorithm::ImplicitGemm;
}

}  // namespace phantom::kernels::cuda
