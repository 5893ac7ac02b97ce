// Stage 2 of the Plug & Play Attack (protocol.md §3): Adam on the latents w, through the frozen
// generator, the attack transforms and the frozen target (eval mode), minimising the identity
// loss. Each step is recorded with the paper's gradient-stability quantity: the cosine similarity
// between this step's and the previous step's gradient with respect to each sample's w.
#pragma once
#include <functional>
#include <vector>

#include "attacks/ppa/attack_config.h"
#include "attacks/ppa/image_prior.h"
#include "models/classifier.h"

namespace phantom::attacks {

struct StepRecord {
  int64_t step = 0;
  double loss = 0;                // the batch-mean identity loss before the step
  double discriminator_loss = 0;  // mean softplus(-D(image)); NaN when the term is off
  double target_confidence = 0;   // mean softmax of the attacked class on this step's views
  double grad_norm = 0;           // mean over samples of |dL/dw|
  double grad_cosine = 0;         // mean over samples of cos(dL/dw now, previous); NaN at step 0
};

struct OptimizedBatch {
  Tensor ws;  // [B, num_ws, w_dim] on the CPU after the last step (single-w: w repeated per layer)
  std::vector<StepRecord> steps;
};

// ws repeated as [N, num_ws, w_dim] from w [N, w_dim]; gradients sum over the layers.
Tensor broadcast_w(const Tensor& w, int64_t num_ws);

// Optimises one batch of candidates (the target is put in eval mode and frozen); the loss is the
// identity loss plus, when the configuration weights it, the discriminator term. `gen` draws the
// random crops (one per step, or one per sample and step). Called after each step, `on_step` may
// report progress.
OptimizedBatch optimize_batch(ImagePrior& prior, models::Classifier& target, const Tensor& ws_init,
                              const std::vector<int64_t>& classes, const AttackConfig& config,
                              Generator& gen,
                              const std::function<void(const StepRecord&)>& on_step = {});

}  // namespace phantom::attacks
