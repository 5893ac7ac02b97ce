// IDX files (the MNIST format: a 4-byte magic 0x00 0x00 <type> <rank>, big-endian u32 dimensions,
// then the elements), plain or gzip-compressed. Only unsigned bytes (type 0x08) are supported,
// which is what MNIST-style datasets use.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/data/dataset.h"

namespace phantom::data {

struct IdxArray {
  std::vector<int64_t> dims;
  std::vector<uint8_t> values;  // row-major, product(dims) bytes
};

// Reads a whole IDX file (gzip detected by its content, not its name). Throws UserError naming the
// file for a missing or unreadable file, a bad magic, an unsupported type, or a size that does not
// match the header.
IdxArray read_idx(const std::string& path);

// An image file [N, H, W] (or [N, H, W, C]) and a label file [N] as a Dataset scaled to [0, 1].
// `class_names` may be empty: the classes are then "0".."max label".
Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path,
                         std::vector<std::string> class_names = {});

// A folder in MNIST's naming: {train,t10k}-images-idx3-ubyte and {train,t10k}-labels-idx1-ubyte,
// each gzip-compressed (.gz) or plain. Throws UserError naming the folder and the missing file.
Dataset load_idx_folder(const std::string& dir, Split split,
                        std::vector<std::string> class_names = {});

}  // namespace phantom::data
