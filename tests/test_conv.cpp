// conv2d and conv_transpose2d: the fast im2col/GEMM path (through the ops and autograd) against
// direct-loop oracles on odd shapes, strides, padding, dilation and groups; and the argument
// errors.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "engine/audit/gradcheck.h"
#include "engine/core/error.h"
#include "engine/ops/conv.h"
#include "kernels/conv.h"
#include "kernels/cpu/conv2d_winograd.h"

using namespace phantom;

namespace {

struct ConvCase {
  std::string name;
  int64_t n, c, h, w, k, kh, kw;
  Conv2dParams p;
  bool bias = true;
};

std::vector<ConvCase> conv_cases() {
  auto params = [](int64_t s, int64_t pad, int64_t d, int64_t groups) {
    Conv2dParams p;
    p.stride_h = p.stride_w = s;
    p.pad_h = p.pad_w = pad;
    p.dilation_h = p.dilation_w = d;
    p.groups = groups;
    return p;
  };
  Conv2dParams asym = params(2, 1, 1, 1);
  asym.stride_w = 3, asym.pad_h = 0, asym.pad_w = 2, asym.dilation_h = 2;
  return {
      {"3x3 pad 1 odd image", 3, 3, 7, 9, 5, 3, 3, params(1, 1, 1, 1)},
      {"3x3 stride 2 pad 1", 3, 4, 9, 7, 6, 3, 3, params(2, 1, 1, 1)},
      {"stride 3 no pad", 1, 2, 11, 10, 3, 3, 3, params(3, 0, 1, 1), false},
      {"dilation 2 pad 2", 3, 3, 9, 11, 4, 3, 3, params(1, 2, 2, 1)},
      {"groups 2", 3, 4, 7, 7, 6, 3, 3, params(1, 1, 1, 2)},
      {"depthwise stride 2", 3, 5, 9, 8, 5, 3, 3, params(2, 1, 1, 5)},
      {"1x1 pointwise", 3, 6, 5, 7, 4, 1, 1, params(1, 0, 1, 1)},
      {"1x1 stride 2", 3, 6, 7, 7, 4, 1, 1, params(2, 0, 1, 1)},
      {"5x2 kernel, mixed stride/pad/dilation", 3, 2, 13, 11, 3, 5, 2, asym},
      {"kernel larger than image with padding", 1, 3, 3, 2, 2, 5, 4, params(1, 2, 1, 1)},
      // 300-pixel planes: blocks of 3 images per GEMM, the last block of a range partial.
      {"batch 7 in image blocks", 7, 3, 15, 20, 4, 3, 3, params(1, 1, 1, 1)},
      {"batch 5 groups 2 in image blocks", 5, 4, 15, 20, 6, 3, 3, params(1, 1, 1, 2), false},
  };
}

Tensor rand_f32(const Shape& shape, uint64_t seed, bool grad = true) {
  return random_input(shape, seed, -1.0, 1.0, false).to(DType::F32).set_requires_grad(grad);
}

void check_close(const Tensor& got, const std::vector<double>& want, double tol,
                 const std::string& what) {
  std::vector<double> g = got.to_vector();
  REQUIRE(g.size() == want.size());
  double worst = 0;
  for (size_t i = 0; i < g.size(); ++i)
    worst = std::max(worst, std::abs(g[i] - want[i]) / (1 + std::abs(want[i])));
  CHECK_MESSAGE(worst < tol, what, ": worst relative error ", worst);
}

std::vector<double> naive_call(int64_t size, auto&& fn) {
  std::vector<double> out(size);
  fn(out.data());
  return out;
}

// conv_transpose2d by its definition: every input element scatters w[ci, co, i, j] * x into
// y[co, h*s - p + i*d, w*s - p + j*d]. Returns (y, dL/dx, dL/dw, dL/db) for upstream gradient r.
struct TransposedOracle {
  std::vector<double> y, dx, dw, db;
};
TransposedOracle transposed_oracle(const Tensor& x, const Tensor& w, const Tensor& b,
                                   const Conv2dParams& p, const Tensor& r) {
  int64_t n_ = x.size(0), ci_ = x.size(1), h_ = x.size(2), w_ = x.size(3);
  int64_t cog = w.size(1), kh = w.size(2), kw = w.size(3), cig = ci_ / p.groups;
  int64_t co_ = r.size(1), oh_ = r.size(2), ow_ = r.size(3);
  std::vector<double> xv = x.to_vector(), wv = w.to_vector(), bv = b.to_vector(),
                      rv = r.to_vector();
  TransposedOracle o{std::vector<double>(r.numel()), std::vector<double>(x.numel()),
                     std::vector<double>(w.numel()), std::vector<double>(co_)};
  for (int64_t n = 0; n < n_; ++n)
    for (int64_t co = 0; co < co_; ++co)
      for (int64_t i = 0; i < oh_ * ow_; ++i) {
        o.y[(n * co_ + co) * oh_ * ow_ + i] = bv[co];
        o.db[co] += rv[(n * co_ + co) * oh_ * ow_ + i];
      }
  for (int64_t n = 0; n < n_; ++n)
    for (int64_t ci = 0; ci < ci_; ++ci)
      for (int64_t h = 0; h < h_; ++h)
        for (int64_t wx = 0; wx < w_; ++wx)
          for (int64_t col = 0; col < cog; ++col)
            for (int64_t i = 0; i < kh; ++i)
              for (int64_t j = 0; j < kw; ++j) {
                int64_t oh = h * p.stride_h - p.pad_h + i * p.dilation_h;
                int64_t ow = wx * p.stride_w - p.pad_w + j * p.dilation_w;
                if (oh < 0 || oh >= oh_ || ow < 0 || ow >= ow_) continue;
                int64_t co = (ci / cig) * cog + col;
                int64_t xi = ((n * ci_ + ci) * h_ + h) * w_ + wx,
                        wi = ((ci * cog + col) * kh + i) * kw + j;
                int64_t yi = ((n * co_ + co) * oh_ + oh) * ow_ + ow;
                o.y[yi] += xv[xi] * wv[wi];
                o.dx[xi] += rv[yi] * wv[wi];
                o.dw[wi] += rv[yi] * xv[xi];
              }
  return o;
}

// Runs conv2d and its backward through the ops on case c and holds the forward and all
// gradients to the f64 direct-loop oracle within `tol` (relative to 1 + |value|). Returns the
// forward output.
Tensor check_conv2d_case(const ConvCase& c, uint64_t seed, double tol = 1e-5) {
  Tensor x = rand_f32({c.n, c.c, c.h, c.w}, seed++);
  Tensor w = rand_f32({c.k, c.c / c.p.groups, c.kh, c.kw}, seed++);
  Tensor b = c.bias ? rand_f32({c.k}, seed++) : Tensor();
  Tensor y = conv2d(x, w, b, c.p);
  kernels::ConvGeometry g;
  g.batch = c.n, g.in_channels = c.c, g.in_h = c.h, g.in_w = c.w;
  g.out_channels = c.k, g.out_h = y.size(2), g.out_w = y.size(3);
  g.kernel_h = c.kh, g.kernel_w = c.kw, g.stride_h = c.p.stride_h, g.stride_w = c.p.stride_w;
  g.pad_h = c.p.pad_h, g.pad_w = c.p.pad_w, g.dilation_h = c.p.dilation_h,
  g.dilation_w = c.p.dilation_w;
  g.groups = c.p.groups;
  // PyTorch's output size formula, independently of the op's.
  CHECK(y.size(2) == (c.h + 2 * c.p.pad_h - c.p.dilation_h * (c.kh - 1) - 1) / c.p.stride_h + 1);

  Tensor xd = x.to(DType::F64), wd = w.to(DType::F64);
  const double* bd_ptr = nullptr;
  Tensor bd = c.bias ? b.to(DType::F64) : Tensor();
  if (c.bias) bd_ptr = bd.data<double>();
  check_close(y,
              naive_call(y.numel(),
                         [&](double* out) {
                           kernels::cpu::conv2d_forward_naive<double>(
                               g, xd.data<double>(), wd.data<double>(), bd_ptr, out);
                         }),
              tol, "forward");

  Tensor r = rand_f32(y.shape(), seed++, false);
  y.backward(r);
  Tensor rd = r.to(DType::F64);
  check_close(x.grad(),
              naive_call(x.numel(),
                         [&](double* out) {
                           kernels::cpu::conv2d_backward_data_naive<double>(g, rd.data<double>(),
                                                                            wd.data<double>(), out);
                         }),
              tol, "dL/dx");
  check_close(w.grad(),
              naive_call(w.numel(),
                         [&](double* out) {
                           kernels::cpu::conv2d_backward_weight_naive<double>(
                               g, xd.data<double>(), rd.data<double>(), out);
                         }),
              tol, "dL/dw");
  if (c.bias) {
    std::vector<double> db(c.k, 0.0), rv = r.to_vector();
    int64_t plane = y.size(2) * y.size(3);
    for (size_t i = 0; i < rv.size(); ++i) db[(i / plane) % c.k] += rv[i];
    check_close(b.grad(), db, tol, "dL/db");
  }
  return y;
}

struct TransposedCase {
  std::string name;
  int64_t n, ci, h, w, cog, kh, kw, stride, pad, out_pad, dil, groups;
};

std::vector<TransposedCase> transposed_cases() {
  return {
      {"stride 2 pad 1 output_padding 1", 3, 4, 5, 6, 3, 3, 3, 2, 1, 1, 1, 1},
      {"stride 3 kernel 4 overlapping", 1, 2, 4, 3, 2, 4, 4, 3, 0, 2, 1, 1},
      {"groups 2 dilation 2", 3, 4, 5, 5, 3, 3, 3, 1, 1, 0, 2, 2},
      {"depthwise stride 2", 3, 3, 4, 5, 1, 3, 3, 2, 1, 0, 1, 3},
      {"1x1", 3, 5, 3, 4, 2, 1, 1, 1, 0, 0, 1, 1},
      {"output padding below dilation", 1, 2, 4, 4, 2, 3, 3, 1, 0, 1, 2, 1},
      {"3x3 stride 1 pad 1, groups 2", 2, 4, 6, 5, 3, 3, 3, 1, 1, 0, 1, 2},
  };
}

// conv_transpose2d and its backward through the ops on case c against the scatter oracle.
// Returns the forward output.
Tensor check_transposed_case(const TransposedCase& c, uint64_t seed) {
  Conv2dParams p;
  p.stride_h = p.stride_w = c.stride;
  p.pad_h = p.pad_w = c.pad;
  p.output_pad_h = p.output_pad_w = c.out_pad;
  p.dilation_h = p.dilation_w = c.dil;
  p.groups = c.groups;
  Tensor x = rand_f32({c.n, c.ci, c.h, c.w}, seed++);
  Tensor w = rand_f32({c.ci, c.cog, c.kh, c.kw}, seed++);
  Tensor b = rand_f32({c.cog * c.groups}, seed++);
  Tensor y = conv_transpose2d(x, w, b, p);
  CHECK(y.size(1) == c.cog * c.groups);
  CHECK(y.size(2) == (c.h - 1) * c.stride - 2 * c.pad + c.dil * (c.kh - 1) + c.out_pad + 1);
  Tensor r = rand_f32(y.shape(), seed++, false);
  y.backward(r);
  TransposedOracle o = transposed_oracle(x, w, b, p, r);
  check_close(y, o.y, 1e-5, "forward");
  check_close(x.grad(), o.dx, 1e-5, "dL/dx");
  check_close(w.grad(), o.dw, 1e-5, "dL/dw");
  check_close(b.grad(), o.db, 1e-5, "dL/db");
  return y;
}

// Every transposed case from `seed` on (4 seeds per case); their forward outputs.
std::vector<Tensor> check_transposed_cases(uint64_t seed) {
  std::vector<Tensor> outputs;
  for (const TransposedCase& c : transposed_cases()) {
    CAPTURE(c.name);
    outputs.push_back(check_transposed_case(c, seed));
    seed += 4;
  }
  return outputs;
}

}  // namespace

