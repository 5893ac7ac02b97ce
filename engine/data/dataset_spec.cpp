#include "engine/data/dataset_spec.h"

#include <filesystem>

#include "engine/data/fashion_mnist.h"
#include "engine/data/idx.h"
#include "engine/data/splits.h"

namespace phantom::data {

namespace {

Dataset load_folder_split(const std::string& root, Split split, const ImageFolderOptions& options) {
  namespace fs = std::filesystem;
  const fs::path train = fs::path(root) / "train", test = fs::path(root) / "test";
  if (fs::is_directory(train) && fs::is_directory(test))
    return load_image_folder((split == Split::Train ? train : test).string(), options);
  PHANTOM_REQUIRE(split == Split::Train, root,
                  ": has no train/ and test/ sub-folders, so there is no test split (cut one from "
                  "the training data)");
  return load_image_folder(root, options);
}

}  // namespace

Dataset load_dataset(const std::string& spec, Split split, const ImageFolderOptions& folder) {
  const size_t colon = spec.find(':');
  const std::string kind = spec.substr(0, colon);
  const std::string arg = colon == std::string::npos ? "" : spec.substr(colon + 1);
  if (kind == "fashion-mnist")
    return load_fashion_mnist(split, arg.empty() ? kFashionMnistDir : arg);
  PHANTOM_REQUIRE(!arg.empty() && (kind == "idx" || kind == "folder"), "dataset '", spec,
                  "' is not one of fashion-mnist, fashion-mnist:<dir>, idx:<dir>, folder:<root>");
  if (kind == "idx") return load_idx_folder(arg, split);
  return load_folder_split(arg, split, folder);
}

Dataset load_dataset_subset(const std::string& spec, Split split,
                            const std::vector<int64_t>& classes, int64_t per_class, uint64_t seed) {
  Dataset ds = load_dataset(spec, split);
  if (!classes.empty()) ds = select_classes(ds, classes, /*relabel=*/true);
  if (per_class > 0 && split == Split::Train) ds = limit_per_class(ds, per_class, seed);
  return ds;
}

}  // namespace phantom::data
