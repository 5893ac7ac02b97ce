// Tensor: a dense, contiguous, row-major array on one device, with the autograd state the tape
// needs. Copying a Tensor copies a handle (like shared_ptr); `clone()` copies data.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/device.h"
#include "engine/core/dtype.h"
#include "engine/core/shape.h"
#include "engine/core/storage.h"

namespace phantom {

class Node;
class Tensor;

// A hook sees the gradient of the loss w.r.t. its tensor during backward and may replace it
// (return it unchanged to only observe).
using TensorHook = std::function<Tensor(const Tensor& dL_dt)>;

struct TensorImpl {
  std::shared_ptr<Storage> storage;
  size_t offset = 0;  // in bytes; non-zero only for views (dim-0 slices)
  Shape shape;
  DType dtype = DType::F32;
  bool requires_grad = false;
  std::shared_ptr<TensorImpl> grad;  // accumulated dL/d(this) for leaves
  std::shared_ptr<Node> grad_fn;     // the op that produced this tensor, if recorded
  std::vector<TensorHook> hooks;
};

class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(std::shared_ptr<TensorImpl> impl) : impl_(std::move(impl)) {}

  // --- construction ---
  static Tensor empty(const Shape& shape, DType dtype = DType::F32, Device device = Device::cpu());
  static Tensor zeros(const Shape& shape, DType dtype = DType::F32, Device device = Device::cpu());
  static Tensor full(const Shape& shape, double value, DType dtype = DType::F32,
                     Device device = Device::cpu());
  static Tensor ones(const Shape& shape, DType dtype = DType::F32, Device device = Device::cpu()) {
    return full(shape, 1.0, dtype, device);
  }
  static Tensor scalar(double value, DType dtype = DType::F32) { return full({}, value, dtype); }
  // Copies host values into a new CPU tensor of `dtype`.
  static Tensor from_vector(const std::vector<double>& values, const Shape& shape,
                            DType dtype = DType::F32);
  static Tensor from_floats(const std::vector<float>& values, const Shape& shape);

  // --- metadata ---
  bool defined() const { return impl_ != nullptr; }
  const Shape& shape() const { return impl().shape; }
  int64_t dim() const { return static_cast<int64_t>(impl().shape.size()); }
  int64_t size(int64_t d) const;
  int64_t numel() const { return phantom::numel(impl().shape); }
  DType dtype() const { return impl().dtype; }
  Device device() const { return impl().storage->device(); }
  size_t nbytes() const { return static_cast<size_t>(numel()) * dtype_size(dtype()); }
  std::string describe() const;  // e.g. "f32[2, 3] on cpu"

  // --- data access (checked dtype) ---
  template <class T>
  T* data() const {
    PHANTOM_CHECK(dtype() == dtype_of<T>(), "tensor is ", dtype_name(dtype()));
    return reinterpret_cast<T*>(raw_data());
  }
  void* raw_data() const { return static_cast<char*>(impl().storage->data()) + impl().offset; }
  double item() const;                    // the single value of a 1-element tensor
  std::vector<double> to_vector() const;  // all values, any device
  std::vector<float> to_floats() const;

  // --- copies and views ---
  Tensor clone() const;                            // new storage, no autograd history
  Tensor detach() const;                           // shares storage, no autograd history
  Tensor to(Device device) const;                  // explicit transfer (not recorded on the tape)
  Tensor to(DType dtype) const;                    // dtype conversion (not recorded on the tape)
  Tensor view_as_shape(const Shape& shape) const;  // raw reshape of the handle, no autograd
  Tensor slice0_view(int64_t begin,
                     int64_t end) const;  // rows [begin,end) along dim 0, no autograd
  void copy_from(const Tensor& src);      // same shape; overwrites data in place
  void fill(double value);

  // --- autograd ---
  bool requires_grad() const { return impl().requires_grad; }
  Tensor& set_requires_grad(bool on = true);
  bool is_leaf() const { return impl().grad_fn == nullptr; }
  const std::shared_ptr<Node>& grad_fn() const { return impl().grad_fn; }
  Tensor grad() const { return Tensor(impl().grad); }  // undefined until a backward reached it
  void set_grad(const Tensor& g) { impl().grad = g.impl_; }
  void zero_grad() { impl().grad.reset(); }
  void register_hook(TensorHook hook) { impl().hooks.push_back(std::move(hook)); }
  // Backpropagates from this tensor; a scalar seeds with 1, otherwise pass dL/d(this).
  void backward() const;
  void backward(const Tensor& dL_dthis) const;

  TensorImpl& impl() const {
    PHANTOM_CHECK(impl_ != nullptr, "use of an undefined tensor");
    return *impl_;
  }
  const std::shared_ptr<TensorImpl>& impl_ptr() const { return impl_; }
  bool same(const Tensor& other) const { return impl_ == other.impl_; }

 private:
  std::shared_ptr<TensorImpl> impl_;
};

// Shared argument checks for ops: each throws UserError naming the op and the tensors.
void require_same_device(const char* op, const Tensor& a, const Tensor& b);
void require_same_dtype(const char* op, const Tensor& a, const Tensor& b);
void require_rank(const char* op, const char* arg, const Tensor& t, int64_t rank);

}  // namespace phantom
