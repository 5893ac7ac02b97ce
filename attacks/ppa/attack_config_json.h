// The attack configuration as JSON: written to the run's manifest, read back on resume (a resumed
// run must have the same configuration) and by the study's configuration file.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "attacks/ppa/attack_config.h"

namespace phantom::attacks {

nlohmann::json to_json(const AttackConfig& c);
// Fields missing from `j` keep their defaults; a mistyped field is a UserError naming `what`.
AttackConfig attack_config_from_json(const nlohmann::json& j, const std::string& what);
// Range checks, one UserError each (which setting, expected, found).
void validate(const AttackConfig& c);

}  // namespace phantom::attacks
