#include "attacks/ppa/attack_config_json.h"

#include <cmath>

#include "engine/core/error.h"

namespace phantom::data {
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Range, lo, hi)
}  // namespace phantom::data

namespace phantom::attacks {

// By name through the one name table (attack_loss.cpp); an unknown name is an error, not the
// first enumerator (which NLOHMANN_JSON_SERIALIZE_ENUM would silently pick).
void to_json(nlohmann::json& j, AttackLoss loss) {
  j = attack_loss_name(loss);
}
void from_json(const nlohmann::json& j, AttackLoss& loss) {
  loss = parse_attack_loss(j.get<std::string>());
}

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TargetView, center_crop, size)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SamplingConfig, num_samples, candidates, psi,
                                                cutoff, batch)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(OptimizationConfig, steps, lr, beta1, beta2, loss,
                                                single_w, crop_scale, crop_ratio,
                                                per_sample_transforms, clip_images, lr_schedule,
                                                discriminator_weight, batch)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SelectionConfig, rounds, keep, crop_scale,
                                                crop_ratio, batch)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AttackConfig, target_classes, fused_modconv, view,
                                                sampling, optimization, selection, seed)

nlohmann::json to_json(const AttackConfig& c) {
  nlohmann::json j;
  to_json(j, c);
  return j;
}

AttackConfig attack_config_from_json(const nlohmann::json& j, const std::string& what) {
  try {
    AttackConfig c = j.get<AttackConfig>();
    // Configurations written before the choice existed ran the fused path.
    if (j.is_object() && !j.contains("fused_modconv")) c.fused_modconv = true;
    return c;
  } catch (const nlohmann::json::exception& e) {
    throw UserError(detail::concat(what, ": not a valid attack configuration (", e.what(), ")"));
  }
}

void validate(const AttackConfig& c) {
  PHANTOM_REQUIRE(!c.target_classes.empty(), "attack: no target classes given");
  for (int64_t t : c.target_classes)
    PHANTOM_REQUIRE(t >= 0, "attack: target classes must be >= 0, found ", t);
  const SamplingConfig& s = c.sampling;
  PHANTOM_REQUIRE(s.num_samples >= 1 && s.candidates >= 1 && s.candidates <= s.num_samples,
                  "attack: sampling needs 1 <= candidates <= samples, found ", s.candidates,
                  " candidates of ", s.num_samples, " samples");
  PHANTOM_REQUIRE(s.psi >= 0 && s.psi <= 1, "attack: truncation psi must be in [0, 1], found ",
                  s.psi);
  const OptimizationConfig& o = c.optimization;
  PHANTOM_REQUIRE(o.steps >= 0, "attack: optimisation steps must be >= 0, found ", o.steps);
  PHANTOM_REQUIRE(o.lr > 0, "attack: the learning rate must be positive, found ", o.lr);
  PHANTOM_REQUIRE(o.lr_schedule == "none" || o.lr_schedule == "cosine",
                  "attack: the learning-rate schedule must be none or cosine, found '",
                  o.lr_schedule, "'");
  PHANTOM_REQUIRE(o.discriminator_weight >= 0 && std::isfinite(o.discriminator_weight),
                  "attack: the discriminator weight must be a finite number >= 0, found ",
                  o.discriminator_weight);
  PHANTOM_REQUIRE(o.beta1 >= 0 && o.beta1 < 1 && o.beta2 >= 0 && o.beta2 < 1,
                  "attack: Adam betas must be in [0, 1), found ", o.beta1, ", ", o.beta2);
  for (const data::Range* r :
       {&o.crop_scale, &o.crop_ratio, &c.selection.crop_scale, &c.selection.crop_ratio})
    PHANTOM_REQUIRE(r->lo > 0 && r->lo <= r->hi,
                    "attack: crop scale and ratio ranges need 0 < lo <= hi, found [", r->lo, ", ",
                    r->hi, "]");
  PHANTOM_REQUIRE(s.batch >= 1 && o.batch >= 1 && c.selection.batch >= 1,
                  "attack: batch sizes must be >= 1");
  PHANTOM_REQUIRE(c.selection.rounds >= 1 && c.selection.keep >= 1,
                  "attack: selection needs rounds >= 1 and keep >= 1, found ", c.selection.rounds,
                  " and ", c.selection.keep);
}

}  // namespace phantom::attacks
