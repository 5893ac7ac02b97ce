#include "engine/data/transform.h"

namespace phantom::data {

Pipeline& Pipeline::add(std::shared_ptr<const Transform> step) {
  steps_.push_back(std::move(step));
  return *this;
}

Tensor Pipeline::apply(const Tensor& chw, Generator& gen) const {
  Tensor x = chw;
  for (const auto& step : steps_) x = step->apply(x, gen);
  return x;
}

std::string Pipeline::describe() const {
  if (steps_.empty()) return "identity";
  std::string out;
  for (const auto& step : steps_) out += (out.empty() ? "" : " -> ") + step->name();
  return out;
}

void require_image(const char* transform, const Tensor& chw) {
  PHANTOM_REQUIRE(chw.dim() == 3 && chw.dtype() == DType::F32, transform,
                  ": expects an f32 image [C, H, W] (on the CPU or a CUDA device), found ",
                  chw.describe());
}

}  // namespace phantom::data
