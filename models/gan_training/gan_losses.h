// StyleGAN2's losses (Karras et al. 2020; official StyleGAN2Loss): the non-saturating logistic
// loss for G and D, and lazy R1 on the reals. R1's parameter gradient needs a second derivative,
// which the engine does not have (no double backward); it comes from a finite-difference
// directional derivative instead (docs/gan-training.md derives it and gives the error).
#pragma once
#include <functional>

#include "engine/core/tensor.h"
#include "engine/nn/module.h"

namespace phantom::models::gan {

using Critic = std::function<Tensor(const Tensor&)>;  // images [N, ...] -> logits [N, 1]

// mean softplus(−D(G(z))): the generator's non-saturating loss, from the fakes' logits.
Tensor generator_loss(const Tensor& fake_logits);
// mean softplus(D(G(z))) + mean softplus(−D(x)).
Tensor discriminator_loss(const Tensor& fake_logits, const Tensor& real_logits);

struct R1Options {
  double gamma = 1.0;  // R1 = (γ/2)·mean_i ‖∇_{x_i} Σ_j D(x_j)‖²
  double weight = 1;   // multiplies the loss (lazy regularisation: the interval)
  // The central difference's step, as the RMS change per pixel: the images move by ε·ĝ with
  // ε = fd_step·sqrt(numel). Small enough for O(ε²) truncation error, large enough that float32
  // rounding of ΣD stays well below the difference (docs/gan-training.md).
  double fd_step = 1e-3;
};

// Accumulates ∇_θ of weight·R1 into `critic_params`' gradients, which must be empty on entry (it
// clears what its own first backward leaves there). With g = ∇_x ΣD(x) taken once and detached,
// ∇_θ (γ/2N)‖g‖² = (γ/N)·∇_θ [g · ∇_x ΣD(x; θ)], and the directional derivative is replaced by
// ‖g‖·[ΣD(x + εĝ) − ΣD(x − εĝ)] / (2ε), ĝ = g/‖g‖, whose θ-gradient one ordinary backward gives.
// Returns the penalty mean_i ‖g_i‖² (without γ), as the official code logs it.
double accumulate_r1_gradient(const Critic& critic, const std::vector<Tensor>& critic_params,
                              const Tensor& reals, const R1Options& options);

// The exact R1 value (γ/2)·mean_i ‖∇_{x_i} ΣD‖² for a given critic (first derivatives only);
// used to check the estimator and for logging.
double r1_penalty(const Critic& critic, const std::vector<Tensor>& critic_params,
                  const Tensor& reals, double gamma);

}  // namespace phantom::models::gan
