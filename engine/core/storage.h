// A block of device memory shared by a tensor and its views. CPU blocks are 64-byte aligned; CUDA
// blocks come from the caching allocator (kernels/cuda/allocator), so no cudaMalloc per op.
#pragma once
#include <cstddef>
#include <memory>

#include "engine/core/device.h"

namespace phantom {

class Storage {
 public:
  Storage(size_t bytes, Device device);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  void* data() const { return data_; }
  size_t bytes() const { return bytes_; }
  Device device() const { return device_; }

 private:
  void* data_ = nullptr;
  size_t bytes_ = 0;
  Device device_;
};

// Copies `bytes` between any two devices (host<->device through the CUDA runtime when built).
void copy_bytes(void* dst, Device dst_device, const void* src, Device src_device, size_t bytes);

}  // namespace phantom
