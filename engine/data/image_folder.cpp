#include "engine/data/image_folder.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>

#include "engine/io/image.h"
#include "engine/ops/resample.h"

namespace phantom::data {

namespace fs = std::filesystem;

namespace {

bool is_image_file(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp";
}

std::vector<fs::path> sorted_entries(const fs::path& dir, bool want_dirs) {
  std::vector<fs::path> out;
  for (const fs::directory_entry& e : fs::directory_iterator(dir))
    if (want_dirs ? e.is_directory() : (e.is_regular_file() && is_image_file(e.path())))
      out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// One file as [C, H, W], converted and resized as the options ask.
Tensor load_one(const fs::path& file, const ImageFolderOptions& o) {
  Tensor chw = io::read_image(file.string(), o.channels);
  if (o.height <= 0) return chw;
  const Shape& s = chw.shape();
  Tensor nchw = chw.view_as_shape({1, s[0], s[1], s[2]});
  return resize_bilinear(nchw, o.height, o.width, o.antialias)
      .view_as_shape({s[0], o.height, o.width});
}

}  // namespace

Dataset load_image_folder(const std::string& root, const ImageFolderOptions& o) {
  PHANTOM_REQUIRE(fs::is_directory(root), root, ": image folder does not exist or is not a folder");
  PHANTOM_REQUIRE(o.channels == 0 || o.channels == 1 || o.channels == 3, root,
                  ": channels must be 0 (keep), 1 or 3, found ", o.channels);
  PHANTOM_REQUIRE((o.height > 0) == (o.width > 0), root,
                  ": resize needs both height and width, found ", o.height, "x", o.width);

  Dataset ds;
  ds.source = root;
  std::vector<fs::path> files;
  for (const fs::path& class_dir : sorted_entries(root, true)) {
    std::vector<fs::path> images = sorted_entries(class_dir, false);
    PHANTOM_REQUIRE(!images.empty(), class_dir.string(),
                    ": class folder has no .png, .jpg or .bmp images");
    for (fs::path& f : images) {
      files.push_back(std::move(f));
      ds.labels.push_back(ds.num_classes());
    }
    ds.class_names.push_back(class_dir.filename().string());
  }
  PHANTOM_REQUIRE(!files.empty(), root,
                  ": image folder has no class sub-folders (expected root/<class>/<image>)");

  // The first image fixes C, H, W; every other one must agree.
  Tensor first = load_one(files[0], o);
  const Shape shape = first.shape();
  const int64_t per_image = numel(shape);
  ds.images = Tensor::empty({static_cast<int64_t>(files.size()), shape[0], shape[1], shape[2]});
  float* dst = ds.images.data<float>();
  for (size_t i = 0; i < files.size(); ++i) {
    Tensor img = i == 0 ? first : load_one(files[i], o);
    PHANTOM_REQUIRE(img.size(0) == shape[0], files[i].string(), ": has ", img.size(0),
                    " channels but ", files[0].string(), " has ", shape[0],
                    " (force a channel count to mix gray and colour)");
    PHANTOM_REQUIRE(img.shape() == shape, files[i].string(), ": is ", img.size(1), "x", img.size(2),
                    " but ", files[0].string(), " is ", shape[1], "x", shape[2],
                    " (resize on load to mix sizes)");
    std::memcpy(dst + static_cast<int64_t>(i) * per_image, img.data<float>(),
                sizeof(float) * per_image);
  }
  return ds;
}

}  // namespace phantom::data
