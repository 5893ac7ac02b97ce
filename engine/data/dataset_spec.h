// Datasets named by one string, as `phantom train --data` takes them:
//   fashion-mnist           Debian's dataset-fashion-mnist (the default)
//   fashion-mnist:<dir>     the same files in another folder
//   idx:<dir>               any MNIST-style IDX folder
//   ({train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]) folder:<root>           an image folder;
//   root/train and root/test if both exist, else root
//                           itself as the training split (cut a test split with splits.h)
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/data/dataset.h"
#include "engine/data/image_folder.h"

namespace phantom::data {

inline constexpr const char* kDefaultDataset = "fashion-mnist";

Dataset load_dataset(const std::string& spec, Split split, const ImageFolderOptions& folder = {});

// load_dataset, then only `classes` (relabelled 0..k-1; all when empty) and, for the training
// split, at most `per_class` images per class chosen with `seed` (0: all). What `phantom train`
// and `phantom train-gan` train on.
Dataset load_dataset_subset(const std::string& spec, Split split,
                            const std::vector<int64_t>& classes, int64_t per_class, uint64_t seed);

}  // namespace phantom::data
