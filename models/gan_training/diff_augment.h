// Differentiable augmentation for GAN training (DiffAugment, Zhao et al., NeurIPS 2020): every
// image the discriminator sees, real or generated, goes through the same random transforms, and
// G's gradient flows back through them, so D cannot memorise a small training set without G
// learning the augmented distribution. Three groups, each optional:
//   color        per image: brightness + U(-0.5, 0.5); saturation: deviation from the channel mean
//                scaled by U(0, 2); contrast: deviation from the image mean scaled by U(0.5, 1.5)
//   translation  per image: a shift by up to 1/8 of the size in each direction, zeros filling in
//   cutout       per image: a zeroed square of half the size at a uniformly random centre
// Images are [N, C, H, W] in [-1, 1] (zero is mid-grey, as in the reference).
#pragma once
#include <string>

#include "engine/core/random.h"
#include "engine/core/tensor.h"

namespace phantom::models::gan {

struct DiffAugmentPolicy {
  bool color = false, translation = false, cutout = false;
  bool any() const { return color || translation || cutout; }
  bool operator==(const DiffAugmentPolicy&) const = default;
};

// "none" (or "") or a comma-separated subset of color, translation, cutout; anything else is a
// UserError naming `what`.
DiffAugmentPolicy parse_diff_augment(const std::string& text, const std::string& what);
std::string to_string(const DiffAugmentPolicy& p);  // "none" or e.g. "color,translation"

// x augmented with draws from `rng`; the draws do not depend on x's values, so a copy of `rng`
// augments another batch of the same size identically.
Tensor diff_augment(const Tensor& x, const DiffAugmentPolicy& policy, phantom::Generator& rng);

}  // namespace phantom::models::gan
