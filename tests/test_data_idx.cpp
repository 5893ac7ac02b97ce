// IDX files: hand-built plain and gzip files parse to the expected NCHW values; malformed ones fail
// with one line naming the file; the real Fashion-MNIST loads with its known sizes when installed.
#include <doctest/doctest.h>
#include <zlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/data/dataset_spec.h"
#include "engine/data/fashion_mnist.h"
#include "engine/data/idx.h"
#include "tests/temp_dir.h"

using namespace phantom;
using namespace phantom::data;

namespace {

using Bytes = std::vector<uint8_t>;

// An IDX u8 file: magic 0 0 8 rank, big-endian dims, then the values.
Bytes idx_bytes(const std::vector<uint32_t>& dims, const Bytes& values) {
  Bytes out = {0, 0, 0x08, static_cast<uint8_t>(dims.size())};
  for (uint32_t d : dims)
    for (int shift : {24, 16, 8, 0}) out.push_back(static_cast<uint8_t>(d >> shift));
  out.insert(out.end(), values.begin(), values.end());
  return out;
}

void write_plain(const std::string& path, const Bytes& bytes) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

void write_gzip(const std::string& path, const Bytes& bytes) {
  gzFile f = gzopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  REQUIRE(gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())) == int(bytes.size()));
  gzclose(f);
}

Bytes iota_bytes(size_t n, uint8_t step) {
  Bytes v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(i * step);
  return v;
}

void check_idx_dataset(const Dataset& ds, const Bytes& pixels) {
  REQUIRE(ds.images.shape() == Shape{2, 1, 3, 4});
  std::vector<float> got = ds.images.to_floats();
  for (size_t i = 0; i < pixels.size(); ++i) CHECK(got[i] == doctest::Approx(pixels[i] / 255.0));
  CHECK(ds.labels == std::vector<int64_t>{2, 0});
  CHECK(ds.class_names == std::vector<std::string>{"0", "1", "2"});
}

}  // namespace

TEST_CASE("IDX images and labels parse from plain and gzip files") {
  TempDir dir("data_idx");
  const Bytes pixels = iota_bytes(2 * 3 * 4, 11);
  const Bytes images = idx_bytes({2, 3, 4}, pixels), labels = idx_bytes({2}, {2, 0});
  write_plain(dir.file("img"), images);
  write_plain(dir.file("lab"), labels);
  write_gzip(dir.file("img.gz"), images);
  write_gzip(dir.file("lab.gz"), labels);

  IdxArray raw = read_idx(dir.file("img.gz"));
  CHECK(raw.dims == std::vector<int64_t>{2, 3, 4});
  CHECK(raw.values == pixels);
  check_idx_dataset(load_idx_dataset(dir.file("img"), dir.file("lab")), pixels);
  check_idx_dataset(load_idx_dataset(dir.file("img.gz"), dir.file("lab.gz")), pixels);
}

TEST_CASE("IDX rank-4 images are channels-last and become NCHW") {
  TempDir dir("data_idx");
  // One 1x2 image with 3 channels: pixel 0 = (1, 2, 3), pixel 1 = (4, 5, 6).
  write_plain(dir.file("img"), idx_bytes({1, 1, 2, 3}, {1, 2, 3, 4, 5, 6}));
  write_plain(dir.file("lab"), idx_bytes({1}, {0}));
  Dataset ds = load_idx_dataset(dir.file("img"), dir.file("lab"));
  REQUIRE(ds.images.shape() == Shape{1, 3, 1, 2});
  std::vector<float> got = ds.images.to_floats();
  const float expected[] = {1, 4, 2, 5, 3, 6};
  for (int i = 0; i < 6; ++i) CHECK(got[i] * 255.0f == doctest::Approx(expected[i]));
}

