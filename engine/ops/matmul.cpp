// matmul and linear: forward and explicit backward, all through the GEMM kernel. Row-major
// tensors let a [..., M, K] operand with a shared [K, N] one run as one [(...) M, K] GEMM, and
// the transposes of the backward are GEMM flags, never copies.
#include "engine/ops/matmul.h"

#include <algorithm>

#include "engine/autograd/node.h"
#include "engine/ops/detail/dispatch.h"
#include "kernels/gemm.h"
#include "kernels/shape_ops.h"

namespace phantom {

namespace {

// The GEMM view of matmul(a, b): `batches` independent [M, K] x [K, N] products; b is shared by
// all of them (stride 0) when it is 2-D, in which case the batch folds into M.
struct MatmulGeometry {
  int64_t batches, M, N, K;
  int64_t b_stride;  // elements between consecutive batches of b (0: shared)
};

// The shape of t without its last `drop` dims (products over it stay right when a dim is 0).
Shape leading(const Tensor& t, int64_t drop) {
  return Shape(t.shape().begin(), t.shape().end() - drop);
}

MatmulGeometry matmul_geometry(const Tensor& a, const Tensor& b) {
  PHANTOM_REQUIRE(a.dim() >= 2 && b.dim() >= 2, "Matmul: expected operands of rank >= 2, found ",
                  a.describe(), " and ", b.describe());
  const int64_t K = a.size(-1);
  PHANTOM_REQUIRE(b.size(-2) == K, "Matmul: inner dimensions differ: a is ", shape_str(a.shape()),
                  ", b is ", shape_str(b.shape()));
  const int64_t N = b.size(-1);
  if (b.dim() == 2) return {1, numel(leading(a, 1)), N, K, 0};
  PHANTOM_REQUIRE(b.dim() == a.dim() && leading(a, 2) == leading(b, 2),
                  "Matmul: a batched b must have a's leading dims: a is ", shape_str(a.shape()),
                  ", b is ", shape_str(b.shape()));
  return {numel(leading(a, 2)), a.size(-2), N, K, K * N};
}

struct MatmulBackward final : Node {
  MatmulBackward() : Node(Op::Matmul) {}
  Tensor a, b;
  MatmulGeometry g{};

  std::vector<Tensor> backward(const Tensor& dL_dy) override {
    Tensor dL_da, dL_db;
    if (needs_grad(0)) dL_da = Tensor::empty(a.shape(), a.dtype(), a.device());
    if (needs_grad(1)) dL_db = Tensor::zeros(b.shape(), b.dtype(), b.device());
    detail::dispatch("Matmul backward", dL_dy, [&]<class T, detail::Backend B>() {
      const int64_t M = g.M, N = g.N, K = g.K;
      for (int64_t i = 0; i < g.batches; ++i) {
        const T* dy = dL_dy.data<T>() + i * M * N;
        const T* a_i = a.data<T>() + i * M * K;
        const T* b_i = b.data<T>() + i * g.b_stride;
        if (dL_da.defined())  // dL/da = dL/dy · bᵀ
          PHANTOM_KERNEL(B, gemm<T>(false, true, M, K, N, T(1), dy, N, b_i, N, T(0),
                                    dL_da.data<T>() + i * M * K, K));
        if (dL_db.defined())  // dL/db = aᵀ · dL/dy (a shared b sums over the batch: beta = 1)
          PHANTOM_KERNEL(B, gemm<T>(true, false, K, N, M, T(1), a_i, K, dy, N, T(1),
                                    dL_db.data<T>() + i * g.b_stride, N));
      }
    });
    return {dL_da, dL_db};
  }
};

struct LinearBackward final : Node {
  LinearBackward() : Node(Op::Linear) {}
  Tensor x, w;
  int64_t rows = 0;  // x viewed as [rows, in]

