// What the Plug & Play Attack needs from its image prior: latents to intermediate latents, and
// intermediate latents to images. StyleGAN2 (models/stylegan2) is the prior of every real attack;
// the interface keeps the attack stages testable with a tiny stand-in prior.
#pragma once
#include <cstdint>

#include "engine/core/tensor.h"

namespace phantom::attacks {

class ImagePrior {
 public:
  virtual ~ImagePrior() = default;
  virtual int64_t z_dim() const = 0;
  virtual int64_t w_dim() const = 0;
  virtual int64_t num_ws() const = 0;  // synthesis layers that each read one w

  // z [N, z_dim] -> ws [N, num_ws, w_dim], truncated with `psi` towards the average w on the
  // first `cutoff` layers (cutoff < 0: every layer).
  virtual Tensor map(const Tensor& z, double psi, int64_t cutoff) = 0;
  // ws [N, num_ws, w_dim] -> images [N, C, H, W], about [-1, 1]; deterministic (constant noise),
  // differentiable with respect to ws.
  virtual Tensor synthesize(const Tensor& ws) = 0;
  // How real the prior finds images [N, C, H, W]: a GAN discriminator's logits [N, 1] (higher =
  // more real), differentiable with respect to the images; stage 2's optional discriminator term
  // uses it. A prior without a discriminator returns an undefined tensor.
  virtual Tensor realism_logits(const Tensor& images) {
    (void)images;
    return Tensor();
  }
};

}  // namespace phantom::attacks
