// The Plug & Play Attack's settings, stage by stage (../shared/reference/protocol.md §3). The
// defaults are the reference's for 1024² StyleGAN2 generators; the study sets its own from
// measurements at 32×32 (docs/study.md).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/data/transforms_geometry.h"

namespace phantom::attacks {

enum class AttackLoss { Poincare, CrossEntropy, MaxMargin, Logit };
AttackLoss parse_attack_loss(const std::string& name);  // "poincare", "ce", "max-margin", "logit"
std::string attack_loss_name(AttackLoss loss);

// How a generated image becomes the target's input: an optional centre crop (0 = none), then a
// resize to the target's input size.
struct TargetView {
  int64_t center_crop = 0;
  int64_t size = 32;
};

// Stage 1: score `num_samples` generated images, keep the best `candidates` per target class.
struct SamplingConfig {
  int64_t num_samples = 2000;
  int64_t candidates = 200;
  double psi = 0.5;
  int64_t cutoff = 8;
  int64_t batch = 100;
};

// Stage 2: Adam on w through the generator and the target.
struct OptimizationConfig {
  int64_t steps = 70;
  double lr = 0.005;
  double beta1 = 0.1, beta2 = 0.1;
  AttackLoss loss = AttackLoss::Poincare;
  bool single_w = true;              // one w for every synthesis layer (else w+: one per layer)
  data::Range crop_scale{0.9, 1.0};  // the random resized crop applied every step
  data::Range crop_ratio{1.0, 1.0};
  bool per_sample_transforms = false;  // the reference draws one crop per batch and step
  bool clip_images = false;            // clamp images to [-1, 1] before the target
  std::string lr_schedule = "none";    // none, or cosine (annealed to 0 over the steps)
  // Weight of the discriminator term, mean softplus(-D(image)) (the GAN's non-saturating
  // generator loss: it rewards images the discriminator finds real); 0 = off, as the reference's
  // default. Needs a prior with a discriminator.
  double discriminator_weight = 0;
  int64_t batch = 20;
};

// Stage 3: rank candidates by their mean target confidence over random views, keep `keep`.
struct SelectionConfig {
  int64_t rounds = 100;
  int64_t keep = 50;
  data::Range crop_scale{0.5, 0.9};
  data::Range crop_ratio{0.8, 1.2};
  int64_t batch = 100;
};

struct AttackConfig {
  std::vector<int64_t> target_classes;
  // The generator's modulated convolutions in every stage: unfused (styles scale the input, one
  // shared-weight convolution, demodulation scales the output) or fused (one grouped convolution
  // with per-sample weights, the official eval path). The same function up to float rounding;
  // unfused runs 2.1x (forward) to 2.6x (forward + backward) faster on the CPU (docs/bench.md).
  bool fused_modconv = false;
  TargetView view;
  SamplingConfig sampling;
  OptimizationConfig optimization;
  SelectionConfig selection;
  uint64_t seed = 0;
};

}  // namespace phantom::attacks