TEST_CASE("malformed IDX files fail with one line naming the file") {
  TempDir dir("data_idx");
  auto fails = [&](const std::string& name, const Bytes& bytes, const char* why) {
    CAPTURE(name);
    write_plain(dir.file(name), bytes);
    CHECK_THROWS_WITH_AS(read_idx(dir.file(name)), doctest::Contains(why), UserError);
    CHECK_THROWS_WITH_AS(read_idx(dir.file(name)), doctest::Contains(dir.file(name).c_str()),
                         UserError);
  };
  Bytes good = idx_bytes({2, 2}, {1, 2, 3, 4});
  Bytes bad_magic = good;
  bad_magic[0] = 0x1f + 1;
  fails("magic", bad_magic, "two zero bytes");
  Bytes f32_type = good;
  f32_type[2] = 0x0D;
  fails("type", f32_type, "0xd is not supported");
  Bytes rank0 = good;
  rank0[3] = 0;
  fails("rank", rank0, "rank must be 1 to 4");
  fails("short", {0, 0}, "shorter than its 4-byte magic");
  fails("header", Bytes(good.begin(), good.begin() + 6), "header ends inside dimension 0");
  fails("truncated", Bytes(good.begin(), good.end() - 1),
        "truncated (header says 4 bytes, found 3)");
  Bytes trailing = good;
  trailing.push_back(9);
  fails("trailing", trailing, "bytes after the 4");
  fails("zero_dim", idx_bytes({2, 0}, {}), "dimension 1 is zero");

  // A gzip stream cut short is a decompression error, not silently short data.
  write_gzip(dir.file("full.gz"), idx_bytes({64, 64}, iota_bytes(4096, 7)));
  std::ifstream in(dir.file("full.gz"), std::ios::binary);
  Bytes gz((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Bytes cut(gz.begin(), gz.begin() + gz.size() / 2);
  write_plain(dir.file("cut.gz"), cut);
  CHECK_THROWS_WITH_AS(read_idx(dir.file("cut.gz")), doctest::Contains(dir.file("cut.gz").c_str()),
                       UserError);

  CHECK_THROWS_WITH_AS(read_idx(dir.file("absent")), doctest::Contains("cannot open"), UserError);
}

TEST_CASE("IDX image and label files must agree") {
  TempDir dir("data_idx");
  write_plain(dir.file("img"), idx_bytes({2, 2, 2}, iota_bytes(8, 1)));
  write_plain(dir.file("lab3"), idx_bytes({3}, {0, 1, 2}));
  write_plain(dir.file("lab2"), idx_bytes({2}, {0, 5}));
  CHECK_THROWS_WITH_AS(load_idx_dataset(dir.file("img"), dir.file("lab3")),
                       doctest::Contains("3 labels for 2 images"), UserError);
  CHECK_THROWS_WITH_AS(load_idx_dataset(dir.file("img"), dir.file("lab2"), {"a", "b"}),
                       doctest::Contains("label 5 is outside the 2 classes"), UserError);
  CHECK_THROWS_WITH_AS(load_idx_dataset(dir.file("lab2"), dir.file("lab2")),
                       doctest::Contains("must be [N, H, W]"), UserError);
}

TEST_CASE("an IDX folder is found by MNIST naming, gzip or plain") {
  TempDir dir("data_idx");
  write_gzip(dir.file("train-images-idx3-ubyte.gz"), idx_bytes({2, 3, 4}, iota_bytes(24, 11)));
  write_plain(dir.file("train-labels-idx1-ubyte"), idx_bytes({2}, {2, 0}));
  check_idx_dataset(load_dataset("idx:" + dir.path.string(), Split::Train), iota_bytes(24, 11));
  CHECK_THROWS_WITH_AS(load_dataset("idx:" + dir.path.string(), Split::Test),
                       doctest::Contains("t10k-images-idx3-ubyte"), UserError);
  CHECK_THROWS_WITH_AS(load_fashion_mnist(Split::Train, dir.file("nowhere")),
                       doctest::Contains("install the Debian package dataset-fashion-mnist"),
                       UserError);
  CHECK_THROWS_WITH_AS(load_dataset("mnist", Split::Train), doctest::Contains("is not one of"),
                       UserError);
}

TEST_CASE("the real Fashion-MNIST: 60000 train and 10000 test images, 28x28, 10 balanced classes") {
  if (!std::filesystem::exists(kFashionMnistDir)) {
    MESSAGE("skipped: ", kFashionMnistDir, " is absent (install dataset-fashion-mnist)");
    return;
  }
  for (Split split : {Split::Train, Split::Test}) {
    const auto start = std::chrono::steady_clock::now();
    Dataset ds = load_dataset(kDefaultDataset, split);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    MESSAGE(ds.source, ": ", ds.size(), " images loaded in ", seconds, " s");
    const int64_t n = split == Split::Train ? 60000 : 10000;
    CHECK(ds.images.shape() == Shape{n, 1, 28, 28});
    CHECK(ds.num_classes() == 10);
    CHECK(ds.class_names[9] == "Ankle boot");
    for (const auto& members : ds.indices_by_class()) CHECK(int64_t(members.size()) == n / 10);
    const float* p = ds.images.data<float>();
    float lo = 1, hi = 0;
    for (int64_t i = 0; i < ds.images.numel(); ++i)
      lo = std::min(lo, p[i]), hi = std::max(hi, p[i]);
    CHECK(lo == 0.0f);
    CHECK(hi == 1.0f);
    ds.validate();
  }
}
