// safetensors files (https://github.com/huggingface/safetensors): an 8-byte little-endian header
// length, a JSON header naming each tensor's dtype, shape and byte range, then the raw
// little-endian data. Weights move to and from PyTorch through this format.
//
// Reading accepts F32 and F64 as they are, converts F16 and BF16 to f32 exactly (every half value
// is a float), and converts I64 to f64: the I64 tensors we meet are labels, indices and BatchNorm
// `num_batches_tracked` counters, all far below 2^53, and an f64 tensor keeps the engine's two
// dtypes. An I64 value that f64 cannot hold exactly is rejected rather than rounded.
//
// Validation is strict: every problem with a file is a UserError with one line naming the file
// and the problem; nothing malformed reaches a Tensor.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "engine/core/tensor.h"

namespace phantom {

struct SafetensorsFile {
  std::map<std::string, Tensor> tensors;        // CPU tensors, ordered by name
  std::map<std::string, std::string> metadata;  // the header's "__metadata__" strings
};

// Headers larger than this are refused before any allocation (real ones are a few hundred KB).
inline constexpr uint64_t kMaxSafetensorsHeaderBytes = 100u << 20;

SafetensorsFile read_safetensors(const std::string& path);

// Parses a whole file held in memory; `what` names it in error messages (usually the path).
SafetensorsFile parse_safetensors(const uint8_t* data, size_t size, const std::string& what);

// Writes f32 tensors as F32 and f64 as F64, atomically (engine/io/atomic_file.h). The header lists
// tensors by name; the data section holds the F64 tensors first, then the F32 ones, each group in
// name order, back to back: that keeps every tensor aligned to its element size without padding,
// which the format does not allow between tensors. Tensors on another device are copied to the CPU.
void write_safetensors(const std::string& path, const std::map<std::string, Tensor>& tensors,
                       const std::map<std::string, std::string>& metadata = {});

}  // namespace phantom
