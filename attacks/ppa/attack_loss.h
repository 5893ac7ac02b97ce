// The identity losses stage 2 minimises, on the target's logits [N, C] and the attacked classes.
#pragma once
#include <vector>

#include "attacks/ppa/attack_config.h"
#include "engine/core/tensor.h"

namespace phantom::attacks {

Tensor attack_loss(AttackLoss kind, const Tensor& logits, const std::vector<int64_t>& classes);

}  // namespace phantom::attacks
