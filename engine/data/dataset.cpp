#include "engine/data/dataset.h"

#include <cstring>

namespace phantom::data {

Dataset Dataset::subset(const std::vector<int64_t>& indices) const {
  const int64_t n = static_cast<int64_t>(indices.size());
  const int64_t per_image = channels() * height() * width();
  Dataset out;
  out.images = Tensor::empty({n, channels(), height(), width()});
  out.labels.reserve(indices.size());
  out.class_names = class_names;
  out.source = source;
  const float* src = images.data<float>();
  float* dst = out.images.data<float>();
  for (int64_t i = 0; i < n; ++i) {
    const int64_t k = indices[static_cast<size_t>(i)];
    PHANTOM_REQUIRE(k >= 0 && k < size(), source, ": subset index ", k, " is outside [0, ", size(),
                    ")");
    std::memcpy(dst + i * per_image, src + k * per_image, sizeof(float) * per_image);
    out.labels.push_back(labels[static_cast<size_t>(k)]);
  }
  return out;
}

std::vector<std::vector<int64_t>> Dataset::indices_by_class() const {
  validate();  // labels index the result
  std::vector<std::vector<int64_t>> by_class(class_names.size());
  for (int64_t i = 0; i < size(); ++i) by_class[static_cast<size_t>(labels[i])].push_back(i);
  return by_class;
}

void Dataset::validate() const {
  PHANTOM_REQUIRE(images.defined() && images.dim() == 4 && images.dtype() == DType::F32 &&
                      images.device().is_cpu(),
                  source, ": images must be an f32 CPU tensor [N, C, H, W], found ",
                  images.defined() ? images.describe() : std::string("none"));
  PHANTOM_REQUIRE(images.size(0) == size(), source, ": ", images.size(0), " images but ", size(),
                  " labels");
  for (int64_t label : labels)
    PHANTOM_REQUIRE(label >= 0 && label < num_classes(), source, ": label ", label,
                    " is outside the ", num_classes(), " classes");
}

}  // namespace phantom::data
