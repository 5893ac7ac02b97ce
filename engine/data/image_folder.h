// Image folders: root/<class>/<image>.png|jpg|jpeg|bmp, one sub-folder per class. Classes are the
// sub-folder names sorted byte-wise (label = position), images are sorted by file name, and other
// files are ignored. Lets users bring CelebA, FaceScrub or their own data.
#pragma once
#include <cstdint>
#include <string>

#include "engine/data/dataset.h"

namespace phantom::data {

struct ImageFolderOptions {
  int channels = 0;    // 0: keep the files' (all must agree); 1 or 3: convert every image
  int64_t height = 0;  // > 0 together with width: resize every image on load
  int64_t width = 0;
  bool antialias = true;  // when resizing down
};

// Throws UserError naming the folder or file for: a missing or empty root, a class folder without
// images, an unreadable image, mixed channel counts (unless `channels` is forced) and, without a
// resize, mixed sizes.
Dataset load_image_folder(const std::string& root, const ImageFolderOptions& options = {});

}  // namespace phantom::data
