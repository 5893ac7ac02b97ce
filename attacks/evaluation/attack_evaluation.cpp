#include "attacks/evaluation/attack_evaluation.h"

#include <algorithm>
#include <cmath>

#include "attacks/metrics/attack_accuracy.h"
#include "attacks/metrics/feature_extraction.h"
#include "attacks/metrics/fid.h"
#include "attacks/metrics/nearest_distance.h"
#include "attacks/metrics/prdc.h"
#include "attacks/ppa/take_rows.h"
#include "engine/autograd/node.h"
#include "engine/data/transform_config.h"
#include "engine/io/safetensors.h"
#include "engine/ops/arithmetic.h"
#include "engine/ops/shape_ops.h"
#include "engine/ops/unary.h"

namespace phantom::attacks {

namespace {

// Features and logits of model-space images ([−1, 1], already the model's input size).
FeaturesAndLogits classify_images(models::Classifier& model, const Tensor& images, int64_t batch) {
  NoGradGuard no_grad;
  model.eval();
  std::vector<Tensor> feats, logits;
  for (int64_t b = 0; b < images.size(0); b += batch) {
    Tensor f =
        model.features(slice(images, 0, b, std::min(images.size(0), b + batch)).to(model.device()));
    logits.push_back(model.classify(f).to(Device::cpu()));
    feats.push_back(f.to(Device::cpu()));
  }
  return {concat(feats, 0), concat(logits, 0)};
}

std::vector<int64_t> labels_of_classes(const data::Dataset& ds, const std::vector<int64_t>& keep,
                                       std::vector<int64_t>* rows) {
  std::vector<int64_t> labels;
  for (int64_t i = 0; i < ds.size(); ++i)
    for (int64_t c : keep)
      if (ds.labels[size_t(i)] == c) {
        rows->push_back(i);
        labels.push_back(c);
      }
  return labels;
}

}  // namespace

data::Dataset padded_to(data::Dataset ds, int64_t size) {
  const int64_t dh = size - ds.height(), dw = size - ds.width();
  PHANTOM_REQUIRE(dh >= 0 && dw >= 0 && dh % 2 == 0 && dw % 2 == 0, ds.source, ": ", ds.height(),
                  "x", ds.width(), " images cannot be padded evenly to the generator's ", size, "x",
                  size);
  if (dh > 0 || dw > 0) ds.images = pad(ds.images, {dw / 2, dw / 2, dh / 2, dh / 2}, 0.0);
  return ds;
}

void save_evaluation(const std::filesystem::path& dir, const AttackEvaluation& ev,
                     const std::vector<std::string>& class_names, const nlohmann::json& extra) {
  write_metrics_csv((dir / "metrics.csv").string(), ev.table, class_names);
  nlohmann::json summary = ev.summary;
  if (extra.is_object()) summary.update(extra);
  write_json_file((dir / "metrics.json").string(), summary);
  write_safetensors(
      (dir / "evaluation.safetensors").string(),
      {{"selected_images", ev.selected_images},
       {"selected_classes", Tensor::from_vector(std::vector<double>(ev.selected_classes.begin(),
                                                                    ev.selected_classes.end()),
                                                {int64_t(ev.selected_classes.size())}, DType::F64)},
       {"nearest_private_images", ev.nearest_private_images}});
}

Tensor render_images(ImagePrior& prior, const Tensor& ws, int64_t batch_size) {
  NoGradGuard no_grad;
  std::vector<Tensor> parts;
  for (int64_t b = 0; b < ws.size(0); b += batch_size)
    parts.push_back(
        clamp(prior.synthesize(slice(ws, 0, b, std::min(ws.size(0), b + batch_size))), -1.0, 1.0)
            .to(Device::cpu()));
  return concat(parts, 0);
}

std::vector<double> mean_gradient_cosine(const std::vector<std::vector<StepRecord>>& batch_steps) {
  std::vector<double> sum, count;
  for (const auto& steps : batch_steps)
    for (const StepRecord& s : steps) {
      if (std::isnan(s.grad_cosine)) continue;
      const size_t k = size_t(s.step - 1);
      if (sum.size() <= k) sum.resize(k + 1, 0.0), count.resize(k + 1, 0.0);
      sum[k] += s.grad_cosine;
      count[k] += 1;
    }
  for (size_t k = 0; k < sum.size(); ++k) sum[k] /= std::max(count[k], 1.0);
  return sum;
}

AttackEvaluation evaluate_attack(ImagePrior& prior, const AttackOutcome& outcome,
                                 models::Classifier& target, models::Classifier& evaluator,
                                 const PrivateData& private_data, const EvaluationOptions& options,
                                 const std::filesystem::path& knowledge_dir) {
  const int64_t batch = options.batch_size;
  AttackEvaluation ev;
  for (int64_t i : outcome.selected)
    ev.selected_classes.push_back(outcome.candidates.classes[size_t(i)]);
  const std::vector<int64_t>& all_classes = outcome.candidates.classes;

  // The images after each stage: stage-1 candidates, optimised (unfiltered), selected.
  const Tensor initial = render_images(prior, outcome.candidates.ws, batch);
  const Tensor optimised = render_images(prior, outcome.optimized_ws, batch);
  ev.selected_images = take_rows(optimised, outcome.selected);

  const FeaturesAndLogits eval_initial = classify_images(evaluator, initial, batch);
  const FeaturesAndLogits eval_optimised = classify_images(evaluator, optimised, batch);
  const FeaturesAndLogits eval_selected = classify_images(evaluator, ev.selected_images, batch);
  const FeaturesAndLogits target_selected = classify_images(target, ev.selected_images, batch);

  // The private training images of the attacked classes through the evaluation model.
  data::TransformConfig normalise;
  normalise.normalize = true;
  const data::Pipeline pipeline = data::build_pipeline(normalise);
  std::vector<int64_t> attacked = ev.selected_classes;
  std::sort(attacked.begin(), attacked.end());
  attacked.erase(std::unique(attacked.begin(), attacked.end()), attacked.end());
  std::vector<int64_t> rows;
  const std::vector<int64_t> private_labels =
      labels_of_classes(private_data.train, attacked, &rows);
  PHANTOM_REQUIRE(!rows.empty(),
                  "evaluate: the private training data has no image of the "
                  "attacked classes");
  const data::Dataset private_attacked = private_data.train.subset(rows);
  const FeaturesAndLogits eval_private =
      extract_features_and_logits(evaluator, private_attacked, pipeline, batch);

  MetricsTable& t = ev.table;
  t.add("accuracy_top1", top_k_accuracy(eval_selected.logits, ev.selected_classes, 1));
  t.add("accuracy_top5", top_k_accuracy(eval_selected.logits, ev.selected_classes, 5));
  t.add("accuracy_top1_unfiltered", top_k_accuracy(eval_optimised.logits, all_classes, 1));
  t.add("accuracy_top1_after_sampling", top_k_accuracy(eval_initial.logits, all_classes, 1));
  t.add("target_confidence",
        attacked_class_confidence(target_selected.logits, ev.selected_classes));
  t.add("eval_confidence", attacked_class_confidence(eval_selected.logits, ev.selected_classes));
  const NearestPrivate nearest = nearest_private(eval_selected.features, ev.selected_classes,
                                                 eval_private.features, private_labels);
  t.add("delta_eval", nearest.distance);
  const ClassPrdc prdc = prdc_per_class(eval_private.features, private_labels,
                                        eval_selected.features, ev.selected_classes, 3);
  t.add("precision", prdc.precision);
  t.add("recall", prdc.recall);
  t.add("density", prdc.density);
  t.add("coverage", prdc.coverage);
  for (int64_t i : nearest.index) ev.nearest_private.push_back(rows[size_t(i)]);
  ev.nearest_private_images =
      affine(take_rows(private_data.train.images, ev.nearest_private), 2.0, -1.0);

  ev.summary = t.summary(options.bootstrap);
  ev.summary["fid"] = fid(eval_private.features, eval_selected.features);
  ev.summary["images"] = ev.selected_images.size(0);
  ev.summary["stagewise_top1"] = {
      {"sampling", top_k_accuracy(eval_initial.logits, all_classes, 1).overall},
      {"optimisation", top_k_accuracy(eval_optimised.logits, all_classes, 1).overall},
      {"selection", top_k_accuracy(eval_selected.logits, ev.selected_classes, 1).overall}};
  ev.summary["gradient_cosine"] = mean_gradient_cosine(outcome.batch_steps);
  if (options.knowledge_extraction) {
    const Tensor images01 = affine(ev.selected_images, 0.5, 0.5);
    const KnowledgeExtractionScore ke =
        knowledge_extraction_score(images01, ev.selected_classes, private_data.train,
                                   private_data.test, options.knowledge, knowledge_dir.string());
    ev.summary["knowledge_extraction"] = {{"train_accuracy", ke.train_accuracy},
                                          {"test_accuracy", ke.test_accuracy}};
  }
  return ev;
}

}  // namespace phantom::attacks
