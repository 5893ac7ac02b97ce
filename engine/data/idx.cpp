#include "engine/data/idx.h"

#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <memory>

namespace phantom::data {

namespace {

constexpr uint8_t kTypeU8 = 0x08;
constexpr int64_t kMaxElements = int64_t{1} << 36;  // far above any real dataset, below overflow

// gzread reads gzip and plain files alike, so one reader serves both.
struct GzFile {
  gzFile file;
  explicit GzFile(const std::string& path) : file(gzopen(path.c_str(), "rb")) {}
  ~GzFile() {
    if (file) gzclose(file);
  }
  GzFile(const GzFile&) = delete;
  GzFile& operator=(const GzFile&) = delete;

  // Reads up to `count` bytes; returns how many were read, or throws on a decompression error.
  size_t read(const std::string& path, void* dst, size_t count) {
    size_t done = 0;
    while (done < count) {
      const unsigned chunk = static_cast<unsigned>(std::min<size_t>(count - done, 1u << 30));
      const int got = gzread(file, static_cast<char*>(dst) + done, chunk);
      if (got < 0) {
        int code = 0;
        const char* why = gzerror(file, &code);
        throw UserError(detail::concat(path, ": not a readable IDX file (", why, ")"));
      }
      if (got == 0) break;
      done += static_cast<size_t>(got);
    }
    return done;
  }
};

}  // namespace

IdxArray read_idx(const std::string& path) {
  GzFile in(path);
  PHANTOM_REQUIRE(in.file != nullptr, path, ": cannot open IDX file");
  uint8_t magic[4];
  PHANTOM_REQUIRE(in.read(path, magic, 4) == 4, path,
                  ": IDX file is shorter than its 4-byte magic");
  PHANTOM_REQUIRE(magic[0] == 0 && magic[1] == 0, path,
                  ": not an IDX file (magic must start with two zero bytes, found 0x", std::hex,
                  int(magic[0]), " 0x", int(magic[1]), ")");
  PHANTOM_REQUIRE(magic[2] == kTypeU8, path, ": IDX element type 0x", std::hex, int(magic[2]),
                  " is not supported (expected 0x08, unsigned byte)");
  const int rank = magic[3];
  PHANTOM_REQUIRE(rank >= 1 && rank <= 4, path, ": IDX rank must be 1 to 4, found ", rank);

  IdxArray out;
  int64_t count = 1;
  for (int d = 0; d < rank; ++d) {
    uint8_t be[4];
    PHANTOM_REQUIRE(in.read(path, be, 4) == 4, path, ": IDX header ends inside dimension ", d);
    const int64_t dim =
        (int64_t{be[0]} << 24) | (int64_t{be[1]} << 16) | (int64_t{be[2]} << 8) | be[3];
    PHANTOM_REQUIRE(dim > 0, path, ": IDX dimension ", d, " is zero");
    count *= dim;
    PHANTOM_REQUIRE(count <= kMaxElements, path, ": IDX header claims more than 2^36 elements");
    out.dims.push_back(dim);
  }
  // Grow in bounded chunks so a corrupt header over a short file fails without a huge allocation.
  constexpr size_t kChunk = size_t{64} << 20;
  const size_t expected = static_cast<size_t>(count);
  while (out.values.size() < expected) {
    const size_t before = out.values.size();
    const size_t want = std::min(kChunk, expected - before);
    out.values.resize(before + want);
    const size_t got = in.read(path, out.values.data() + before, want);
    PHANTOM_REQUIRE(got == want, path, ": IDX data is truncated (header says ", expected,
                    " bytes, found ", before + got, ")");
  }
  uint8_t extra;
  PHANTOM_REQUIRE(in.read(path, &extra, 1) == 0, path, ": IDX file has bytes after the ", expected,
                  " the header declares");
  return out;
}

Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path,
                         std::vector<std::string> class_names) {
  IdxArray images = read_idx(images_path);
  IdxArray labels = read_idx(labels_path);
  PHANTOM_REQUIRE(images.dims.size() == 3 || images.dims.size() == 4, images_path,
                  ": IDX images must be [N, H, W] or [N, H, W, C], found rank ",
                  images.dims.size());
  PHANTOM_REQUIRE(labels.dims.size() == 1, labels_path, ": IDX labels must be [N], found rank ",
                  labels.dims.size());
  const int64_t n = images.dims[0], h = images.dims[1], w = images.dims[2];
  const int64_t c = images.dims.size() == 4 ? images.dims[3] : 1;
  PHANTOM_REQUIRE(labels.dims[0] == n, labels_path, ": ", labels.dims[0], " labels for ", n,
                  " images in ", images_path);

  Dataset ds;
  ds.source = images_path;
  ds.images = Tensor::empty({n, c, h, w});
  float* dst = ds.images.data<float>();
  const uint8_t* src = images.values.data();
  // IDX stores channels last; the dataset is NCHW.
  for (int64_t i = 0; i < n; ++i)
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t p = 0; p < h * w; ++p)
        dst[(i * c + ch) * h * w + p] = static_cast<float>(src[(i * h * w + p) * c + ch]) / 255.0f;

  ds.labels.assign(labels.values.begin(), labels.values.end());
  const int64_t max_label = *std::max_element(ds.labels.begin(), ds.labels.end());
  if (class_names.empty())
    for (int64_t k = 0; k <= max_label; ++k) class_names.push_back(std::to_string(k));
  PHANTOM_REQUIRE(max_label < static_cast<int64_t>(class_names.size()), labels_path, ": label ",
                  max_label, " is outside the ", class_names.size(), " classes");
  ds.class_names = std::move(class_names);
  return ds;
}

Dataset load_idx_folder(const std::string& dir, Split split, std::vector<std::string> class_names) {
  namespace fs = std::filesystem;
  const std::string prefix = split == Split::Train ? "train" : "t10k";
  auto find = [&](const std::string& stem) {
    for (const char* suffix : {".gz", ""})
      if (fs::path p = fs::path(dir) / (stem + suffix); fs::exists(p)) return p.string();
    throw UserError(detail::concat(dir, ": no ", stem, ".gz or ", stem,
                                   " (expected an MNIST-style IDX folder)"));
  };
  const std::string images = find(prefix + "-images-idx3-ubyte");
  const std::string labels = find(prefix + "-labels-idx1-ubyte");
  return load_idx_dataset(images, labels, std::move(class_names));
}

}  // namespace phantom::data