TEST_CASE("conv2d fast path matches the direct-loop oracle: forward and all gradients") {
  uint64_t seed = 1;
  for (const ConvCase& c : conv_cases()) {
    CAPTURE(c.name);
    check_conv2d_case(c, seed);
    seed += 4;
  }
}

TEST_CASE("conv_transpose2d matches the scatter definition: forward and all gradients") {
  check_transposed_cases(100);
}

namespace {
// Selects a CPU convolution algorithm for one scope.
struct ConvAlgorithmScope {
  kernels::cpu::ConvAlgorithm before = kernels::cpu::conv_algorithm();
  explicit ConvAlgorithmScope(kernels::cpu::ConvAlgorithm a) {
    kernels::cpu::set_conv_algorithm(a);
  }
  ~ConvAlgorithmScope() { kernels::cpu::set_conv_algorithm(before); }
};
}  // namespace

TEST_CASE("conv2d through Winograd F(2x2,3x3) matches the oracle: forward and all gradients") {
  using kernels::cpu::ConvAlgorithm;
  auto params = [](int64_t pad, int64_t groups) {
    Conv2dParams p;
    p.pad_h = p.pad_w = pad;
    p.groups = groups;
    return p;
  };
  // Odd and even outputs (a last tile half outside), every padding Winograd takes, groups,
  // blocks of several images (8 tiles each: 64 images per block) and more than one block per
  // thread range, one image alone (the GEMMs take the threads), and channel counts past the
  // micro-kernel's tile.
  std::vector<ConvCase> cases{
      {"pad 1 odd output", 3, 3, 7, 9, 5, 3, 3, params(1, 1)},
      {"pad 0", 2, 4, 8, 6, 3, 3, 3, params(0, 1), false},
      {"pad 2", 2, 2, 5, 4, 3, 3, 3, params(2, 1)},
      {"groups 2 and one image", 1, 4, 9, 8, 6, 3, 3, params(1, 2)},
      {"depthwise", 3, 5, 6, 7, 5, 3, 3, params(1, 5), false},
      {"130 images in blocks of 64", 130, 2, 4, 4, 3, 3, 3, params(1, 1)},
      {"wide channels", 2, 37, 6, 6, 70, 3, 3, params(1, 1)},
  };
  uint64_t seed = 500;
  for (const ConvCase& c : cases) {
    CAPTURE(c.name);
    kernels::ConvGeometry g;
    g.batch = c.n, g.in_channels = c.c, g.in_h = c.h, g.in_w = c.w, g.out_channels = c.k;
    g.out_h = c.h + 2 * c.p.pad_h - 2, g.out_w = c.w + 2 * c.p.pad_w - 2;
    g.kernel_h = g.kernel_w = 3, g.pad_h = c.p.pad_h, g.pad_w = c.p.pad_w, g.groups = c.p.groups;
    Tensor winograd, im2col;
    {
      ConvAlgorithmScope scope(ConvAlgorithm::Winograd);
      REQUIRE(kernels::cpu::use_winograd(g, kernels::cpu::ConvPass::Forward));
      // Winograd's transforms round more: F(2×2, 3×3)'s error is a few times im2col's (Lavin &
      // Gray 2016, §5), largest in the weight gradient, a sum over all tiles of the batch.
      winograd = check_conv2d_case(c, seed, 4e-5);
    }
    {
      ConvAlgorithmScope scope(ConvAlgorithm::Im2col);
      REQUIRE_FALSE(kernels::cpu::use_winograd(g, kernels::cpu::ConvPass::Forward));
      im2col = check_conv2d_case(c, seed);
    }
    // Both are within the tolerance of the oracle, but they round differently: the Winograd path
    // really ran.
    CHECK(winograd.to_vector() != im2col.to_vector());
    seed += 4;
  }
  // conv_transpose2d with 3×3 filters and stride 1 runs its forward through the backward-data
  // map, and its input gradient through the forward; the other cases do not fit Winograd.
  std::vector<Tensor> transposed_winograd, transposed_im2col;
  {
    ConvAlgorithmScope scope(ConvAlgorithm::Winograd);
    transposed_winograd = check_transposed_cases(600);
  }
  {
    ConvAlgorithmScope scope(ConvAlgorithm::Im2col);
    transposed_im2col = check_transposed_cases(600);
  }
  int64_t rounded_differently = 0;
  for (size_t i = 0; i < transposed_winograd.size(); ++i)
    rounded_differently +=
        transposed_winograd[i].to_vector() != transposed_im2col[i].to_vector() ? 1 : 0;
  CHECK(rounded_differently == 1);  // "3x3 stride 1 pad 1, groups 2" took the Winograd path
}

