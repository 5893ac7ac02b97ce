// --modconv for the subcommands that run a StyleGAN2 generator (generate, attack): its modulated
// convolutions unfused (the default: the same function as the official fused eval path, faster on
// the CPU) or fused.
#pragma once
#include <CLI/CLI.hpp>
#include <string>

#include "engine/core/error.h"

namespace phantom::cli {

inline void add_modconv_option(CLI::App* sub, std::string& text) {
  sub->add_option("--modconv", text,
                  "The generator's modulated convolutions: unfused, or fused (the official eval "
                  "path; the same function, slower on the CPU)")
      ->capture_default_str();
}

// True for "fused"; anything but fused or unfused is one error line.
inline bool parse_fused_modconv(const std::string& text) {
  PHANTOM_REQUIRE(text == "fused" || text == "unfused",
                  "--modconv: expected fused or unfused, found '", text, "'");
  return text == "fused";
}

}  // namespace phantom::cli
