// Fashion-MNIST (Xiao et al. 2017) from Debian's dataset-fashion-mnist package: 60000 training
// and 10000 test images, 28x28 gray, 10 classes. The built-in default dataset.
#pragma once
#include <string>

#include "engine/data/dataset.h"

namespace phantom::data {

inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

// Loads the train or test split from `dir` (the Debian package's folder by default). Throws a
// UserError that says to install dataset-fashion-mnist when the files are missing.
Dataset load_fashion_mnist(Split split, const std::string& dir = kFashionMnistDir);

// The ten class names in label order.
const std::vector<std::string>& fashion_mnist_classes();

}  // namespace phantom::data
