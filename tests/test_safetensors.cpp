// safetensors reading and writing, and the atomic file writes underneath: round trips, the dtypes
// we convert on reading (from hand-built bytes with known values), every malformed input the
// reader must reject, and the real reference fixtures.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>

#include "engine/io/atomic_file.h"
#include "engine/io/safetensors.h"

using namespace phantom;
namespace fs = std::filesystem;

namespace {

// A fresh directory for one test case, removed with everything in it afterwards.
struct ScratchDir {
  fs::path path;
  ScratchDir() {
    std::random_device entropy;
    path = fs::temp_directory_path() / ("phantom_io_test_" + std::to_string(entropy()));
    fs::create_directories(path);
  }
  ~ScratchDir() { fs::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
  size_t entries() const {
    return static_cast<size_t>(std::distance(fs::directory_iterator(path), {}));
  }
};

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

template <class T>
void append(std::vector<uint8_t>& out, T value) {
  size_t at = out.size();
  out.resize(at + sizeof(T));
  std::memcpy(out.data() + at, &value, sizeof(T));
}

// A file from a header text and a data section, with the header length written honestly.
std::vector<uint8_t> make_file(const std::string& header, const std::vector<uint8_t>& data = {}) {
  // Sized up front: GCC 12 mistakes chained inserts here for overflows (-Warray-bounds).
  std::vector<uint8_t> out(8 + header.size() + data.size());
  uint64_t header_bytes = header.size();
  std::memcpy(out.data(), &header_bytes, 8);
  std::copy(header.begin(), header.end(), out.begin() + 8);
  std::copy(data.begin(), data.end(), out.begin() + 8 + static_cast<ptrdiff_t>(header.size()));
  return out;
}

SafetensorsFile parse(const std::vector<uint8_t>& bytes) {
  return parse_safetensors(bytes.data(), bytes.size(), "buf.safetensors");
}

// The reader's error for `bytes`; fails the test if it accepts them.
std::string error_for(const std::vector<uint8_t>& bytes) {
  try {
    parse(bytes);
  } catch (const UserError& e) {
    return e.what();
  }
  FAIL_CHECK("malformed input was accepted");
  return {};
}

uint32_t bits(float f) {
  return std::bit_cast<uint32_t>(f);
}

void check_same(const Tensor& a, const Tensor& b) {
  CHECK(a.dtype() == b.dtype());
  CHECK(a.shape() == b.shape());
  REQUIRE(a.nbytes() == b.nbytes());
  CHECK(std::memcmp(a.raw_data(), b.raw_data(), a.nbytes()) == 0);
}

std::string fixture(const std::string& name) {
  return std::string(PHANTOM_SOURCE_DIR) + "/../shared/fixtures/" + name;
}

}  // namespace

TEST_CASE("safetensors round trip keeps every tensor and the metadata bit for bit") {
  ScratchDir dir;
  std::map<std::string, Tensor> tensors{
      {"b.weight", Tensor::from_vector({1.5, -2.25, 3e-40, 7, 8, 9}, {2, 3})},  // f32 subnormal
      {"a.odd_f64", Tensor::from_vector({0.1, -1e300, 5e-324}, {3}, DType::F64)},
      {"c.scalar", Tensor::scalar(0.3125)},
      {"d.scalar_f64", Tensor::scalar(-4.5, DType::F64)},
      {"e.empty", Tensor::zeros({0, 4})},
      {"f.odd_f32", Tensor::from_vector({1, 2, 3}, {3, 1})},
      {"g.nan_inf", Tensor::from_vector({std::nan(""), -INFINITY}, {2})}};
  std::map<std::string, std::string> metadata{{"format", "pt"}, {"config", "{\"seed\": 7}"}};
  std::string path = dir.file("model.safetensors");
  write_safetensors(path, tensors, metadata);
  CHECK(dir.entries() == 1);  // no temporary file left behind

  SafetensorsFile back = read_safetensors(path);
  CHECK(back.metadata == metadata);
  REQUIRE(back.tensors.size() == tensors.size());
  for (const auto& named : tensors) {  // not a structured binding: clang 14 cannot capture one
    CAPTURE(named.first);
    REQUIRE(back.tensors.count(named.first) == 1);
    check_same(back.tensors.at(named.first), named.second);
  }

  // Layout: the data section starts 8-aligned and each tensor is aligned to its element size.
  std::vector<uint8_t> bytes = read_bytes(path);
  uint64_t header_bytes;
  std::memcpy(&header_bytes, bytes.data(), 8);
  CHECK((8 + header_bytes) % 8 == 0);
  auto header = nlohmann::json::parse(bytes.begin() + 8, bytes.begin() + 8 + header_bytes);
  for (const auto& item : header.items()) {
    if (item.key() == "__metadata__") continue;
    uint64_t begin = item.value()["data_offsets"][0];
    CHECK_MESSAGE(begin % (item.value()["dtype"] == "F64" ? 8 : 4) == 0, item.key(), " at ", begin);
  }
}

TEST_CASE("write_safetensors replaces a file atomically and refuses bad input without a trace") {
  ScratchDir dir;
  std::string path = dir.file("w.safetensors");
  write_safetensors(path, {{"x", Tensor::scalar(1)}});
  write_safetensors(path, {{"y", Tensor::scalar(2)}});
  SafetensorsFile back = read_safetensors(path);
  CHECK(back.tensors.count("x") == 0);
  CHECK(back.tensors.at("y").item() == 2);
  CHECK(back.metadata.empty());

  CHECK_THROWS_WITH_AS(write_safetensors(dir.file("m"), {{"__metadata__", Tensor::scalar(1)}}),
                       doctest::Contains("reserved"), UserError);
  CHECK_THROWS_WITH_AS(write_safetensors(dir.file("no/such/dir/f"), {}),
                       doctest::Contains("no/such/dir/f"), UserError);
  CHECK_THROWS_WITH_AS(
      write_safetensors(dir.file("u"), {{"x", Tensor::scalar(1)}}, {{"k", std::string("\xff")}}),
      doctest::Contains("UTF-8"), UserError);
  CHECK(dir.entries() == 1);
}

TEST_CASE("AtomicFile leaves the old file untouched until commit and nothing when abandoned") {
  ScratchDir dir;
  std::string path = dir.file("out.txt");
  write_file_atomically(path, "old");
  {
    AtomicFile file(path);
    file.write("new contents");
    CHECK(read_bytes(path) == std::vector<uint8_t>{'o', 'l', 'd'});
    CHECK(dir.entries() == 2);  // the file and the temporary
  }                             // abandoned: no commit
  CHECK(read_bytes(path) == std::vector<uint8_t>{'o', 'l', 'd'});
  CHECK(dir.entries() == 1);

  write_file_atomically(path, "new");
  CHECK(read_bytes(path) == std::vector<uint8_t>{'n', 'e', 'w'});
  CHECK(dir.entries() == 1);

  // Renaming over a directory fails: the error names the path and the temporary is removed.
  fs::create_directory(dir.file("a_dir"));
  fs::create_directory(dir.file("a_dir/inside"));
  CHECK_THROWS_WITH_AS(write_file_atomically(dir.file("a_dir"), "x"),
                       doctest::Contains(dir.file("a_dir").c_str()), UserError);
  CHECK(dir.entries() == 2);
}

TEST_CASE("safetensors reads F16 exactly, including subnormals, infinities and NaN") {
  // bits -> value: 1, -2, smallest subnormal 2^-24, largest subnormal, smallest normal 2^-14,
  // max 65504, 1/3 rounded, +inf, -inf, -0, NaN.
  std::vector<uint16_t> halves{0x3C00, 0xC000, 0x0001, 0x03FF, 0x0400, 0x7BFF,
                               0x3555, 0x7C00, 0xFC00, 0x8000, 0x7E00};
  std::vector<float> expected{1.0f,
                              -2.0f,
                              std::ldexp(1.0f, -24),
                              std::ldexp(1023.0f, -24),
                              std::ldexp(1.0f, -14),
                              65504.0f,
                              0.333251953125f,
                              INFINITY,
                              -INFINITY,
                              -0.0f};
  std::vector<uint8_t> data;
  for (uint16_t h : halves) append(data, h);
  auto file = parse(make_file(R"({"h":{"dtype":"F16","shape":[11],"data_offsets":[0,22]}})", data));
  Tensor h = file.tensors.at("h");
  REQUIRE(h.dtype() == DType::F32);
  REQUIRE(h.shape() == Shape{11});
  for (size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(bits(h.data<float>()[i]) == bits(expected[i]));  // exact, sign of zero included
  }
  CHECK(std::isnan(h.data<float>()[10]));
}

TEST_CASE("safetensors reads BF16 as the top half of a float") {
  std::vector<uint16_t> halves{0x3F80, 0xC040, 0x7F80, 0x0001, 0x7FC1};
  std::vector<uint8_t> data;
  for (uint16_t h : halves) append(data, h);
  auto file = parse(make_file(R"({"b":{"dtype":"BF16","shape":[5],"data_offsets":[0,10]}})", data));
  const float* b = file.tensors.at("b").data<float>();
  CHECK(b[0] == 1.0f);
  CHECK(b[1] == -3.0f);
  CHECK(b[2] == INFINITY);
  CHECK(b[3] == std::ldexp(1.0f, -133));  // a float subnormal
  CHECK(bits(b[4]) == 0x7FC10000u);       // NaN payload kept
}

TEST_CASE("safetensors reads I64 as f64, 0-dimensional tensors and empty tensors") {
  std::vector<uint8_t> data;
  for (int64_t v : {int64_t{42}, int64_t{-5}, int64_t{0}, int64_t{1} << 53}) append(data, v);
  append(data, 2.5f);
  auto file = parse(make_file(R"({"__metadata__":{"format":"pt"},
      "count":{"dtype":"I64","shape":[],"data_offsets":[0,8]},
      "labels":{"dtype":"I64","shape":[3],"data_offsets":[8,32]},
      "s":{"dtype":"F32","shape":[],"data_offsets":[32,36]},
      "none":{"dtype":"F64","shape":[2,0,3],"data_offsets":[36,36]},
      "none2":{"dtype":"F16","shape":[0],"data_offsets":[36,36]}})",
                              data));
  Tensor count = file.tensors.at("count");
  CHECK(count.dtype() == DType::F64);
  CHECK(count.dim() == 0);
  CHECK(count.item() == 42);
  CHECK(file.tensors.at("labels").to_vector() == std::vector<double>{-5, 0, 9007199254740992.0});
  CHECK(file.tensors.at("s").item() == 2.5);
  CHECK(file.tensors.at("none").shape() == Shape{2, 0, 3});
  CHECK(file.tensors.at("none2").numel() == 0);
  CHECK(file.metadata.at("format") == "pt");
}

