// Reading the official StyleGAN2-ADA constructor arguments (`generator_kwargs`,
// `discriminator_kwargs`) from JSON: typed reads with errors naming the key, and no silent
// acceptance of keys phantom does not know.
#pragma once
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/error.h"

namespace phantom::models::stylegan2 {

// Reads the fields of one JSON object, rejecting keys nobody asked for (a typo or an option
// phantom does not implement must not be silently ignored).
class KwargsFields {
 public:
  using json = nlohmann::json;

  KwargsFields(const json& object, std::string where) : object_(object), where_(std::move(where)) {
    PHANTOM_REQUIRE(object.is_object(), where_, ": expected a JSON object, found ", object.dump());
  }
  const json* find(const std::string& key) {
    seen_.push_back(key);
    auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }
  void read(const std::string& key, int64_t& out) {
    if (const json* v = find(key)) {
      PHANTOM_REQUIRE(v->is_number_integer(), where_, ".", key, ": expected an integer, found ",
                      v->dump());
      out = v->get<int64_t>();
    }
  }
  void read(const std::string& key, double& out) {
    if (const json* v = find(key)) {
      PHANTOM_REQUIRE(v->is_number(), where_, ".", key, ": expected a number, found ", v->dump());
      out = v->get<double>();
    }
  }
  void read(const std::string& key, bool& out) {
    if (const json* v = find(key)) {
      PHANTOM_REQUIRE(v->is_boolean(), where_, ".", key, ": expected true or false, found ",
                      v->dump());
      out = v->get<bool>();
    }
  }
  template <class T>
  void read(const std::string& key, std::optional<T>& out) {  // null = unset
    auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) {
      seen_.push_back(key);
      return;
    }
    T value{};
    read(key, value);
    out = value;
  }
  // A key phantom supports only at its official default value.
  void require_default(const std::string& key, const json& official, const std::string& why) {
    if (const json* v = find(key))
      PHANTOM_REQUIRE(*v == official, where_, ".", key, " = ", v->dump(),
                      ": phantom supports only ", official.dump(), " (", why, ")");
  }
  void ignore(const std::string& key) { seen_.push_back(key); }
  void reject_unknown() const {
    for (const auto& [key, value] : object_.items())
      PHANTOM_REQUIRE(std::find(seen_.begin(), seen_.end(), key) != seen_.end(), where_,
                      ": unknown key '", key, "'");
  }

 private:
  const json& object_;
  std::string where_;
  std::vector<std::string> seen_;
};

// The constructor arguments stored under `key` in a weights file's metadata; a UserError naming
// `path` when they are missing (`network`: "generator" or "discriminator").
inline const std::string& kwargs_metadata(const std::map<std::string, std::string>& metadata,
                                          const std::string& path, const std::string& key,
                                          const char* network) {
  auto it = metadata.find(key);
  PHANTOM_REQUIRE(it != metadata.end(), path, ": no '", key, "' metadata; not a StyleGAN2 ",
                  network, " weights file");
  return it->second;
}

}  // namespace phantom::models::stylegan2
