#include "engine/core/storage.h"

#include <malloc.h>

#include <cstdlib>
#include <cstring>

#include "engine/core/error.h"
#include "kernels/cuda/runtime.h"

namespace phantom {

namespace {
constexpr size_t kAlign = 64;

// glibc serves blocks above its mmap threshold (128 KiB at first, adapting up to 32 MiB) with
// fresh mmaps and returns them on free, so every large activation of every step page-faults and
// zeroes its pages anew, a few per cent of a training step. Blocks up to 32 MiB come from the heap
// instead, and the heap keeps up to 1 GiB of free space before trimming: a training loop then
// reuses the same memory step after step, as PyTorch's caching allocators do.
void keep_large_blocks_in_the_heap() {
  static const bool done = [] {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    return true;
  }();
  (void)done;
}
}  // namespace

Storage::Storage(size_t bytes, Device device) : bytes_(bytes), device_(device) {
  if (device.is_cpu()) {
    keep_large_blocks_in_the_heap();
    size_t rounded = (bytes + kAlign - 1) / kAlign * kAlign;
    data_ = std::aligned_alloc(kAlign, rounded == 0 ? kAlign : rounded);
    if (!data_) throw std::bad_alloc();
  } else {
    data_ = kernels::cuda::device_alloc(bytes, device.index);
  }
}

Storage::~Storage() {
  if (device_.is_cpu())
    std::free(data_);
  else
    kernels::cuda::device_free(data_, bytes_, device_.index);
}

void copy_bytes(void* dst, Device dst_device, const void* src, Device src_device, size_t bytes) {
  if (bytes == 0) return;
  if (dst_device.is_cpu() && src_device.is_cpu()) {
    std::memcpy(dst, src, bytes);
    return;
  }
  kernels::cuda::copy(dst, dst_device.is_cuda() ? dst_device.index : -1, src,
                      src_device.is_cuda() ? src_device.index : -1, bytes);
}

}  // namespace phantom