TEST_CASE("safetensors rejects each malformed input with a one-line error naming the problem") {
  auto f32_2 = std::vector<uint8_t>(8, 0);
  auto entry = [](const std::string& body) { return "{\"t\":{" + body + "}}"; };
  const std::string ok_offsets = R"("data_offsets":[0,8])";
  std::vector<uint8_t> huge_header, lying_header, too_big_i64;
  append<uint64_t>(huge_header, uint64_t{1} << 40);
  append<uint64_t>(lying_header, 1000);
  lying_header.resize(20, ' ');
  append<int64_t>(too_big_i64, (int64_t{1} << 53) + 1);

  struct Case {
    const char* problem;
    std::vector<uint8_t> bytes;
    const char* expected;
  };
  std::vector<Case> cases{
      {"short file", {1, 2, 3, 4, 5}, "too short"},
      {"empty file", {}, "too short"},
      {"header length beyond the cap", huge_header, "exceeds the limit"},
      {"header length beyond the file", lying_header, "larger than the 12 bytes"},
      {"empty header", make_file(""), "not a JSON object"},
      {"header an array", make_file("[1, 2]"), "not a JSON object"},
      {"invalid JSON", make_file("{\"t\": nope}"), "not valid JSON"},
      {"truncated JSON", make_file("{\"t\": {"), "not valid JSON"},
      {"number beyond double (found by fuzzing)", make_file("{\"t\": 1e999}"), "out of range"},
      {"entry not an object", make_file("{\"t\": 3}"), "not an object"},
      {"missing dtype", make_file(entry(R"("shape":[2],)" + ok_offsets), f32_2), "no \"dtype\""},
      {"missing shape", make_file(entry(R"("dtype":"F32",)" + ok_offsets), f32_2), "no \"shape\""},
      {"missing data_offsets", make_file(entry(R"("dtype":"F32","shape":[2])"), f32_2),
       "no \"data_offsets\""},
      {"dtype not a string", make_file(entry(R"("dtype":4,"shape":[2],)" + ok_offsets), f32_2),
       "dtype that is not a string"},
      {"unknown dtype", make_file(entry(R"("dtype":"I32","shape":[2],)" + ok_offsets), f32_2),
       "unsupported dtype \"I32\""},
      {"shape not an array", make_file(entry(R"("dtype":"F32","shape":2,)" + ok_offsets), f32_2),
       "shape that is not an array"},
      {"negative size", make_file(entry(R"("dtype":"F32","shape":[-2],)" + ok_offsets), f32_2),
       "negative value -2"},
      {"fractional size", make_file(entry(R"("dtype":"F32","shape":[2.0],)" + ok_offsets), f32_2),
       "non-integer"},
      {"size beyond int64",
       make_file(entry(R"("dtype":"F32","shape":[9223372036854775808],)" + ok_offsets), f32_2),
       "too large"},
      {"numel overflow",
       make_file(entry(R"("dtype":"F32","shape":[0,4294967296,4294967296],"data_offsets":[0,0])")),
       "too large"},
      {"bytes overflow",
       make_file(entry(R"("dtype":"F64","shape":[4611686018427387904],)" + ok_offsets), f32_2),
       "too large"},
      {"offsets not a pair",
       make_file(entry(R"("dtype":"F32","shape":[2],"data_offsets":[8])"), f32_2),
       "not a [begin, end] pair"},
      {"offset not an integer",
       make_file(entry(R"("dtype":"F32","shape":[2],"data_offsets":[0,"8"])"), f32_2),
       "non-integer string"},
      {"begin after end",
       make_file(entry(R"("dtype":"F32","shape":[2],"data_offsets":[8,0])"), f32_2),
       "begin after end"},
      {"end beyond data",
       make_file(entry(R"("dtype":"F32","shape":[4],"data_offsets":[0,16])"), f32_2),
       "outside the data section of 8 bytes"},
      {"byte size mismatch",
       make_file(entry(R"("dtype":"F32","shape":[3],"data_offsets":[0,8])"), f32_2),
       "has 8 bytes but F32[3] needs 12"},
      {"unexpected field",
       make_file(entry(R"("dtype":"F32","shape":[2],"strides":[1],)" + ok_offsets), f32_2),
       "unexpected field \"strides\""},
      {"overlap",
       make_file(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},
                    "b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                 std::vector<uint8_t>(12)),
       "overlap tensor \"a\""},
      {"hole",
       make_file(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},
                             "b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
                 std::vector<uint8_t>(12)),
       "bytes [4, 8) belong to no tensor"},
      {"trailing bytes",
       make_file(entry(R"("dtype":"F32","shape":[1],"data_offsets":[0,4])"), f32_2),
       "bytes [4, 8) belong to no tensor"},
      {"duplicate name",
       make_file(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},
                    "a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                 f32_2),
       "names \"a\" twice"},
      {"deep nesting", make_file(entry(R"("dtype":"F32","shape":[[[[2]]]],)" + ok_offsets), f32_2),
       "nested deeper"},
      {"metadata not an object", make_file(R"({"__metadata__":["x"]})"), "not an object"},
      {"metadata value not a string", make_file(R"({"__metadata__":{"epoch":3}})"),
       "value for \"epoch\" is a number, not a string"},
      {"I64 beyond 2^53",
       make_file(entry(R"("dtype":"I64","shape":[],)" + ok_offsets), too_big_i64), "beyond 2^53"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.problem);
    std::string message = error_for(c.bytes);
    CHECK_MESSAGE(message.find(c.expected) != std::string::npos, message);
    CHECK(message.rfind("buf.safetensors: ", 0) == 0);
    CHECK(message.find('\n') == std::string::npos);
  }
}

