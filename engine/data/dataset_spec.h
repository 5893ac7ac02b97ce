// Datasets named by one string, as `phantom train --data` takes them:
//   fashion-mnist           Debian's dataset-fashion-mnist (the default)
//   fashion-mnist:<dir>     the same files in another folder
//   idx:<dir>               any MNIST-style IDX folder
//   ({train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]) folder:<root>           an image folder;
//   root/train and root/test if both exist, else root
//                           itself as the training split (cut a test split with splits.h)
#pragma once
#include <string>

#include "engine/data/dataset.h"
#include "engine/data/image_folder.h"

namespace phantom::data {

inline constexpr const char* kDefaultDataset = "fashion-mnist";

Dataset load_dataset(const std::string& spec, Split split, const ImageFolderOptions& folder = {});

}  // namespace phantom::data
