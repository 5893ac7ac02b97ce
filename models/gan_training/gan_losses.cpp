#include "models/gan_training/gan_losses.h"

#include <cmath>

#include "engine/ops/arithmetic.h"
#include "engine/ops/reduction.h"
#include "engine/ops/unary.h"

namespace phantom::models::gan {

namespace {

void clear_grads(const std::vector<Tensor>& params) {
  for (Tensor p : params) p.zero_grad();
}

// g = ∇_x Σ D(x), detached; leaves the parameters without gradients.
Tensor input_gradient(const Critic& critic, const std::vector<Tensor>& params, const Tensor& x) {
  Tensor leaf = x.detach().clone();
  leaf.set_requires_grad();
  sum(critic(leaf)).backward();
  clear_grads(params);
  return leaf.grad().clone();
}

double squared_norm(const Tensor& t) {
  double s = 0;
  for (double v : t.to_vector()) s += v * v;
  return s;
}

}  // namespace

Tensor generator_loss(const Tensor& fake_logits) {
  return mean(softplus(fake_logits * -1.0));
}

Tensor discriminator_loss(const Tensor& fake_logits, const Tensor& real_logits) {
  return mean(softplus(fake_logits)) + mean(softplus(real_logits * -1.0));
}

double accumulate_r1_gradient(const Critic& critic, const std::vector<Tensor>& critic_params,
                              const Tensor& reals, const R1Options& o) {
  for (const Tensor& p : critic_params)
    PHANTOM_CHECK(!p.grad().defined(), "R1 needs empty parameter gradients on entry");
  const Tensor g = input_gradient(critic, critic_params, reals);
  const double n = static_cast<double>(reals.size(0));
  const double g_norm_sq = squared_norm(g);
  const double g_norm = std::sqrt(g_norm_sq);
  if (g_norm == 0) return 0;  // D is flat at the reals: no penalty, no gradient
  const double eps = o.fd_step * std::sqrt(static_cast<double>(reals.numel()));
  const Tensor step = g * (eps / g_norm);
  const Tensor x = reals.detach();
  const Tensor difference = sum(critic(x + step)) - sum(critic(x - step));
  (difference * (o.weight * o.gamma / n * g_norm / (2 * eps))).backward();
  return g_norm_sq / n;
}

double r1_penalty(const Critic& critic, const std::vector<Tensor>& critic_params,
                  const Tensor& reals, double gamma) {
  const Tensor g = input_gradient(critic, critic_params, reals);
  return gamma / 2 * squared_norm(g) / static_cast<double>(reals.size(0));
}

}  // namespace phantom::models::gan
