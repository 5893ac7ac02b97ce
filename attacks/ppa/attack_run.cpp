#include "attacks/ppa/attack_run.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "attacks/ppa/attack_config_json.h"
#include "attacks/ppa/selection.h"
#include "attacks/ppa/streams.h"
#include "engine/io/atomic_file.h"
#include "engine/io/safetensors.h"
#include "engine/ops/shape_ops.h"

namespace phantom::attacks {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

Tensor classes_tensor(const std::vector<int64_t>& classes) {
  return Tensor::from_vector(std::vector<double>(classes.begin(), classes.end()),
                             {static_cast<int64_t>(classes.size())}, DType::F64);
}

std::vector<int64_t> classes_from(const Tensor& t) {
  std::vector<int64_t> out;
  for (double v : t.to_vector()) out.push_back(static_cast<int64_t>(v));
  return out;
}

Tensor require_tensor(const SafetensorsFile& f, const std::string& name, const fs::path& path) {
  auto it = f.tensors.find(name);
  PHANTOM_REQUIRE(it != f.tensors.end(), path.string(), ": missing tensor '", name,
                  "' (an attack run file from another version? remove the run directory)");
  return it->second;
}

json read_json(const fs::path& path) {
  std::ifstream in(path);
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw UserError(detail::concat(path.string(), ": not valid JSON (", e.what(), ")"));
  }
}

json step_json(int64_t batch, const StepRecord& s) {
  json j = {{"batch", batch},
            {"step", s.step},
            {"loss", s.loss},
            {"target_confidence", s.target_confidence},
            {"grad_norm", s.grad_norm}};
  j["grad_cosine"] = std::isnan(s.grad_cosine) ? json(nullptr) : json(s.grad_cosine);
  j["discriminator_loss"] =
      std::isnan(s.discriminator_loss) ? json(nullptr) : json(s.discriminator_loss);
  return j;
}

StepRecord step_from_json(const json& j) {
  StepRecord s;
  s.step = j.at("step");
  s.loss = j.at("loss");
  s.target_confidence = j.at("target_confidence");
  s.grad_norm = j.at("grad_norm");
  s.grad_cosine = j.at("grad_cosine").is_null() ? std::nan("") : j.at("grad_cosine").get<double>();
  s.discriminator_loss = j.value("discriminator_loss", json()).is_null()
                             ? std::nan("")
                             : j.at("discriminator_loss").get<double>();
  return s;
}

// The manifest: created on the first run, checked on every later one.
class Manifest {
 public:
  Manifest(const fs::path& dir, const AttackConfig& config, const json& identity)
      : path_(dir / "manifest.json") {
    const json expected = {{"config", to_json(config)}, {"identity", identity}};
    if (fs::exists(path_)) {
      data_ = read_json(path_);
      const auto refuse = [&](const char* what) {
        throw UserError(detail::concat(
            path_.string(), ": this run directory holds an attack with a different ", what,
            "; use another output directory (or remove this one) to start afresh"));
      };
      // Read back through the parser, so a manifest written before a setting existed compares
      // with the value that setting had then.
      if (to_json(attack_config_from_json(data_.value("config", json()), path_.string())) !=
          expected["config"])
        refuse("config");
      if (identity_content(data_.value("identity", json())) != identity_content(identity))
        refuse("identity");
      if (data_["identity"] != identity) {  // the same files, moved: remember where they are now
        data_["identity"] = identity;
        save();
      }
    } else {
      data_ = expected;
      data_["stage_seconds"] = json::object();
      save();
    }
  }
  void add_seconds(const std::string& stage, double seconds) {
    data_["stage_seconds"][stage] = data_["stage_seconds"].value(stage, 0.0) + seconds;
    save();
  }

 private:
  void save() { write_file_atomically(path_.string(), data_.dump(2) + "\n"); }
  fs::path path_;
  json data_;
};

