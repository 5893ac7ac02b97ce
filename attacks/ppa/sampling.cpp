#include "attacks/ppa/sampling.h"

#include <algorithm>
#include <numeric>

#include "attacks/ppa/streams.h"
#include "attacks/ppa/take_rows.h"
#include "attacks/ppa/views.h"
#include "engine/autograd/node.h"
#include "engine/ops/arithmetic.h"
#include "engine/ops/shape_ops.h"
#include "engine/ops/softmax.h"
#include "engine/ops/unary.h"

namespace phantom::attacks {

Tensor view_averaged_probabilities(models::Classifier& target, const Tensor& images,
                                   const TargetView& view) {
  Tensor x = to_target_view(images, view);
  Tensor p = add(softmax(target(x), 1), softmax(target(flip(x, {3})), 1));
  return affine(p, 0.5, 0.0);
}

std::vector<std::vector<int64_t>> best_per_class(const std::vector<double>& scores,
                                                 int64_t num_classes,
                                                 const std::vector<int64_t>& classes, int64_t k) {
  const int64_t n = static_cast<int64_t>(scores.size()) / num_classes;
  PHANTOM_REQUIRE(k >= 1 && k <= n, "attack: cannot keep ", k, " candidates per class out of ", n,
                  " samples");
  std::vector<std::vector<int64_t>> best;
  for (int64_t c : classes) {
    PHANTOM_REQUIRE(c >= 0 && c < num_classes, "attack: target class ", c,
                    " is not a class of the target model (", num_classes, " classes)");
    std::vector<int64_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    auto score = [&](int64_t i) { return scores[static_cast<size_t>(i * num_classes + c)]; };
    std::stable_sort(order.begin(), order.end(),
                     [&](int64_t a, int64_t b) { return score(a) > score(b); });
    order.resize(static_cast<size_t>(k));
    best.push_back(std::move(order));
  }
  return best;
}

Candidates sample_candidates(ImagePrior& prior, models::Classifier& target,
                             const AttackConfig& config, const ProgressFn& progress) {
  const SamplingConfig& cfg = config.sampling;
  PHANTOM_REQUIRE(cfg.num_samples >= 1 && cfg.batch >= 1,
                  "attack: sampling needs num_samples >= 1 and batch >= 1");
  NoGradGuard no_grad;
  target.eval();
  Generator gen = sampling_generator(config.seed);
  Tensor z = gen.normal({cfg.num_samples, prior.z_dim()});
  std::vector<Tensor> ws_parts;
  std::vector<double> scores;
  for (int64_t b = 0; b < cfg.num_samples; b += cfg.batch) {
    const int64_t e = std::min(cfg.num_samples, b + cfg.batch);
    Tensor ws = prior.map(slice(z, 0, b, e), cfg.psi, cfg.cutoff);
    Tensor images = clamp(prior.synthesize(ws), -1.0, 1.0);
    std::vector<double> p = view_averaged_probabilities(target, images, config.view).to_vector();
    scores.insert(scores.end(), p.begin(), p.end());
    ws_parts.push_back(ws);
    if (progress) progress(e, cfg.num_samples);
  }
  Tensor all_ws = concat(ws_parts, 0);
  Candidates out;
  std::vector<int64_t> rows;
  const auto best =
      best_per_class(scores, target.num_classes(), config.target_classes, cfg.candidates);
  for (size_t c = 0; c < best.size(); ++c)
    for (int64_t i : best[c]) {
      const int64_t cls = config.target_classes[c];
      out.classes.push_back(cls);
      out.scores.push_back(scores[static_cast<size_t>(i * target.num_classes() + cls)]);
      rows.push_back(i);
    }
  out.ws = take_rows(all_ws, rows).to(Device::cpu());
  return out;
}

}  // namespace phantom::attacks
