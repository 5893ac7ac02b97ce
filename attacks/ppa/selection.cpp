#include "attacks/ppa/selection.h"

#include <algorithm>
#include <map>

#include "attacks/ppa/streams.h"
#include "attacks/ppa/views.h"
#include "engine/autograd/node.h"
#include "engine/ops/resample.h"
#include "engine/ops/shape_ops.h"
#include "engine/ops/softmax.h"
#include "engine/ops/unary.h"

namespace phantom::attacks {

std::vector<double> selection_scores(ImagePrior& prior, models::Classifier& target,
                                     const Tensor& ws, const std::vector<int64_t>& classes,
                                     const AttackConfig& config, const ProgressFn& progress) {
  const SelectionConfig& cfg = config.selection;
  PHANTOM_REQUIRE(cfg.rounds >= 1 && cfg.batch >= 1,
                  "attack: selection needs rounds >= 1 and batch >= 1");
  NoGradGuard no_grad;
  target.eval();
  const int64_t n = ws.size(0), c = target.num_classes();
  std::vector<double> scores(static_cast<size_t>(n), 0.0);
  for (int64_t b = 0; b < n; b += cfg.batch) {
    const int64_t e = std::min(n, b + cfg.batch);
    Tensor views =
        to_target_view(clamp(prior.synthesize(slice(ws, 0, b, e)), -1.0, 1.0), config.view);
    std::vector<Generator> gens;
    for (int64_t i = b; i < e; ++i) gens.push_back(selection_generator(config.seed, i));
    for (int64_t r = 0; r < cfg.rounds; ++r) {
      std::vector<Tensor> parts;
      for (int64_t i = b; i < e; ++i) {
        Generator& gen = gens[static_cast<size_t>(i - b)];
        Tensor x = random_resized_crop(slice(views, 0, i - b, i - b + 1), cfg.crop_scale,
                                       cfg.crop_ratio, /*per_sample=*/false, gen);
        parts.push_back(random_horizontal_flip(x, gen));
      }
      std::vector<double> p = softmax(target(concat(parts, 0)), 1).to_vector();
      for (int64_t i = b; i < e; ++i)
        scores[static_cast<size_t>(i)] +=
            p[static_cast<size_t>((i - b) * c + classes[static_cast<size_t>(i)])];
    }
    if (progress) progress(e, n);
  }
  for (double& s : scores) s /= static_cast<double>(cfg.rounds);
  return scores;
}

std::vector<int64_t> keep_best_per_class(const std::vector<double>& scores,
                                         const std::vector<int64_t>& classes, int64_t keep) {
  PHANTOM_REQUIRE(scores.size() == classes.size(), "attack: ", scores.size(), " scores for ",
                  classes.size(), " candidates");
  PHANTOM_REQUIRE(keep >= 1, "attack: selection must keep at least one image per class");
  std::vector<int64_t> class_order;
  std::map<int64_t, std::vector<int64_t>> members;
  for (size_t i = 0; i < classes.size(); ++i) {
    if (!members.count(classes[i])) class_order.push_back(classes[i]);
    members[classes[i]].push_back(static_cast<int64_t>(i));
  }
  std::vector<int64_t> kept;
  for (int64_t c : class_order) {
    std::vector<int64_t>& m = members[c];
    std::stable_sort(m.begin(), m.end(), [&](int64_t a, int64_t b) {
      return scores[static_cast<size_t>(a)] > scores[static_cast<size_t>(b)];
    });
    m.resize(std::min(m.size(), static_cast<size_t>(keep)));
    kept.insert(kept.end(), m.begin(), m.end());
  }
  return kept;
}

}  // namespace phantom::attacks