TEST_CASE("read_safetensors names the path when the file cannot be read") {
  ScratchDir dir;
  CHECK_THROWS_WITH_AS(read_safetensors(dir.file("missing.safetensors")),
                       doctest::Contains("missing.safetensors"), UserError);
  CHECK_THROWS_WITH_AS(read_safetensors(dir.path.string()), doctest::Contains("not a regular file"),
                       UserError);
  write_file_atomically(dir.file("empty"), "");
  CHECK_THROWS_WITH_AS(read_safetensors(dir.file("empty")), doctest::Contains("too short"),
                       UserError);
}

TEST_CASE("safetensors reads the reference fixtures, I64 buffers and 0-d tensors included") {
  std::string resnet = fixture("resnet18_w16.safetensors");
  if (!fs::exists(resnet)) {
    MESSAGE("skipped: ", resnet, " is absent");
    return;
  }
  SafetensorsFile file = read_safetensors(resnet);
  CHECK(file.tensors.size() == 210);  // 170 F32 + 40 I64 (see shared/reference/fixtures.md)
  CHECK(file.metadata.at("format") == "torchvision-resnet-fixture-v1");
  CHECK(nlohmann::json::parse(file.metadata.at("config"))["arch"] == "resnet18");
  CHECK(file.tensors.at("conv1.weight").shape() == Shape{16, 3, 7, 7});
  CHECK(file.tensors.at("fc.weight").shape() == Shape{10, 128});
  Tensor tracked = file.tensors.at("bn1.num_batches_tracked");
  CHECK(tracked.dtype() == DType::F64);
  CHECK(tracked.dim() == 0);
  CHECK(tracked.item() == 0);

  // What we write, we read back unchanged (the I64 buffers come back as F64).
  ScratchDir dir;
  write_safetensors(dir.file("copy.safetensors"), file.tensors, file.metadata);
  SafetensorsFile copy = read_safetensors(dir.file("copy.safetensors"));
  CHECK(copy.metadata == file.metadata);
  REQUIRE(copy.tensors.size() == file.tensors.size());
  for (const auto& [name, t] : file.tensors) check_same(copy.tensors.at(name), t);

  std::string stylegan = fixture("sg2_tiny_cond.safetensors");
  if (fs::exists(stylegan)) {
    SafetensorsFile g = read_safetensors(stylegan);
    CHECK(g.tensors.at("synthesis.b4.conv1.noise_strength").dim() == 0);
    CHECK(g.tensors.at("output.loss").dim() == 0);
    CHECK(g.metadata.count("generator_kwargs") == 1);
  }
}
