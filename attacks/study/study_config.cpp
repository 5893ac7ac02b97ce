#include "attacks/study/study_config.h"

#include <yaml-cpp/yaml.h>

#include "attacks/ppa/attack_config_json.h"
#include "engine/core/error.h"
#include "engine/io/sha256.h"

namespace phantom::attacks {

using nlohmann::json;

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ClassifierSpec, arch, width, epochs, batch_size,
                                                optimizer, lr, weight_decay, lr_schedule, augment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(StudyGanSpec, iterations, batch_size, z_dim, w_dim,
                                                channel_base, channel_max)

namespace {

void to_json(json& j, const StudyConfig& c) {
  j = {{"data", c.data},
       {"protocol", c.protocol},
       {"private_classes", c.private_classes},
       {"train_per_class", c.train_per_class},
       {"sweep_train_sizes", c.sweep_train_sizes},
       {"sweep_seeds", c.sweep_seeds},
       {"alphas", c.alphas},
       {"warm_up", c.warm_up},
       {"target", c.target},
       {"evaluation", c.evaluation},
       {"generator", c.generator},
       {"gan", c.gan},
       {"attack", to_json(c.attack)},
       {"knowledge_epochs", c.knowledge_epochs},
       {"bootstrap_resamples", c.bootstrap_resamples},
       {"seed", c.seed}};
}

template <class T>
void read_field(const json& j, const char* key, T& field) {
  if (j.contains(key)) field = j.at(key).get<T>();
}

// Scalars: YAML has no types, so try integer, then float, then bool, else keep the string.
json yaml_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Sequence: {
      json a = json::array();
      for (const auto& item : node) a.push_back(yaml_to_json(item));
      return a;
    }
    case YAML::NodeType::Map: {
      json o = json::object();
      for (const auto& kv : node) o[kv.first.as<std::string>()] = yaml_to_json(kv.second);
      return o;
    }
    case YAML::NodeType::Scalar: {
      if (node.Tag() == "!") return node.as<std::string>();  // quoted: a string
      int64_t i;
      double d;
      bool b;
      if (YAML::convert<int64_t>::decode(node, i)) return i;
      if (YAML::convert<double>::decode(node, d)) return d;
      if (YAML::convert<bool>::decode(node, b)) return b;
      return node.as<std::string>();
    }
  }
  return nullptr;
}

}  // namespace

AttackConfig default_study_attack() {
  AttackConfig a;
  a.sampling.num_samples = 1000;
  a.sampling.candidates = 20;
  a.optimization.steps = 40;
  // The reference lr 0.005 suits 512-dimensional w at 1024²; with the 64-dimensional w of the
  // 32×32 generator it moved stage-1 top-1 accuracy from 0.43 only to 0.53, lr 0.05 to 0.72
  // (docs/study.md).
  a.optimization.lr = 0.05;
  a.optimization.batch = 20;
  a.selection.rounds = 20;
  a.selection.keep = 10;
  return a;
}

json to_json(const StudyConfig& c) {
  json j;
  to_json(j, c);
  return j;
}