TEST_CASE("the CPU convolution algorithm is named and parsed; a wrong name is one clear error") {
  using kernels::cpu::ConvAlgorithm;
  CHECK(kernels::cpu::parse_conv_algorithm("winograd", "--x") == ConvAlgorithm::Winograd);
  CHECK(kernels::cpu::parse_conv_algorithm("im2col", "--x") == ConvAlgorithm::Im2col);
  CHECK(std::string(kernels::cpu::conv_algorithm_name(ConvAlgorithm::Winograd)) == "winograd");
  CHECK_THROWS_WITH_AS(kernels::cpu::parse_conv_algorithm("fft", "PHANTOM_CPU_CONV"),
                       "PHANTOM_CPU_CONV: expected im2col, winograd or auto, found 'fft'",
                       UserError);
  // Only 3×3 filters with stride 1 and dilation 1 fit.
  kernels::ConvGeometry g;
  g.kernel_h = g.kernel_w = 3, g.in_h = g.in_w = 5, g.out_h = g.out_w = 5, g.pad_h = g.pad_w = 1;
  CHECK(kernels::cpu::winograd_fits(g));
  g.stride_w = 2;
  CHECK_FALSE(kernels::cpu::winograd_fits(g));
  g.stride_w = 1, g.dilation_h = 2;
  CHECK_FALSE(kernels::cpu::winograd_fits(g));
  g.dilation_h = 1, g.kernel_w = 5;
  CHECK_FALSE(kernels::cpu::winograd_fits(g));

  // Auto: Winograd from 32 channels for the forward, 64 for the backward passes, and 64 GEMM
  // columns (128 for the backward-data).
  using kernels::cpu::ConvPass;
  ConvAlgorithmScope scope(ConvAlgorithm::Auto);
  const auto shape = [](int64_t batch, int64_t channels, int64_t size, int64_t groups) {
    kernels::ConvGeometry s;
    s.batch = batch, s.in_channels = s.out_channels = channels * groups, s.groups = groups;
    s.in_h = s.in_w = s.out_h = s.out_w = size;
    s.kernel_h = s.kernel_w = 3, s.pad_h = s.pad_w = 1;
    return s;
  };
  CHECK_FALSE(kernels::cpu::use_winograd(shape(128, 16, 32, 1), ConvPass::Forward));
  CHECK(kernels::cpu::use_winograd(shape(128, 32, 16, 1), ConvPass::Forward));
  CHECK_FALSE(kernels::cpu::use_winograd(shape(128, 32, 16, 1), ConvPass::BackwardData));
  CHECK(kernels::cpu::use_winograd(shape(128, 64, 8, 1), ConvPass::BackwardData));
  CHECK_FALSE(kernels::cpu::use_winograd(shape(128, 32, 16, 1), ConvPass::BackwardWeight));
  CHECK(kernels::cpu::use_winograd(shape(128, 64, 8, 1), ConvPass::BackwardWeight));
  // The generator's per-sample groups: one image of 8×8 has 16 tiles, 16×16 has 64.
  CHECK_FALSE(kernels::cpu::use_winograd(shape(1, 64, 8, 32), ConvPass::Forward));
  CHECK(kernels::cpu::use_winograd(shape(1, 64, 16, 32), ConvPass::Forward));
  CHECK_FALSE(kernels::cpu::use_winograd(shape(1, 64, 16, 32), ConvPass::BackwardData));
  CHECK(kernels::cpu::use_winograd(shape(1, 64, 32, 32), ConvPass::BackwardData));
  kernels::ConvGeometry strided = shape(128, 64, 16, 1);
  strided.stride_h = 2;
  CHECK_FALSE(kernels::cpu::use_winograd(strided, ConvPass::Forward));
}

