// libFuzzer target for the safetensors parser. Bad input must end in a UserError; anything else
// (a sanitizer report, an InternalError, another exception, a hang) is a bug and crashes the run.
//   ./build-fuzz/tests/fuzz/fuzz_safetensors -dict=tests/fuzz/safetensors.dict tests/fuzz/corpus
#include <cstddef>
#include <cstdint>

#include "engine/core/error.h"
#include "engine/io/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    phantom::SafetensorsFile file = phantom::parse_safetensors(data, size, "fuzz input");
    // Reads every element back, so a tensor whose storage is smaller than its shape claims
    // shows up under ASan.
    for (const auto& [name, tensor] : file.tensors) {
      volatile size_t count = tensor.to_vector().size();
      (void)count;
    }
  } catch (const phantom::UserError&) {
    // Expected for malformed input.
  }
  return 0;
}
