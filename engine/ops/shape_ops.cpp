#include "engine/ops/shape_ops.h"

#include <algorithm>

#include "engine/autograd/node.h"
#include "engine/ops/detail/coalesce_dims.h"
#include "engine/ops/detail/device_array.h"
#include "engine/ops/detail/dispatch.h"
#include "kernels/shape_ops.h"

namespace phantom {

namespace {

using kernels::StridedCopyPlan;

// Where a box of elements lives inside a contiguous tensor: first element and per-dim strides.
struct Layout {
  int64_t offset = 0;
  Shape strides;
};

Layout contiguous_layout(const Shape& shape) {
  return {0, contiguous_strides(shape)};
}

void require_rank_fits(const char* op, const Tensor& x) {
  PHANTOM_REQUIRE(x.dim() <= kernels::kMaxRank, op, ": at most ", kernels::kMaxRank,
                  " dimensions supported, found ", x.describe());
}

// Copies the `box` of elements laid out as `from` in src to the layout `to` in dst, along a
// coalesced walk (detail/coalesce_dims.h).
void copy_box(const char* op, const Tensor& src, const Layout& from, const Tensor& dst,
              const Layout& to, const Shape& box) {
  if (numel(box) == 0) return;
  StridedCopyPlan plan;
  plan.rank = static_cast<int>(box.size());
  plan.src_offset = from.offset;
  plan.dst_offset = to.offset;
  for (size_t d = 0; d < box.size(); ++d) {
    plan.shape[d] = box[d];
    plan.src_stride[d] = from.strides[d];
    plan.dst_stride[d] = to.strides[d];
  }
  plan.rank = detail::coalesce_dims(plan.rank, plan.shape, plan.src_stride, plan.dst_stride);
  detail::dispatch(op, src, [&]<class T, detail::Backend B>() {
    PHANTOM_KERNEL(B, strided_copy<T>(plan, src.data<T>(), dst.data<T>()));
  });
}

// --- reshape ---
struct ReshapeBackward final : Node {
  ReshapeBackward() : Node(Op::Reshape) {}
  Shape input_shape;
  std::vector<Tensor> backward(const Tensor& dL_dy) override {
    return {dL_dy.view_as_shape(input_shape)};
  }
};

Shape resolve_shape(const Shape& requested, int64_t count) {
  Shape out = requested;
  int64_t known = 1, infer_at = -1;
  for (size_t d = 0; d < out.size(); ++d) {
    if (out[d] == -1) {
      PHANTOM_REQUIRE(infer_at < 0, "reshape: more than one -1 in ", shape_str(requested));
      infer_at = static_cast<int64_t>(d);
      continue;
    }
    PHANTOM_REQUIRE(out[d] >= 0, "reshape: negative size in ", shape_str(requested));
    known *= out[d];
  }
  if (infer_at >= 0) {
    PHANTOM_REQUIRE(known != 0 && count % known == 0, "reshape: cannot infer -1 in ",
                    shape_str(requested), " for ", count, " elements");
    out[static_cast<size_t>(infer_at)] = count / known;
  }
  PHANTOM_REQUIRE(numel(out) == count, "reshape: shape ", shape_str(requested), " does not hold ",
                  count, " elements");
  return out;
}

// --- permute ---
struct PermuteBackward final : Node {
  PermuteBackward() : Node(Op::Permute) {}
  std::vector<int64_t> inverse;
  std::vector<Tensor> backward(const Tensor& dL_dy) override { return {permute(dL_dy, inverse)}; }
};

// --- concat ---
struct ConcatBackward final : Node {
  ConcatBackward() : Node(Op::Concat) {}
  int64_t dim = 0;
  std::vector<int64_t> sizes;  // of each input along dim
  std::vector<Tensor> backward(const Tensor& dL_dy) override {
    std::vector<Tensor> grads(sizes.size());
    int64_t begin = 0;
    for (size_t k = 0; k < sizes.size(); ++k) {
      if (needs_grad(k)) grads[k] = slice(dL_dy, dim, begin, begin + sizes[k]);
      begin += sizes[k];
    }
    return grads;
  }
};

// --- slice ---
// Python slice bounds: negative counts from the end, then clamped to [0, size].
int64_t clamp_bound(int64_t b, int64_t size) {
  if (b < 0) b += size;
  return std::clamp<int64_t>(b, 0, size);
}

// Layout of x[..., begin::step, ...] (along dim) inside contiguous x.
Layout slice_layout(const Shape& x_shape, int64_t dim, int64_t begin, int64_t step) {
  Layout l = contiguous_layout(x_shape);
  l.offset = begin * l.strides[static_cast<size_t>(dim)];
  l.strides[static_cast<size_t>(dim)] *= step;
  return l;
}

struct SliceBackward final : Node {
  SliceBackward() : Node(Op::Slice) {}
  Shape input_shape;
  int64_t dim = 0, begin = 0, step = 1;
  std::vector<Tensor> backward(const Tensor& dL_dy) override {
    Tensor dL_dx = Tensor::zeros(input_shape, dL_dy.dtype(), dL_dy.device());
    copy_box("Slice", dL_dy, contiguous_layout(dL_dy.shape()), dL_dx,
             slice_layout(input_shape, dim, begin, step), dL_dy.shape());
    return {dL_dx};
  }
};

// --- pad ---
struct PadBackward final : Node {
  PadBackward() : Node(Op::Pad) {}
  std::vector<int64_t> pads;
  // Padding by -pads crops what was added and zero-fills what was cropped: the exact adjoint.
  std::vector<Tensor> backward(const Tensor& dL_dy) override {
    std::vector<int64_t> negated(pads.size());
    std::transform(pads.begin(), pads.end(), negated.begin(), [](int64_t p) { return -p; });
    return {pad(dL_dy, negated, 0.0)};
  }
};

// --- flip ---
struct FlipBackward final : Node {
  FlipBackward() : Node(Op::Flip) {}
  std::vector<int64_t> dims;
  std::vector<Tensor> backward(const Tensor& dL_dy) override { return {flip(dL_dy, dims)}; }
};

// --- gather ---
struct GatherBackward final : Node {
  GatherBackward() : Node(Op::Gather) {}
  Shape input_shape;
  kernels::GatherPlan plan;
  detail::DeviceArray<int64_t> index;
  std::vector<Tensor> backward(const Tensor& dL_dy) override {
    Tensor dL_dx = Tensor::zeros(input_shape, dL_dy.dtype(), dL_dy.device());
    detail::dispatch("Gather", dL_dy, [&]<class T, detail::Backend B>() {
      PHANTOM_KERNEL(B, gather_backward<T>(plan, dL_dy.data<T>(), index.data(), dL_dx.data<T>()));
    });
    return {dL_dx};
  }
};

}  // namespace

Tensor reshape(const Tensor& x, const Shape& shape) {
  Tensor y = x.view_as_shape(resolve_shape(shape, x.numel()));
  if (auto* node = record<ReshapeBackward>(y, {x})) node->input_shape = x.shape();
  return y;
}

Tensor permute(const Tensor& x, const std::vector<int64_t>& order) {
  require_rank_fits("permute", x);
  const int64_t rank = x.dim();
  PHANTOM_REQUIRE(static_cast<int64_t>(order.size()) == rank, "permute: order has ", order.size(),
                  " entries for ", x.describe());
  std::vector<int64_t> inverse(order.size(), -1);
  Shape out_shape(order.size());
  Layout from{0, Shape(order.size())};
  Shape x_strides = contiguous_strides(x.shape());
  for (size_t i = 0; i < order.size(); ++i) {
    int64_t d = wrap_dim(order[i], rank, "permute");
    PHANTOM_REQUIRE(inverse[static_cast<size_t>(d)] < 0, "permute: dimension ", order[i],
                    " repeated");
    inverse[static_cast<size_t>(d)] = static_cast<int64_t>(i);
    out_shape[i] = x.shape()[static_cast<size_t>(d)];
    from.strides[i] = x_strides[static_cast<size_t>(d)];
  }
  Tensor y = Tensor::empty(out_shape, x.dtype(), x.device());
  copy_box("Permute", x, from, y, contiguous_layout(out_shape), out_shape);
  if (auto* node = record<PermuteBackward>(y, {x})) node->inverse = inverse;
  return y;
}

Tensor concat(const std::vector<Tensor>& xs, int64_t dim) {
  PHANTOM_REQUIRE(!xs.empty(), "concat: no tensors given");
  const Tensor& first = xs[0];
  require_rank_fits("concat", first);
  PHANTOM_REQUIRE(first.dim() > 0, "concat: scalars cannot be concatenated");
  const int64_t d = wrap_dim(dim, first.dim(), "concat");
  Shape out_shape = first.shape();
  out_shape[static_cast<size_t>(d)] = 0;
  std::vector<int64_t> sizes;
  for (const Tensor& x : xs) {
    require_same_device("concat", first, x);
    require_same_dtype("concat", first, x);
    Shape expect = x.shape();
    PHANTOM_REQUIRE(x.dim() == first.dim(), "concat: ranks differ (", first.describe(), " and ",
                    x.describe(), ")");
    expect[static_cast<size_t>(d)] = first.shape()[static_cast<size_t>(d)];
    PHANTOM_REQUIRE(expect == first.shape(), "concat: shapes ", first.describe(), " and ",
                    x.describe(), " differ outside dimension ", d);
    sizes.push_back(x.shape()[static_cast<size_t>(d)]);
    out_shape[static_cast<size_t>(d)] += sizes.back();
  }
  Tensor y = Tensor::empty(out_shape, first.dtype(), first.device());
  Layout to = contiguous_layout(out_shape);
  for (size_t k = 0; k < xs.size(); ++k) {
    copy_box("Concat", xs[k], contiguous_layout(xs[k].shape()), y, to, xs[k].shape());
    to.offset += sizes[k] * to.strides[static_cast<size_t>(d)];
  }
  if (auto* node = record<ConcatBackward>(y, xs)) {
    node->dim = d;
    node->sizes = sizes;
  }
  return y;
}

Tensor slice(const Tensor& x, int64_t dim, int64_t begin, int64_t end, int64_t step) {
  require_rank_fits("slice", x);
  PHANTOM_REQUIRE(x.dim() > 0, "slice: cannot slice a scalar");
  PHANTOM_REQUIRE(step > 0, "slice: step must be positive, found ", step);
  const int64_t d = wrap_dim(dim, x.dim(), "slice");
  const int64_t size = x.shape()[static_cast<size_t>(d)];
  const int64_t b = clamp_bound(begin, size), e = std::max(b, clamp_bound(end, size));
  Shape out_shape = x.shape();
  out_shape[static_cast<size_t>(d)] = (e - b + step - 1) / step;
  Tensor y = Tensor::empty(out_shape, x.dtype(), x.device());
  copy_box("Slice", x, slice_layout(x.shape(), d, b, step), y, contiguous_layout(out_shape),
           out_shape);
  if (auto* node = record<SliceBackward>(y, {x})) {
    node->input_shape = x.shape();
    node->dim = d;
    node->begin = b;
    node->step = step;
  }
  return y;
}

Tensor pad(const Tensor& x, const std::vector<int64_t>& pads, double value) {
  require_rank_fits("pad", x);
  PHANTOM_REQUIRE(pads.size() % 2 == 0 && static_cast<int64_t>(pads.size()) <= 2 * x.dim(),
                  "pad: ", pads.size(), " pad values for ", x.describe(),
                  " (expected an even count, at most 2 per dim)");
  Shape out_shape = x.shape();
  Layout from = contiguous_layout(x.shape());
  Layout to = contiguous_layout(x.shape());  // strides replaced once out_shape is known
  Shape kept = x.shape();                    // the input elements that survive cropping
  for (size_t k = 0; k < pads.size() / 2; ++k) {
    size_t d = x.shape().size() - 1 - k;
    int64_t lo = pads[2 * k], hi = pads[2 * k + 1];
    out_shape[d] += lo + hi;
    PHANTOM_REQUIRE(out_shape[d] >= 0, "pad: pads (", lo, ", ", hi, ") leave dimension ", d, " of ",
                    x.describe(), " with negative size");
    kept[d] =
        std::max<int64_t>(0, x.shape()[d] + std::min<int64_t>(lo, 0) + std::min<int64_t>(hi, 0));
    from.offset += std::max<int64_t>(0, -lo) * from.strides[d];
  }
  to.strides = contiguous_strides(out_shape);
  for (size_t k = 0; k < pads.size() / 2; ++k) {
    size_t d = x.shape().size() - 1 - k;
    to.offset += std::max<int64_t>(0, pads[2 * k]) * to.strides[d];
  }
  Tensor y = Tensor::full(out_shape, value, x.dtype(), x.device());
  copy_box("Pad", x, from, y, to, kept);
  if (auto* node = record<PadBackward>(y, {x})) node->pads = pads;
  return y;
}

Tensor flip(const Tensor& x, const std::vector<int64_t>& dims) {
  require_rank_fits("flip", x);
  Layout from = contiguous_layout(x.shape());
  std::vector<bool> flipped(x.shape().size(), false);
  for (int64_t dim : dims) {
    size_t d = static_cast<size_t>(wrap_dim(dim, x.dim(), "flip"));
    PHANTOM_REQUIRE(!flipped[d], "flip: dimension ", dim, " listed twice");
    flipped[d] = true;
    from.offset += std::max<int64_t>(0, x.shape()[d] - 1) * from.strides[d];
    from.strides[d] = -from.strides[d];
  }
  Tensor y = Tensor::empty(x.shape(), x.dtype(), x.device());
  copy_box("Flip", x, from, y, contiguous_layout(x.shape()), x.shape());
  if (auto* node = record<FlipBackward>(y, {x})) node->dims = dims;
  return y;
}

Tensor gather(const Tensor& x, int64_t dim, const std::vector<int64_t>& index,
              const Shape& index_shape) {
  require_rank_fits("gather", x);
  PHANTOM_REQUIRE(static_cast<int64_t>(index_shape.size()) == x.dim(), "gather: index shape ",
                  shape_str(index_shape), " must have the rank of ", x.describe());
  PHANTOM_REQUIRE(static_cast<int64_t>(index.size()) == numel(index_shape),
                  "gather: ", index.size(), " index values for index shape ",
                  shape_str(index_shape));
  const int64_t d = wrap_dim(dim, x.dim(), "gather");
  for (int64_t k = 0; k < x.dim(); ++k)
    PHANTOM_REQUIRE(
        k == d || index_shape[static_cast<size_t>(k)] <= x.shape()[static_cast<size_t>(k)],
        "gather: index shape ", shape_str(index_shape), " exceeds ", x.describe(), " in dimension ",
        k);
  const int64_t size = x.shape()[static_cast<size_t>(d)];
  for (size_t i = 0; i < index.size(); ++i)
    PHANTOM_REQUIRE(index[i] >= 0 && index[i] < size, "gather: index ", index[i], " at position ",
                    i, " is outside [0, ", size, ") of dimension ", d, " of ", x.describe());
  kernels::GatherPlan plan;
  plan.rank = static_cast<int>(x.dim());
  plan.dim = static_cast<int>(d);
  Shape x_strides = contiguous_strides(x.shape());
  for (size_t k = 0; k < index_shape.size(); ++k) {
    plan.index_shape[k] = index_shape[k];
    plan.x_stride[k] = x_strides[k];
  }
  Tensor y = Tensor::empty(index_shape, x.dtype(), x.device());
  auto on_device = detail::DeviceArray<int64_t>::from(index, x.device());
  detail::dispatch("Gather", x, [&]<class T, detail::Backend B>() {
    PHANTOM_KERNEL(B, gather<T>(plan, x.data<T>(), on_device.data(), y.data<T>()));
  });
  if (auto* node = record<GatherBackward>(y, {x})) {
    node->input_shape = x.shape();
    node->plan = plan;
    node->index = on_device;
  }
  return y;
}

Tensor one_hot(const std::vector<int64_t>& labels, int64_t num_classes, DType dtype,
               Device device) {
  PHANTOM_REQUIRE(num_classes > 0, "one_hot: num_classes must be positive, found ", num_classes);
  std::vector<double> values(labels.size() * static_cast<size_t>(num_classes), 0.0);
  for (size_t i = 0; i < labels.size(); ++i) {
    PHANTOM_REQUIRE(labels[i] >= 0 && labels[i] < num_classes, "one_hot: label ", labels[i],
                    " at position ", i, " is outside [0, ", num_classes, ")");
    values[i * static_cast<size_t>(num_classes) + static_cast<size_t>(labels[i])] = 1.0;
  }
  Shape shape{static_cast<int64_t>(labels.size()), num_classes};
  return Tensor::from_vector(values, shape, dtype).to(device);
}

}  // namespace phantom
