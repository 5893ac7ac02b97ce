// A whole Plug & Play Attack in a run directory, resumable: stage 1's candidates, stage 2 batch by
// batch, stage 3's selection, each saved atomically as soon as it is finished. Rerunning with the
// same directory skips what is there; a killed run continues from the last finished batch, and
// since every random draw is keyed by the seed and the batch (streams.h), the result is the one an
// uninterrupted run gives.
//
// Files: manifest.json (configuration, the identity of prior and target, per-stage wall time),
// stage1.safetensors, stage2/batch_NNNN.safetensors, stage2.safetensors, stage2_steps.jsonl,
// stage3.safetensors. Each .safetensors holds `ws` [n, num_ws, w_dim] and `classes` [n].
#pragma once
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "attacks/ppa/optimization.h"
#include "attacks/ppa/sampling.h"

namespace phantom::attacks {

struct AttackOutcome {
  Candidates candidates;                             // stage 1
  Tensor optimized_ws;                               // stage 2, row i optimises candidate i
  std::vector<std::vector<StepRecord>> batch_steps;  // stage 2's record, per batch
  std::vector<double> selection_scores;              // stage 3, per candidate
  std::vector<int64_t> selected;                     // stage 3, indices of the kept candidates
};

// Reports (stage, done, total) when a stage starts (done = 0) and as its work finishes; stage is
// "sampling", "optimisation" or "selection".
using StageProgress = std::function<void(const std::string&, int64_t, int64_t)>;

// `identity` names what is attacked with what (e.g. weight files: {"target": {"path", "sha256"},
// ...}); it goes into the manifest, and a resumed run must match the configuration and the
// identity's content (identity_content): files that moved with their run directory are the same
// files, and the manifest takes their new paths.
AttackOutcome run_attack(ImagePrior& prior, models::Classifier& target, const AttackConfig& config,
                         const std::filesystem::path& dir, const nlohmann::json& identity,
                         const StageProgress& progress = {});

// The identity without the file paths ("path" keys of its entries): what an attack's result
// depends on, so also what a cache key of it should hash.
nlohmann::json identity_content(const nlohmann::json& identity);

// The step records as JSON lines: {"batch", "step", "loss", "target_confidence", "grad_norm",
// "grad_cosine", "discriminator_loss"} (grad_cosine null at step 0, discriminator_loss null when
// the term is off).
std::string step_records_jsonl(const std::vector<std::vector<StepRecord>>& batch_steps);

}  // namespace phantom::attacks