TEST_CASE("conv ops work without bias and in f64") {
  Tensor x = random_input({2, 3, 6, 5}, 1), w = random_input({4, 3, 3, 3}, 2);
  Conv2dParams p;
  p.pad_h = p.pad_w = 1;
  Tensor y = conv2d(x, w, Tensor(), p);
  CHECK(y.shape() == Shape{2, 4, 6, 5});
  Tensor z = conv_transpose2d(y, w, Tensor(), p);  // adjoint of the same convolution
  CHECK(z.shape() == x.shape());
  // <conv(x), y> = <x, convᵀ(y)>: the transposed convolution is the adjoint.
  std::vector<double> xv = x.to_vector(), yv = y.to_vector(), zv = z.to_vector();
  double lhs = 0, rhs = 0;
  for (double v : yv) lhs += v * v;
  for (size_t i = 0; i < xv.size(); ++i) rhs += xv[i] * zv[i];
  CHECK(lhs == doctest::Approx(rhs).epsilon(1e-12));
}

TEST_CASE("conv errors name the mismatch") {
  Tensor x = Tensor::zeros({1, 6, 5, 5});
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const UserError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  Conv2dParams g2;
  g2.groups = 2;
  CHECK(message([&] {
          conv2d(x, Tensor::zeros({4, 4, 3, 3}), Tensor(), {});
        }) ==
        "conv2d: input has 6 channels but weight f32[4, 4, 3, 3] on cpu with groups 1 expects 4");
  CHECK(message([&] {
          conv2d(x, Tensor::zeros({3, 3, 3, 3}), Tensor(), g2);
        }).find("divisible by groups (2)") != std::string::npos);
  CHECK(message([&] {
          conv2d(x, Tensor::zeros({4, 6, 3, 3}), Tensor::zeros({5}), {});
        }).find("bias must be [4]") != std::string::npos);
  CHECK(message([&] {
          conv2d(x, Tensor::zeros({4, 6, 7, 7}), Tensor(), {});
        }).find("smaller than the dilated kernel") != std::string::npos);
  CHECK(message([&] {
          conv_transpose2d(x, Tensor::zeros({4, 2, 3, 3}), Tensor(), {});
        }) ==
        "conv_transpose2d: input has 6 channels but weight f32[4, 2, 3, 3] on cpu expects 4 "
        "(weight is "
        "[C_in, C_out/groups, kH, kW])");
  Conv2dParams bad_out_pad;
  bad_out_pad.output_pad_h = 1;
  CHECK(message([&] {
          conv_transpose2d(x, Tensor::zeros({6, 2, 3, 3}), Tensor(), bad_out_pad);
        }).find("smaller than either stride or dilation") != std::string::npos);
  CHECK(message([&] {
          conv2d(x, Tensor::zeros({4, 6, 3, 3}), Tensor(), bad_out_pad);
        }).find("conv_transpose2d only") != std::string::npos);
}
