#include "engine/audit/families.h"
#include "engine/ops/resample.h"

namespace phantom::audit {

namespace {
using Inputs = std::vector<Tensor>;

// Non-symmetric filters, so a missing or doubled flip in the forward or its adjoint shows.
GradcheckCase fir_case(std::string name, Shape x_shape, Shape f_shape, Upfirdn2dParams p) {
  Tensor f = random_input(f_shape, 31, -1, 1, false);
  return make_case(
      Op::Upfirdn2d, std::move(name), [=] { return Inputs{random_input(x_shape, 32)}; },
      [=](const Inputs& in) { return upfirdn2d(in[0], f, p); });
}

GradcheckCase resize_case(std::string name, Shape x_shape, int64_t out_h, int64_t out_w,
                          bool antialias, CropBox box = {}) {
  return make_case(
      Op::Resize, std::move(name), [=] { return Inputs{random_input(x_shape, 33)}; },
      [=](const Inputs& in) { return resize_bilinear(in[0], out_h, out_w, antialias, box); });
}
}  // namespace

std::vector<GradcheckCase> resample_cases(Op op) {
  switch (op) {
    case Op::Upfirdn2d:
      return {fir_case("up 2 down 2, asymmetric pads, gain 1.7", {1, 2, 5, 6}, {4, 3},
                       {2, 2, 2, 2, 2, 1, 0, 3, 1.7, false}),
              fir_case("StyleGAN upsample2d, 4x4 filter, gain 4", {2, 1, 3, 5}, {4, 4},
                       {2, 2, 1, 1, 2, 1, 2, 1, 4.0, false}),
              fir_case("down 3x2, negative pads, flip_filter", {1, 2, 7, 6}, {2, 3},
                       {1, 1, 2, 3, -1, 2, 1, -2, 0.8, true}),
              fir_case("up 3 then down 2 along x only", {1, 1, 4, 5}, {1, 5},
                       {3, 1, 2, 1, 1, 2, 0, 0, -1.3, false}),
              // No resampling along x (forward and adjoint take the zero-padded vector path):
              // the FIR after a transposed convolution, wide enough for 16-, 4- and 1-column
              // blocks; then resampling along y only, with a crop.
              fir_case("FIR after a transposed conv, 4x4 filter, gain 4", {1, 2, 4, 19}, {4, 4},
                       {1, 1, 1, 1, 1, 1, 1, 1, 4.0, false}),
              fir_case("up 2 / down 3 along y only, crop along x", {1, 1, 6, 9}, {3, 4},
                       {1, 2, 1, 3, -1, 2, 1, 1, 0.9, false})};
    case Op::Resize:
      return {
          resize_case("antialias down 7x9 -> 3x4", {1, 2, 7, 9}, 3, 4, true),
          resize_case("plain down 7x9 -> 3x4", {1, 2, 7, 9}, 3, 4, false),
          resize_case("up 3x5 -> 7x8", {2, 1, 3, 5}, 7, 8, true),
          resize_case("integer crop box, antialias", {1, 1, 9, 8}, 3, 5, true, CropBox{1, 2, 7, 5}),
          resize_case("fractional crop box, plain", {1, 1, 6, 7}, 4, 5, false,
                      CropBox{0.5, 1.25, 4.5, 5.5})};
    default:
      return {};
  }
}

}  // namespace phantom::audit
