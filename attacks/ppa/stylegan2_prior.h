// A StyleGAN2 generator as the attack's image prior: mapping with truncation, synthesis with the
// constant noise buffers (protocol.md §3) and fused or unfused modulated convolutions
// (AttackConfig::fused_modconv); optionally the GAN's discriminator as the realism score of stage
// 2's discriminator term. Both are frozen.
#pragma once
#include <memory>

#include "attacks/ppa/image_prior.h"
#include "models/stylegan2/discriminator.h"
#include "models/stylegan2/generator.h"

namespace phantom::attacks {

class StyleGan2Prior final : public ImagePrior {
 public:
  // Unconditional generators only (the attack has no class input to give the mapping).
  // The discriminator, if given, must read the generator's images (same resolution, channels);
  // it is moved to the generator's device.
  StyleGan2Prior(std::shared_ptr<models::stylegan2::Generator> generator, bool fused_modconv,
                 std::shared_ptr<models::stylegan2::Discriminator> discriminator = {});

  int64_t z_dim() const override;
  int64_t w_dim() const override;
  int64_t num_ws() const override;
  Tensor map(const Tensor& z, double psi, int64_t cutoff) override;
  Tensor synthesize(const Tensor& ws) override;
  Tensor realism_logits(const Tensor& images) override;

  models::stylegan2::Generator& generator() { return *generator_; }
  // Where the generator (and discriminator) compute; map, synthesize and realism_logits move
  // their inputs there.
  Device device() const { return generator_->device(); }

 private:
  std::shared_ptr<models::stylegan2::Generator> generator_;
  std::shared_ptr<models::stylegan2::Discriminator> discriminator_;
  models::stylegan2::SynthesisOptions synthesis_;
};

}  // namespace phantom::attacks
