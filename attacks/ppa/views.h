// The differentiable image transforms of the attack: the target's view of a generated image, the
// random resized crops of stage 2 and the random crops and flips of stage 3. All act on NCHW
// batches through autograd ops, so gradients reach the generator's latents.
#pragma once
#include "attacks/ppa/attack_config.h"
#include "engine/core/random.h"
#include "engine/core/tensor.h"

namespace phantom::attacks {

// Centre crop (if asked) and resize to the target's input size; the identity when neither
// changes anything.
Tensor to_target_view(const Tensor& images, const TargetView& view);

// Random resized crop back to the input size: one box for the whole batch, or one per sample
// (drawn in sample order from `gen`).
Tensor random_resized_crop(const Tensor& images, data::Range scale, data::Range ratio,
                           bool per_sample, Generator& gen);

// Mirrors each image left-right with probability 1/2, one draw per sample from `gen`.
Tensor random_horizontal_flip(const Tensor& images, Generator& gen);

}  // namespace phantom::attacks
