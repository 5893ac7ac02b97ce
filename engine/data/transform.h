// Transforms: functions of one image [C, H, W] (f32, values in [0, 1] until normalised) and a
// generator that holds that image's randomness (seeding.h), so a sample's augmentation is the same
// whichever thread computes it and whenever. They compute on the image's device (CPU or CUDA) and
// return the result there; random parameters are always drawn on the host, so both devices apply
// the same crops, flips and factors. A Pipeline applies a list of them in order.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "engine/core/random.h"
#include "engine/core/tensor.h"

namespace phantom::data {

class Transform {
 public:
  virtual ~Transform() = default;
  // Returns the transformed image; never modifies `chw` (it may be a view of the dataset).
  virtual Tensor apply(const Tensor& chw, Generator& gen) const = 0;
  virtual std::string name() const = 0;
};

class Pipeline {
 public:
  Pipeline() = default;
  explicit Pipeline(std::vector<std::shared_ptr<const Transform>> steps)
      : steps_(std::move(steps)) {}

  Pipeline& add(std::shared_ptr<const Transform> step);
  Tensor apply(const Tensor& chw, Generator& gen) const;
  bool empty() const { return steps_.empty(); }
  std::string describe() const;  // e.g. "pad(2) -> hflip(0.5) -> normalize"

 private:
  std::vector<std::shared_ptr<const Transform>> steps_;
};

// Checks that `chw` is an image a transform can take: f32 [C, H, W] on the CPU or a CUDA device.
void require_image(const char* transform, const Tensor& chw);

}  // namespace phantom::data
