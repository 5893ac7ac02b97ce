#include "attacks/study/seed_pooling.h"

#include <algorithm>

#include "attacks/metrics/class_metric.h"
#include "attacks/metrics/metrics_table.h"
#include "engine/core/error.h"

namespace phantom::attacks {

using nlohmann::json;

namespace {

// The per-class values of one metric: [seed][class].
using Clusters = std::vector<std::vector<double>>;

Clusters difference(const Clusters& a, const Clusters& b) {
  Clusters d = a;
  for (size_t s = 0; s < d.size(); ++s)
    for (size_t c = 0; c < d[s].size(); ++c) d[s][c] -= b[s][c];
  return d;
}

struct AlphaColumns {
  Clusters top1, top5, delta_eval;
};

// The attack's per-class metrics of α number `a` in every seed's study.
AlphaColumns read_columns(const std::vector<const StudyResult*>& studies, size_t a) {
  AlphaColumns cols;
  std::vector<int64_t> classes;
  for (const StudyResult* s : studies) {
    const MetricsCsv csv = read_metrics_csv((s->alphas[a].attack_dir / "metrics.csv").string());
    if (classes.empty()) classes = csv.classes;
    PHANTOM_REQUIRE(csv.classes == classes, csv.path,
                    ": attacked other classes than the first seed's study");
    cols.top1.push_back(csv.column("accuracy_top1"));
    cols.top5.push_back(csv.column("accuracy_top5"));
    cols.delta_eval.push_back(csv.column("delta_eval"));
  }
  return cols;
}

json interval_json(const ConfidenceInterval& ci) {
  return {{"mean", ci.mean}, {"ci_lower", ci.lower}, {"ci_upper", ci.upper}};
}

}  // namespace

SeedPooling pool_seeds(const std::vector<const StudyResult*>& studies,
                       const BootstrapOptions& bootstrap) {
  PHANTOM_REQUIRE(!studies.empty(), "seed pooling: no studies");
  const StudyResult& first = *studies.front();
  SeedPooling p;
  p.classes = static_cast<int64_t>(first.config.private_classes.size());
  p.class_names = first.class_names;
  for (const StudyResult* s : studies) {
    PHANTOM_REQUIRE(s->alphas.size() == first.alphas.size(),
                    "seed pooling: the studies differ in their α lists");
    for (size_t a = 0; a < s->alphas.size(); ++a)
      PHANTOM_REQUIRE(s->alphas[a].alpha == first.alphas[a].alpha,
                      "seed pooling: the studies differ in their α lists");
    p.seeds.push_back(s->config.seed);
  }
  std::vector<AlphaColumns> columns;
  for (size_t a = 0; a < first.alphas.size(); ++a) columns.push_back(read_columns(studies, a));
  const auto baseline =
      static_cast<size_t>(std::find_if(first.alphas.begin(), first.alphas.end(),
                                       [](const AlphaResult& r) { return r.alpha == 0.0; }) -
                          first.alphas.begin());
  if (baseline < first.alphas.size()) p.baseline = 0.0;

  for (size_t a = 0; a < first.alphas.size(); ++a) {
    const AlphaColumns& c = columns[a];
    PooledAlpha pa;
    pa.alpha = first.alphas[a].alpha;
    pa.top1 = nested_bootstrap_mean_ci(c.top1, bootstrap);
    pa.top5 = nested_bootstrap_mean_ci(c.top5, bootstrap);
    pa.delta_eval = nested_bootstrap_mean_ci(c.delta_eval, bootstrap);
    for (size_t s = 0; s < studies.size(); ++s) {
      const AlphaResult& r = studies[s]->alphas[a];
      pa.top1_per_seed.push_back(mean_of(c.top1[s]));
      for (size_t k = 0; k < c.top1[s].size(); ++k) {
        if (pa.top1_per_class.size() <= k) pa.top1_per_class.push_back(0.0);
        pa.top1_per_class[k] += c.top1[s][k] / static_cast<double>(studies.size());
      }
      pa.test_accuracy_per_seed.push_back(r.target.test_accuracy);
      pa.knowledge_per_seed.push_back(
          r.metrics.at("knowledge_extraction").at("test_accuracy").get<double>());
      pa.gradient_cosine_per_seed.push_back(
          mean_of(r.metrics.at("gradient_cosine").get<std::vector<double>>()));
    }
    if (p.baseline && a != baseline) {
      const AlphaColumns& b = columns[baseline];
      PairedDifference d;
      const Clusters top1 = difference(c.top1, b.top1);
      d.top1 = nested_bootstrap_mean_ci(top1, bootstrap);
      d.delta_eval = nested_bootstrap_mean_ci(difference(c.delta_eval, b.delta_eval), bootstrap);
      for (const std::vector<double>& seed : top1)
        for (double v : seed) (v > 0 ? d.higher : v < 0 ? d.lower : d.equal) += 1;
      pa.against_baseline = d;
    }
    p.alphas.push_back(pa);
  }
  return p;
}

json to_json(const SeedPooling& p) {
  json alphas = json::array();
  for (const PooledAlpha& a : p.alphas) {
    json j = {{"alpha", a.alpha},
              {"accuracy_top1", interval_json(a.top1)},
              {"accuracy_top5", interval_json(a.top5)},
              {"delta_eval", interval_json(a.delta_eval)},
              {"accuracy_top1_per_seed", a.top1_per_seed},
              {"accuracy_top1_per_class", a.top1_per_class},
              {"test_accuracy_per_seed", a.test_accuracy_per_seed},
              {"knowledge_extraction_per_seed", a.knowledge_per_seed},
              {"gradient_cosine_mean_per_seed", a.gradient_cosine_per_seed}};
    if (a.against_baseline) {
      const PairedDifference& d = *a.against_baseline;
      j["against_baseline"] = {{"accuracy_top1_difference", interval_json(d.top1)},
                               {"delta_eval_difference", interval_json(d.delta_eval)},
                               {"units_higher", d.higher},
                               {"units_equal", d.equal},
                               {"units_lower", d.lower}};
    }
    alphas.push_back(j);
  }
  return {{"seeds", p.seeds},
          {"classes_per_seed", p.classes},
          {"class_names", p.class_names},
          {"units", static_cast<int64_t>(p.seeds.size()) * p.classes},
          {"baseline_alpha", p.baseline ? json(*p.baseline) : json(nullptr)},
          {"bootstrap", "nested: seeds, then classes within each seed"},
          {"alphas", alphas}};
}

}  // namespace phantom::attacks
