// `phantom evaluate`'s computation: every metric of protocol.md §4 for one finished attack, from
// its outcome (attacks/ppa/attack_run.h), the generator that renders its latents, the target, a
// separate evaluation model and the private data. Per-class values go into a MetricsTable (CSV);
// the summary JSON holds the overall values with bootstrap intervals over classes, the domain FID,
// the knowledge extraction score, the stage-wise accuracies and the gradient-stability curve.
#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "attacks/metrics/bootstrap.h"
#include "attacks/metrics/knowledge_extraction.h"
#include "attacks/metrics/metrics_table.h"
#include "attacks/ppa/attack_run.h"
#include "attacks/ppa/image_prior.h"
#include "engine/data/dataset.h"
#include "models/classifier.h"

namespace phantom::attacks {

// The private data in the attack's image space: [0, 1] images of the generator's size (e.g.
// Fashion-MNIST padded to 32×32), labels in the target's class indices.
struct PrivateData {
  data::Dataset train, test;
};

// The dataset with its images zero-padded evenly to size × size (28 -> 32 for Fashion-MNIST); a
// size the images cannot be padded to evenly is a UserError naming the dataset.
data::Dataset padded_to(data::Dataset ds, int64_t size);

struct EvaluationOptions {
  bool knowledge_extraction = true;
  KnowledgeExtractionConfig knowledge;
  BootstrapOptions bootstrap;
  int64_t batch_size = 128;
};

struct AttackEvaluation {
  MetricsTable table;  // one row per attacked class
  nlohmann::json summary;
  Tensor selected_images;  // [M, C, H, W] in [−1, 1]
  std::vector<int64_t> selected_classes;
  std::vector<int64_t> nearest_private;  // per selected image: its nearest private training image
  Tensor nearest_private_images;         // those images, [M, C, H, W] in [−1, 1]
};

// Images of the latents ws [N, num_ws, w_dim], clamped to [−1, 1], rendered without gradients, on
// the CPU.
Tensor render_images(ImagePrior& prior, const Tensor& ws, int64_t batch_size);

// `knowledge_dir` receives the knowledge-extraction student's training run.
AttackEvaluation evaluate_attack(ImagePrior& prior, const AttackOutcome& outcome,
                                 models::Classifier& target, models::Classifier& evaluator,
                                 const PrivateData& private_data, const EvaluationOptions& options,
                                 const std::filesystem::path& knowledge_dir);

// Writes metrics.csv (per class; `class_names` name the rows), metrics.json (the summary plus
// `extra`, e.g. a cache key) and evaluation.safetensors (selected_images, selected_classes and
// nearest_private_images) into `dir`, each atomically.
void save_evaluation(const std::filesystem::path& dir, const AttackEvaluation& ev,
                     const std::vector<std::string>& class_names,
                     const nlohmann::json& extra = nlohmann::json::object());

// The mean over batches of each step's gradient cosine (the paper's gradient stability); step 0
// has none and is left out, so entry s is step s + 1.
std::vector<double> mean_gradient_cosine(const std::vector<std::vector<StepRecord>>& batch_steps);

}  // namespace phantom::attacks