  std::vector<Tensor> backward(const Tensor& dL_dy) override {
    const int64_t out = w.size(0), in = w.size(1);
    Tensor dL_dx, dL_dw, dL_db;
    if (needs_grad(0)) dL_dx = Tensor::empty(x.shape(), x.dtype(), x.device());
    if (needs_grad(1)) dL_dw = Tensor::empty(w.shape(), w.dtype(), w.device());
    if (needs_grad(2)) dL_db = Tensor::empty({out}, w.dtype(), w.device());
    detail::dispatch("Linear backward", dL_dy, [&]<class T, detail::Backend B>() {
      const T* dy = dL_dy.data<T>();
      if (dL_dx.defined())  // dL/dx = dL/dy · w
        PHANTOM_KERNEL(B, gemm<T>(false, false, rows, in, out, T(1), dy, out, w.data<T>(), in, T(0),
                                  dL_dx.data<T>(), in));
      if (dL_dw.defined())  // dL/dw = dL/dyᵀ · x
        PHANTOM_KERNEL(B, gemm<T>(true, false, out, in, rows, T(1), dy, out, x.data<T>(), in, T(0),
                                  dL_dw.data<T>(), in));
      if (dL_db.defined()) {  // dL/db = dL/dyᵀ · 1: column sums as a GEMM with a ones vector
        Tensor ones = Tensor::ones({rows}, w.dtype(), w.device());
        PHANTOM_KERNEL(B, gemm<T>(true, false, out, 1, rows, T(1), dy, out, ones.data<T>(), 1, T(0),
                                  dL_db.data<T>(), 1));
      }
    });
    return {dL_dx, dL_dw, dL_db};
  }
};

}  // namespace

Tensor matmul(const Tensor& a, const Tensor& b) {
  require_same_device("Matmul", a, b);
  require_same_dtype("Matmul", a, b);
  const MatmulGeometry g = matmul_geometry(a, b);
  Shape out_shape = a.shape();
  out_shape.back() = g.N;
  Tensor y = Tensor::empty(out_shape, a.dtype(), a.device());
  detail::dispatch("Matmul", a, [&]<class T, detail::Backend B>() {
    for (int64_t i = 0; i < g.batches; ++i)
      PHANTOM_KERNEL(
          B, gemm<T>(false, false, g.M, g.N, g.K, T(1), a.data<T>() + i * g.M * g.K, g.K,
                     b.data<T>() + i * g.b_stride, g.N, T(0), y.data<T>() + i * g.M * g.N, g.N));
  });
  if (auto* node = record<MatmulBackward>(y, {a, b})) {
    node->a = a.detach();
    node->b = b.detach();
    node->g = g;
  }
  return y;
}

Tensor linear(const Tensor& x, const Tensor& w, const Tensor& b) {
  require_rank("Linear", "w", w, 2);
  require_same_device("Linear", x, w);
  require_same_dtype("Linear", x, w);
  const int64_t out = w.size(0), in = w.size(1);
  PHANTOM_REQUIRE(x.dim() >= 1 && x.size(-1) == in, "Linear: x must end in w's in_features ", in,
                  ", found ", x.describe());
  if (b.defined()) {
    require_same_device("Linear", x, b);
    require_same_dtype("Linear", x, b);
    PHANTOM_REQUIRE(b.dim() == 1 && b.size(0) == out, "Linear: bias must be [", out, "], found ",
                    b.describe());
  }
  const int64_t rows = numel(leading(x, 1));
  Shape out_shape = x.shape();
  out_shape.back() = out;
  // With a bias every row starts as a copy of it (one strided copy with source row stride 0), then
  // x wᵀ accumulates onto it (beta = 1).
  Tensor y = Tensor::empty(out_shape, x.dtype(), x.device());
  kernels::StridedCopyPlan bias_rows;
  bias_rows.rank = 2;
  bias_rows.shape[0] = rows, bias_rows.shape[1] = out;
  bias_rows.src_stride[0] = 0, bias_rows.src_stride[1] = 1;
  bias_rows.dst_stride[0] = out, bias_rows.dst_stride[1] = 1;
  detail::dispatch("Linear", x, [&]<class T, detail::Backend B>() {
    T* yp = y.data<T>();
    if (b.defined() && rows > 0) PHANTOM_KERNEL(B, strided_copy<T>(bias_rows, b.data<T>(), yp));
    PHANTOM_KERNEL(B, gemm<T>(false, true, rows, out, in, T(1), x.data<T>(), in, w.data<T>(), in,
                              b.defined() ? T(1) : T(0), yp, out));
  });
  if (auto* node = record<LinearBackward>(y, {x, w, b})) {
    node->x = x.detach();
    node->w = w.detach();
    node->rows = rows;
  }
  return y;
}

}  // namespace phantom
