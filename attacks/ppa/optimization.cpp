#include "attacks/ppa/optimization.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "attacks/metrics/attack_accuracy.h"
#include "attacks/ppa/attack_loss.h"
#include "attacks/ppa/views.h"
#include "engine/autograd/node.h"
#include "engine/ops/arithmetic.h"
#include "engine/ops/reduction.h"
#include "engine/ops/shape_ops.h"
#include "engine/ops/unary.h"
#include "engine/optim/adam.h"
#include "engine/optim/lr_schedule.h"

namespace phantom::attacks {

namespace {

// Mean over rows of |g_i| and of cos(g_i, previous_i) for [B, D] gradients (rows flattened).
void gradient_statistics(const std::vector<double>& g, const std::vector<double>& previous,
                         int64_t rows, StepRecord& record) {
  const size_t d = g.size() / static_cast<size_t>(rows);
  double norm_sum = 0, cosine_sum = 0;
  for (int64_t r = 0; r < rows; ++r) {
    double gg = 0, pp = 0, gp = 0;
    for (size_t j = r * d; j < (r + 1) * d; ++j) {
      gg += g[j] * g[j];
      if (!previous.empty()) {
        pp += previous[j] * previous[j];
        gp += g[j] * previous[j];
      }
    }
    norm_sum += std::sqrt(gg);
    // A zero gradient has no direction; count it as orthogonal rather than dividing by zero.
    if (gg > 0 && pp > 0) cosine_sum += gp / std::sqrt(gg * pp);
  }
  record.grad_norm = norm_sum / static_cast<double>(rows);
  record.grad_cosine = previous.empty() ? std::numeric_limits<double>::quiet_NaN()
                                        : cosine_sum / static_cast<double>(rows);
}

}  // namespace

Tensor broadcast_w(const Tensor& w, int64_t num_ws) {
  const int64_t n = w.size(0), d = w.size(1);
  return add(reshape(w, {n, 1, d}), Tensor::zeros({1, num_ws, 1}, w.dtype(), w.device()));
}

OptimizedBatch optimize_batch(ImagePrior& prior, models::Classifier& target, const Tensor& ws_init,
                              const std::vector<int64_t>& classes, const AttackConfig& config,
                              Generator& gen,
                              const std::function<void(const StepRecord&)>& on_step) {
  const OptimizationConfig& cfg = config.optimization;
  PHANTOM_REQUIRE(ws_init.dim() == 3 && ws_init.size(0) == static_cast<int64_t>(classes.size()) &&
                      ws_init.size(1) == prior.num_ws() && ws_init.size(2) == prior.w_dim(),
                  "attack: expected initial latents [", classes.size(), ", ", prior.num_ws(), ", ",
                  prior.w_dim(), "], found ", ws_init.describe());
  target.eval();
  for (Tensor& p : target.parameters()) p.set_requires_grad(false);
  // Single-w mode optimises the first layer's w and repeats it (protocol.md §3, stage 1). The
  // latents live where the target computes.
  Tensor w = cfg.single_w
                 ? reshape(slice(ws_init, 1, 0, 1), {ws_init.size(0), prior.w_dim()}).clone()
                 : ws_init.clone();
  w = w.to(target.device());
  w.set_requires_grad(true);
  optim::Adam adam({w}, {.lr = cfg.lr, .beta1 = cfg.beta1, .beta2 = cfg.beta2});
  const optim::CosineAnnealingLR cosine(std::max<int64_t>(cfg.steps, 1));
  auto current_ws = [&] { return cfg.single_w ? broadcast_w(w, prior.num_ws()) : w; };

  OptimizedBatch out;
  std::vector<double> previous_grad;
  for (int64_t step = 0; step < cfg.steps; ++step) {
    if (cfg.lr_schedule == "cosine") cosine.apply(adam, step);
    Tensor images = prior.synthesize(current_ws());
    if (cfg.clip_images) images = clamp(images, -1.0, 1.0);
    Tensor x = to_target_view(images, config.view);
    x = random_resized_crop(x, cfg.crop_scale, cfg.crop_ratio, cfg.per_sample_transforms, gen);
    Tensor logits = target(x);
    Tensor loss = attack_loss(cfg.loss, logits, classes);
    StepRecord record;
    record.step = step;
    record.loss = loss.item();
    record.discriminator_loss = std::numeric_limits<double>::quiet_NaN();
    if (cfg.discriminator_weight > 0) {
      Tensor realism = prior.realism_logits(images);
      PHANTOM_REQUIRE(realism.defined(),
                      "attack: discriminator_weight > 0 needs the generator's discriminator "
                      "(phantom attack --discriminator FILE)");
      Tensor d_loss = mean(softplus(-realism));
      record.discriminator_loss = d_loss.item();
      loss = loss + d_loss * cfg.discriminator_weight;
    }
    adam.zero_grad();
    loss.backward();

    record.target_confidence = attacked_class_confidence(logits.detach(), classes).overall;
    std::vector<double> grad = w.grad().to_vector();
    gradient_statistics(grad, previous_grad, w.size(0), record);
    previous_grad = std::move(grad);
    adam.step();
    out.steps.push_back(record);
    if (on_step) on_step(record);
  }
  NoGradGuard no_grad;
  out.ws = current_ws().clone().to(Device::cpu());
  return out;
}

}  // namespace phantom::attacks
