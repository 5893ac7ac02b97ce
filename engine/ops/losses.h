// Losses, each averaged over the batch. Logits are [N, C]; labels are class indices.
#pragma once
#include <vector>

#include "engine/core/tensor.h"

namespace phantom {

// Label-smoothing cross-entropy for any alpha <= 1 (negative included):
// L = (1 - α)(−log p_y) + (α/C) Σ_k (−log p_k). See ../shared/reference/protocol.md §1.
Tensor cross_entropy_ls(const Tensor& logits, const std::vector<int64_t>& labels,
                        double alpha = 0.0);
// Poincaré loss of Plug & Play Attacks (xi = 1e-4), protocol.md §3.
Tensor poincare_loss(const Tensor& logits, const std::vector<int64_t>& targets, double xi = 1e-4);
// Max-margin: mean of (max_{k≠y} z_k − z_y).
Tensor max_margin_loss(const Tensor& logits, const std::vector<int64_t>& targets);
// Logit loss (LOMMA): mean of −z_y.
Tensor logit_loss(const Tensor& logits, const std::vector<int64_t>& targets);
// Binary cross-entropy with logits against targets in [0, 1] (same shape), mean over elements.
Tensor bce_with_logits(const Tensor& logits, const Tensor& targets);
// Mean squared error, mean over elements.
Tensor mse_loss(const Tensor& x, const Tensor& target);

}  // namespace phantom
