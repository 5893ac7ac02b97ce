#include "tools/cli/private_data.h"

#include <cstdio>

#include "engine/data/splits.h"

namespace phantom::cli {

void add_private_data_options(CLI::App& sub, PrivateDataOptions& o) {
  sub.add_option("--private-data", o.data, "The target's training data (phantom train --data)")
      ->capture_default_str();
  sub.add_option("--private-classes", o.classes,
                 "The target's training classes (phantom train --classes; empty: all)")
      ->delimiter(',');
  sub.add_option("--private-per-class", o.per_class, "The target's --per-class (0 = all)")
      ->capture_default_str();
  sub.add_option("--private-seed", o.seed,
                 "The target's training --seed (selects its --per-class images)")
      ->capture_default_str();
}

attacks::PrivateData load_private_data(const PrivateDataOptions& o, int64_t image_size) {
  attacks::PrivateData priv;
  for (data::Split split : {data::Split::Train, data::Split::Test}) {
    data::Dataset ds = data::load_dataset(o.data, split);
    if (!o.classes.empty()) ds = data::select_classes(ds, o.classes, /*relabel=*/true);
    if (o.per_class > 0 && split == data::Split::Train)
      ds = data::limit_per_class(ds, o.per_class, o.seed);
    (split == data::Split::Train ? priv.train : priv.test) =
        attacks::padded_to(std::move(ds), image_size);
  }
  return priv;
}

void print_metrics_summary(const nlohmann::json& s) {
  std::printf("%-30s %10s %22s\n", "metric", "value", "95% interval (classes)");
  for (const auto& [name, v] : s.items()) {
    if (!v.is_object() || !v.contains("overall")) continue;
    std::printf("%-30s %10.4f   [%8.4f, %8.4f]\n", name.c_str(), v["overall"].get<double>(),
                v["ci_lower"].get<double>(), v["ci_upper"].get<double>());
  }
  std::printf("%-30s %10.4f\n", "domain FID", s.at("fid").get<double>());
  for (const auto& [stage, acc] : s.at("stagewise_top1").items())
    std::printf("%-30s %10.4f\n", ("top-1 after " + stage).c_str(), acc.get<double>());
  if (s.contains("knowledge_extraction"))
    std::printf("%-30s %10.4f (train %.4f)\n", "knowledge extraction (test)",
                s["knowledge_extraction"]["test_accuracy"].get<double>(),
                s["knowledge_extraction"]["train_accuracy"].get<double>());
}

}  // namespace phantom::cli
