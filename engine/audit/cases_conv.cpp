#include "engine/audit/families.h"
#include "engine/ops/conv.h"

namespace phantom::audit {

namespace {

struct Spec {
  std::string name;
  Shape x, w;
  int64_t bias;  // bias length, 0 for none
  Conv2dParams p;
};

Conv2dParams params(int64_t stride, int64_t pad, int64_t dilation, int64_t groups,
                    int64_t out_pad = 0) {
  Conv2dParams p;
  p.stride_h = p.stride_w = stride;
  p.pad_h = p.pad_w = pad;
  p.dilation_h = p.dilation_w = dilation;
  p.groups = groups;
  p.output_pad_h = p.output_pad_w = out_pad;
  return p;
}

std::vector<GradcheckCase> cases_of(Op op, const std::vector<Spec>& specs,
                                    Tensor (*f)(const Tensor&, const Tensor&, const Tensor&,
                                                const Conv2dParams&)) {
  std::vector<GradcheckCase> out;
  uint64_t seed = 1;
  for (const Spec& s : specs) {
    uint64_t k = seed;
    seed += 3;
    out.push_back(make_case(
        op, s.name,
        [s, k] {
          std::vector<Tensor> in{random_input(s.x, k), random_input(s.w, k + 1)};
          if (s.bias) in.push_back(random_input({s.bias}, k + 2));
          return in;
        },
        [s, f](const std::vector<Tensor>& in) {
          return f(in[0], in[1], in.size() > 2 ? in[2] : Tensor(), s.p);
        }));
  }
  return out;
}

}  // namespace

std::vector<GradcheckCase> conv_cases(Op op) {
  switch (op) {
    case Op::Conv2d:
      return cases_of(
          op,
          {
              {"3x3 stride 2 pad 1 with bias, odd image",
               {2, 3, 7, 6},
               {4, 3, 3, 3},
               4,
               params(2, 1, 1, 1)},
              {"groups 2, dilation 2, pad 2", {2, 4, 7, 7}, {6, 2, 3, 3}, 6, params(1, 2, 2, 2)},
              {"depthwise 3x3 stride 3, no bias",
               {1, 3, 8, 7},
               {3, 1, 3, 3},
               0,
               params(3, 1, 1, 3)},
              {"1x1 pointwise", {3, 4, 3, 5}, {2, 4, 1, 1}, 2, params(1, 0, 1, 1)},
          },
          conv2d);
    case Op::ConvTranspose2d:
      return cases_of(
          op,
          {
              {"3x3 stride 2 pad 1 output_padding 1 (overlapping)",
               {2, 3, 4, 5},
               {3, 2, 3, 3},
               2,
               params(2, 1, 1, 1, 1)},
              {"groups 2, dilation 2", {2, 4, 4, 3}, {4, 3, 3, 3}, 6, params(1, 1, 2, 2)},
              {"4x4 stride 3 output_padding 2, no bias",
               {1, 2, 3, 4},
               {2, 3, 4, 4},
               0,
               params(3, 0, 1, 1, 2)},
          },
          conv_transpose2d);
    default:
      return {};
  }
}

}  // namespace phantom::audit