class Stopwatch {
 public:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

Candidates run_sampling(ImagePrior& prior, models::Classifier& target, const AttackConfig& config,
                        const fs::path& dir, Manifest& manifest, const StageProgress& progress) {
  const fs::path path = dir / "stage1.safetensors";
  Candidates c;
  if (fs::exists(path)) {
    SafetensorsFile f = read_safetensors(path.string());
    c.ws = require_tensor(f, "ws", path);
    c.classes = classes_from(require_tensor(f, "classes", path));
    c.scores = require_tensor(f, "scores", path).to_vector();
    return c;
  }
  Stopwatch watch;
  if (progress) progress("sampling", 0, config.sampling.num_samples);
  c = sample_candidates(prior, target, config, [&](int64_t done, int64_t total) {
    if (progress) progress("sampling", done, total);
  });
  write_safetensors(
      path.string(),
      {{"ws", c.ws},
       {"classes", classes_tensor(c.classes)},
       {"scores", Tensor::from_vector(c.scores, {int64_t(c.scores.size())}, DType::F64)}});
  manifest.add_seconds("sampling", watch.seconds());
  return c;
}

void run_optimisation(ImagePrior& prior, models::Classifier& target, const AttackConfig& config,
                      const fs::path& dir, Manifest& manifest, const StageProgress& progress,
                      AttackOutcome& out) {
  const fs::path final_path = dir / "stage2.safetensors";
  const int64_t n = out.candidates.ws.size(0), batch = config.optimization.batch;
  const int64_t batches = (n + batch - 1) / batch;
  fs::create_directories(dir / "stage2");
  if (progress) progress("optimisation", 0, n);
  std::vector<Tensor> parts;
  for (int64_t b = 0; b < batches; ++b) {
    char name[48];
    std::snprintf(name, sizeof name, "batch_%04lld.safetensors", static_cast<long long>(b));
    const fs::path path = dir / "stage2" / name;
    const int64_t begin = b * batch, end = std::min(n, begin + batch);
    if (fs::exists(path)) {
      SafetensorsFile f = read_safetensors(path.string());
      parts.push_back(require_tensor(f, "ws", path));
      std::vector<StepRecord> steps;
      for (const json& j : json::parse(f.metadata.at("steps"))) steps.push_back(step_from_json(j));
      out.batch_steps.push_back(std::move(steps));
    } else {
      Stopwatch watch;
      const std::vector<int64_t> classes(out.candidates.classes.begin() + begin,
                                         out.candidates.classes.begin() + end);
      Generator gen = optimization_generator(config.seed, b);
      OptimizedBatch r = optimize_batch(prior, target, slice(out.candidates.ws, 0, begin, end),
                                        classes, config, gen);
      json steps = json::array();
      for (const StepRecord& s : r.steps) steps.push_back(step_json(b, s));
      write_safetensors(path.string(), {{"ws", r.ws}, {"classes", classes_tensor(classes)}},
                        {{"steps", steps.dump()}});
      manifest.add_seconds("optimisation", watch.seconds());
      parts.push_back(r.ws);
      out.batch_steps.push_back(std::move(r.steps));
    }
    if (progress) progress("optimisation", end, n);
  }
  out.optimized_ws = concat(parts, 0);
  if (!fs::exists(final_path)) {
    write_safetensors(final_path.string(), {{"ws", out.optimized_ws},
                                            {"classes", classes_tensor(out.candidates.classes)}});
    write_file_atomically((dir / "stage2_steps.jsonl").string(),
                          step_records_jsonl(out.batch_steps));
  }
}

void run_selection(ImagePrior& prior, models::Classifier& target, const AttackConfig& config,
                   const fs::path& dir, Manifest& manifest, const StageProgress& progress,
                   AttackOutcome& out) {
  const fs::path path = dir / "stage3.safetensors";
  if (fs::exists(path)) {
    SafetensorsFile f = read_safetensors(path.string());
    out.selection_scores = require_tensor(f, "candidate_scores", path).to_vector();
    out.selected = classes_from(require_tensor(f, "selected", path));
    return;
  }
  Stopwatch watch;
  if (progress) progress("selection", 0, out.candidates.ws.size(0));
  out.selection_scores = selection_scores(prior, target, out.optimized_ws, out.candidates.classes,
                                          config, [&](int64_t done, int64_t total) {
                                            if (progress) progress("selection", done, total);
                                          });
  out.selected =
      keep_best_per_class(out.selection_scores, out.candidates.classes, config.selection.keep);
  std::vector<Tensor> rows;
  std::vector<int64_t> classes;
  for (int64_t i : out.selected) {
    rows.push_back(slice(out.optimized_ws, 0, i, i + 1));
    classes.push_back(out.candidates.classes[static_cast<size_t>(i)]);
  }
  write_safetensors(path.string(),
                    {{"ws", concat(rows, 0)},
                     {"classes", classes_tensor(classes)},
                     {"selected", classes_tensor(out.selected)},
                     {"candidate_scores",
                      Tensor::from_vector(out.selection_scores,
                                          {int64_t(out.selection_scores.size())}, DType::F64)}});
  manifest.add_seconds("selection", watch.seconds());
}

}  // namespace

std::string step_records_jsonl(const std::vector<std::vector<StepRecord>>& batch_steps) {
  std::string out;
  for (size_t b = 0; b < batch_steps.size(); ++b)
    for (const StepRecord& s : batch_steps[b])
      out += step_json(static_cast<int64_t>(b), s).dump() + "\n";
  return out;
}

json identity_content(const json& identity) {
  json content = identity;
  if (content.is_object())
    for (auto& [name, entry] : content.items())
      if (entry.is_object()) entry.erase("path");
  return content;
}

AttackOutcome run_attack(ImagePrior& prior, models::Classifier& target, const AttackConfig& config,
                         const fs::path& dir, const json& identity, const StageProgress& progress) {
  validate(config);
  fs::create_directories(dir);
  Manifest manifest(dir, config, identity);
  AttackOutcome out;
  out.candidates = run_sampling(prior, target, config, dir, manifest, progress);
  run_optimisation(prior, target, config, dir, manifest, progress, out);
  run_selection(prior, target, config, dir, manifest, progress, out);
  return out;
}

}  // namespace phantom::attacks
