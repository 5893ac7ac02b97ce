// A typed array of plain values (labels, gather indices, argmax, resampling tables) on a device.
// Ops keep such host-side tables here so that either backend's kernel reads them from its own
// memory; on the CPU it is just an aligned buffer.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/core/storage.h"

namespace phantom::detail {

template <class V>
class DeviceArray {
 public:
  DeviceArray() = default;
  DeviceArray(int64_t n, Device device)
      : size_(n), storage_(std::make_shared<Storage>(static_cast<size_t>(n) * sizeof(V), device)) {}

  static DeviceArray from(const std::vector<V>& host, Device device) {
    DeviceArray a(static_cast<int64_t>(host.size()), device);
    copy_bytes(a.data(), device, host.data(), Device::cpu(), host.size() * sizeof(V));
    return a;
  }

  V* data() const { return storage_ ? static_cast<V*>(storage_->data()) : nullptr; }
  int64_t size() const { return size_; }

 private:
  int64_t size_ = 0;
  std::shared_ptr<Storage> storage_;
};

}  // namespace phantom::detail