StudyConfig study_config_from_json(const json& j, const std::string& what) {
  static const char* kKeys[] = {
      "data",        "protocol", "private_classes", "train_per_class",  "sweep_train_sizes",
      "sweep_seeds", "alphas",   "warm_up",         "target",           "evaluation",
      "generator",   "gan",      "attack",          "knowledge_epochs", "bootstrap_resamples",
      "seed"};
  PHANTOM_REQUIRE(j.is_object(), what, ": expected a mapping of study settings");
  for (const auto& [key, value] : j.items()) {
    bool known = false;
    for (const char* k : kKeys) known = known || key == k;
    PHANTOM_REQUIRE(known, what, ": unknown setting '", key, "'");
  }
  StudyConfig c;
  try {
    read_field(j, "data", c.data);
    read_field(j, "protocol", c.protocol);
    read_field(j, "private_classes", c.private_classes);
    read_field(j, "train_per_class", c.train_per_class);
    read_field(j, "sweep_train_sizes", c.sweep_train_sizes);
    read_field(j, "sweep_seeds", c.sweep_seeds);
    read_field(j, "alphas", c.alphas);
    read_field(j, "warm_up", c.warm_up);
    // Nested settings patch the defaults (the evaluation model's default is not ClassifierSpec's).
    for (auto [key, spec] :
         {std::pair{"target", &c.target}, std::pair{"evaluation", &c.evaluation}})
      if (j.contains(key)) {
        json merged = *spec;
        merged.merge_patch(j.at(key));
        *spec = merged.get<ClassifierSpec>();
      }
    read_field(j, "generator", c.generator);
    if (j.contains("gan")) {
      json merged = c.gan;
      merged.merge_patch(j.at("gan"));
      c.gan = merged.get<StudyGanSpec>();
    }
    if (j.contains("attack")) {
      json merged = to_json(c.attack);
      merged.merge_patch(j.at("attack"));
      c.attack = attack_config_from_json(merged, what + ": attack");
    }
    read_field(j, "knowledge_epochs", c.knowledge_epochs);
    read_field(j, "bootstrap_resamples", c.bootstrap_resamples);
    read_field(j, "seed", c.seed);
  } catch (const json::exception& e) {
    throw UserError(detail::concat(what, ": a setting has the wrong type (", e.what(), ")"));
  }
  return c;
}

json read_yaml_or_json(const std::string& path) {
  try {
    return yaml_to_json(YAML::LoadFile(path));
  } catch (const YAML::BadFile&) {
    throw UserError(detail::concat(path, ": cannot read the configuration file"));
  } catch (const YAML::Exception& e) {
    throw UserError(
        detail::concat(path, ": not valid YAML (line ", e.mark.line + 1, ": ", e.msg, ")"));
  }
}

void validate(const StudyConfig& c) {
  PHANTOM_REQUIRE(c.protocol == "class-split" || c.protocol == "sample-split",
                  "study: protocol must be class-split or sample-split, found '", c.protocol, "'");
  PHANTOM_REQUIRE(!c.private_classes.empty(), "study: private_classes is empty");
  PHANTOM_REQUIRE(!c.alphas.empty(), "study: alphas is empty");
  for (double a : c.alphas) PHANTOM_REQUIRE(a <= 1.0, "study: every alpha must be <= 1, found ", a);
  PHANTOM_REQUIRE(c.warm_up == "smooth" || c.warm_up == "reference",
                  "study: warm_up must be smooth or reference, found '", c.warm_up, "'");
  PHANTOM_REQUIRE(!c.sweep_seeds.empty(), "study: sweep_seeds is empty");
  for (size_t i = 0; i < c.sweep_seeds.size(); ++i)
    for (size_t k = 0; k < i; ++k)
      PHANTOM_REQUIRE(c.sweep_seeds[i] != c.sweep_seeds[k], "study: seed ", c.sweep_seeds[i],
                      " appears twice in sweep_seeds");
  PHANTOM_REQUIRE(c.train_per_class >= 0, "study: train_per_class must be >= 0 (0: all), found ",
                  c.train_per_class);
  for (const ClassifierSpec* s : {&c.target, &c.evaluation})
    PHANTOM_REQUIRE(s->epochs >= 1 && s->width >= 1 && s->batch_size >= 1, "study: classifier '",
                    s->arch, "' needs epochs, width and batch_size >= 1");
  PHANTOM_REQUIRE(c.knowledge_epochs >= 1, "study: knowledge_epochs must be >= 1");
  const StudyGanSpec& g = c.gan;
  PHANTOM_REQUIRE(g.iterations >= 1 && g.batch_size >= 1 && g.z_dim >= 1 && g.w_dim >= 1 &&
                      g.channel_base >= 1 && g.channel_max >= 1,
                  "study: gan needs iterations, batch_size, z_dim, w_dim, channel_base and "
                  "channel_max >= 1");
  AttackConfig a = c.attack;
  a.target_classes = c.private_classes;
  validate(a);
}

std::string config_hash(const json& value) {
  return io::sha256_hex(value.dump()).substr(0, 12);
}

}  // namespace phantom::attacks
