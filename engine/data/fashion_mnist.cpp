#include "engine/data/fashion_mnist.h"

#include <filesystem>

#include "engine/data/idx.h"

namespace phantom::data {

const std::vector<std::string>& fashion_mnist_classes() {
  static const std::vector<std::string> names = {"T-shirt/top", "Trouser",   "Pullover", "Dress",
                                                 "Coat",        "Sandal",    "Shirt",    "Sneaker",
                                                 "Bag",         "Ankle boot"};
  return names;
}

Dataset load_fashion_mnist(Split split, const std::string& dir) {
  PHANTOM_REQUIRE(std::filesystem::is_directory(dir), "Fashion-MNIST not found in ", dir,
                  " (install the Debian package dataset-fashion-mnist)");
  Dataset ds = load_idx_folder(dir, split, fashion_mnist_classes());
  ds.source = split == Split::Train ? "fashion-mnist:train" : "fashion-mnist:test";
  return ds;
}

}  // namespace phantom::data
