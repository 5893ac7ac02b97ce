#include "engine/core/tensor.h"

#include <algorithm>

#include "engine/autograd/backward.h"
#include "kernels/cuda/runtime.h"

namespace phantom {

Tensor Tensor::empty(const Shape& shape, DType dtype, Device device) {
  for (int64_t d : shape)
    PHANTOM_REQUIRE(d >= 0, "tensor shape ", shape_str(shape), " has a negative size");
  PHANTOM_REQUIRE(device.is_cpu() || dtype == DType::F32,
                  "f64 tensors exist only on the CPU (asked for ", device.str(), ")");
  auto impl = std::make_shared<TensorImpl>();
  impl->shape = shape;
  impl->dtype = dtype;
  impl->storage = std::make_shared<Storage>(
      static_cast<size_t>(phantom::numel(shape)) * dtype_size(dtype), device);
  return Tensor(std::move(impl));
}

Tensor Tensor::zeros(const Shape& shape, DType dtype, Device device) {
  return full(shape, 0.0, dtype, device);
}

Tensor Tensor::full(const Shape& shape, double value, DType dtype, Device device) {
  Tensor t = empty(shape, dtype, device);
  t.fill(value);
  return t;
}

Tensor Tensor::from_vector(const std::vector<double>& values, const Shape& shape, DType dtype) {
  PHANTOM_REQUIRE(static_cast<int64_t>(values.size()) == phantom::numel(shape),
                  "from_vector: ", values.size(), " values for shape ", shape_str(shape));
  Tensor t = empty(shape, dtype);
  dispatch_float(dtype, [&]<class T>() { std::copy(values.begin(), values.end(), t.data<T>()); });
  return t;
}

Tensor Tensor::from_floats(const std::vector<float>& values, const Shape& shape) {
  PHANTOM_REQUIRE(static_cast<int64_t>(values.size()) == phantom::numel(shape),
                  "from_floats: ", values.size(), " values for shape ", shape_str(shape));
  Tensor t = empty(shape, DType::F32);
  std::copy(values.begin(), values.end(), t.data<float>());
  return t;
}

int64_t Tensor::size(int64_t d) const {
  return shape()[wrap_dim(d, dim(), "Tensor::size")];
}

std::string Tensor::describe() const {
  return std::string(dtype_name(dtype())) + shape_str(shape()) + " on " + device().str();
}

double Tensor::item() const {
  PHANTOM_REQUIRE(numel() == 1, "item(): expected a tensor with one element, found ", describe());
  return to_vector()[0];
}

std::vector<double> Tensor::to_vector() const {
  Tensor host = device().is_cpu() ? *this : to(Device::cpu());
  return dispatch_float(dtype(), [&]<class T>() {
    const T* p = host.data<T>();
    return std::vector<double>(p, p + numel());
  });
}

std::vector<float> Tensor::to_floats() const {
  std::vector<double> v = to_vector();
  return std::vector<float>(v.begin(), v.end());
}

Tensor Tensor::clone() const {
  Tensor out = empty(shape(), dtype(), device());
  copy_bytes(out.raw_data(), device(), raw_data(), device(), nbytes());
  return out;
}

Tensor Tensor::detach() const {
  auto impl = std::make_shared<TensorImpl>();
  impl->storage = impl_->storage;
  impl->offset = impl_->offset;
  impl->shape = impl_->shape;
  impl->dtype = impl_->dtype;
  return Tensor(std::move(impl));
}

Tensor Tensor::to(Device target) const {
  if (target == device()) return *this;
  Tensor out = empty(shape(), dtype(), target);
  copy_bytes(out.raw_data(), target, raw_data(), device(), nbytes());
  return out;
}

Tensor Tensor::to(DType target) const {
  if (target == dtype()) return *this;
  PHANTOM_REQUIRE(device().is_cpu(), "dtype conversion runs on the CPU; tensor is ", describe());
  Tensor out = empty(shape(), target);
  dispatch_float(dtype(), [&]<class S>() {
    dispatch_float(target, [&]<class D>() {
      const S* s = data<S>();
      D* d = out.data<D>();
      for (int64_t i = 0; i < numel(); ++i) d[i] = static_cast<D>(s[i]);
    });
  });
  return out;
}

Tensor Tensor::view_as_shape(const Shape& new_shape) const {
  PHANTOM_CHECK(phantom::numel(new_shape) == numel(), "view ", shape_str(new_shape), " of ",
                describe());
  Tensor v = detach();
  v.impl().shape = new_shape;
  return v;
}

Tensor Tensor::slice0_view(int64_t begin, int64_t end) const {
  PHANTOM_REQUIRE(dim() >= 1 && 0 <= begin && begin <= end && end <= shape()[0],
                  "slice0_view: rows [", begin, ", ", end, ") of ", describe());
  Tensor v = detach();
  int64_t row = shape()[0] == 0 ? 0 : numel() / shape()[0];
  v.impl().offset += static_cast<size_t>(begin * row) * dtype_size(dtype());
  v.impl().shape[0] = end - begin;
  return v;
}

void Tensor::copy_from(const Tensor& src) {
  PHANTOM_REQUIRE(src.shape() == shape() && src.dtype() == dtype(), "copy_from: expected ",
                  describe(), ", found ", src.describe());
  copy_bytes(raw_data(), device(), src.raw_data(), src.device(), nbytes());
}

void Tensor::fill(double value) {
  if (device().is_cuda()) {
    PHANTOM_REQUIRE(dtype() == DType::F32, "fill: CUDA tensors are f32, found ", describe());
    kernels::cuda::set_device(device().index);
    kernels::cuda::fill_f32(data<float>(), numel(), static_cast<float>(value));
  } else {
    dispatch_float(dtype(),
                   [&]<class T>() { std::fill_n(data<T>(), numel(), static_cast<T>(value)); });
  }
}

Tensor& Tensor::set_requires_grad(bool on) {
  PHANTOM_REQUIRE(!on || is_leaf(),
                  "set_requires_grad: only leaf tensors can be made to require grad");
  impl().requires_grad = on;
  return *this;
}

void Tensor::backward() const {
  PHANTOM_REQUIRE(numel() == 1, "backward(): a non-scalar tensor ", describe(),
                  " needs an explicit gradient");
  backward(Tensor::full(shape(), 1.0, dtype(), device()));
}

void Tensor::backward(const Tensor& dL_dthis) const {
  run_backward(*this, dL_dthis);
}

void require_same_device(const char* op, const Tensor& a, const Tensor& b) {
  PHANTOM_REQUIRE(a.device() == b.device(), op, ": tensors on different devices (", a.describe(),
                  " and ", b.describe(), ")");
}

void require_same_dtype(const char* op, const Tensor& a, const Tensor& b) {
  PHANTOM_REQUIRE(a.dtype() == b.dtype(), op, ": mixed dtypes (", a.describe(), " and ",
                  b.describe(), ")");
}

void require_rank(const char* op, const char* arg, const Tensor& t, int64_t rank) {
  PHANTOM_REQUIRE(t.dim() == rank, op, ": ", arg, " must have rank ", rank, ", found ",
                  t.describe());
}

}  // namespace phantom
