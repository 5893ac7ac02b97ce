// --device for the subcommands that compute: cpu, cuda or cuda:N; the default ("auto") is cuda:0
// when a CUDA device is present, else the CPU.
#pragma once
#include <CLI/CLI.hpp>
#include <string>

#include "engine/core/device.h"
#include "engine/core/error.h"
#include "kernels/cuda/runtime.h"

namespace phantom::cli {

inline void add_device_option(CLI::App* sub, std::string& text) {
  sub->add_option("--device", text, "cpu, cuda or cuda:N (auto: cuda when a device is present)")
      ->capture_default_str();
}

inline Device resolve_device(const std::string& text) {
  std::string why;
  const int devices = kernels::cuda::device_count(&why);
  if (text == "auto") return devices > 0 ? Device::cuda(0) : Device::cpu();
  Device d = parse_device(text, "--device");
  PHANTOM_REQUIRE(d.is_cpu() || d.index < devices, "--device ", text,
                  ": no such CUDA device (found ", devices,
                  devices == 0 ? ": " + why : std::string(), ")");
  return d;
}

}  // namespace phantom::cli
