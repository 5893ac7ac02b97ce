// A labelled image dataset held in memory: one f32 tensor [N, C, H, W] with values in [0, 1], one
// class index per image, and the class names. Every loader (IDX, image folders) produces this, and
// every split, subset and batch is built from it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/tensor.h"

namespace phantom::data {

// The two halves a dataset ships as (MNIST's train/t10k, an image folder's train/ and test/).
enum class Split { Train, Test };

struct Dataset {
  Tensor images;                         // f32 [N, C, H, W] in [0, 1], on the CPU
  std::vector<int64_t> labels;           // N class indices in [0, class_names.size())
  std::vector<std::string> class_names;  // index -> name
  std::string source;                    // where it came from, for messages and manifests

  int64_t size() const { return static_cast<int64_t>(labels.size()); }
  int64_t num_classes() const { return static_cast<int64_t>(class_names.size()); }
  int64_t channels() const { return images.size(1); }
  int64_t height() const { return images.size(2); }
  int64_t width() const { return images.size(3); }

  // The images at `indices` (in that order, repeats allowed) with their labels; same classes.
  Dataset subset(const std::vector<int64_t>& indices) const;
  // For each class, the indices of its images in ascending order.
  std::vector<std::vector<int64_t>> indices_by_class() const;
  // Throws UserError naming `source` if the shapes, dtype or labels are inconsistent.
  void validate() const;
};

}  // namespace phantom::data
