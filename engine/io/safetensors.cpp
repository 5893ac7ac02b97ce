#include "engine/io/safetensors.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>
#include <vector>

#include "engine/io/atomic_file.h"

namespace phantom {

static_assert(std::endian::native == std::endian::little,
              "safetensors data is little-endian and is copied as is");

namespace {

using nlohmann::json;

// The dtypes a file may hold (what we read), and their byte sizes.
enum class Stored : uint8_t { F32, F64, F16, BF16, I64 };

struct StoredInfo {
  Stored dtype;
  const char* name;
  uint64_t size;
};
constexpr StoredInfo kStored[] = {{Stored::F32, "F32", 4},
                                  {Stored::F64, "F64", 8},
                                  {Stored::F16, "F16", 2},
                                  {Stored::BF16, "BF16", 2},
                                  {Stored::I64, "I64", 8}};

struct Entry {
  std::string name;
  StoredInfo dtype;
  Shape shape;
  uint64_t begin = 0, end = 0;  // byte range within the data section
};

// Every error names the file; `quoted` makes a tensor or key name printable on one line.
class Problems {
 public:
  explicit Problems(const std::string& what) : what_(what) {}
  template <class... Parts>
  [[noreturn]] void fail(const Parts&... parts) const {
    throw UserError(detail::concat(what_, ": ", parts...));
  }

 private:
  const std::string& what_;
};

std::string quoted(const std::string& name) {
  return json(name).dump();
}

template <class T>
T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);  // the data section guarantees no alignment
  return v;
}

// IEEE half -> float, exact: normals rebias the exponent, subnormals are mant * 2^-24 (exact in
// float), and inf/nan keep their payload.
float f16_to_float(uint16_t h) {
  uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  uint32_t exponent = (h >> 10) & 0x1Fu;
  uint32_t mantissa = h & 0x3FFu;
  if (exponent == 0) {
    float magnitude = std::ldexp(static_cast<float>(mantissa), -24);
    return sign ? -magnitude : magnitude;
  }
  uint32_t float_exponent = exponent == 0x1F ? 0xFFu : exponent + (127 - 15);
  return std::bit_cast<float>(sign | (float_exponent << 23) | (mantissa << 13));
}

// bfloat16 is the top half of a float.
float bf16_to_float(uint16_t h) {
  return std::bit_cast<float>(static_cast<uint32_t>(h) << 16);
}

const json& require_field(const Problems& p, const std::string& name, const json& entry,
                          const char* field) {
  auto it = entry.find(field);
  if (it == entry.end()) p.fail("tensor ", quoted(name), " has no \"", field, "\"");
  return *it;
}

uint64_t non_negative_integer(const Problems& p, const std::string& name, const char* field,
                              const json& v) {
  if (v.is_number_integer() && !v.is_number_unsigned())
    p.fail("tensor ", quoted(name), " has a negative value ", v.get<int64_t>(), " in \"", field,
           "\"");
  if (!v.is_number_unsigned())
    p.fail("tensor ", quoted(name), " has a non-integer ", v.type_name(), " in \"", field, "\"");
  return v.get<uint64_t>();
}

StoredInfo parse_dtype(const Problems& p, const std::string& name, const json& v) {
  if (!v.is_string()) p.fail("tensor ", quoted(name), " has a dtype that is not a string");
  const std::string& text = v.get_ref<const std::string&>();
  for (const StoredInfo& info : kStored)
    if (text == info.name) return info;
  p.fail("tensor ", quoted(name), " has unsupported dtype ", quoted(text),
         " (supported: F32, F64, F16, BF16, I64)");
}

// The shape, checked so that every product of its sizes (numel, strides) fits in int64.
Shape parse_shape(const Problems& p, const std::string& name, const json& v) {
  if (!v.is_array()) p.fail("tensor ", quoted(name), " has a shape that is not an array");
  Shape shape;
  int64_t nonzero_product = 1;
  for (const json& size : v) {
    uint64_t s = non_negative_integer(p, name, "shape", size);
    if (s > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) ||
        __builtin_mul_overflow(nonzero_product, std::max<int64_t>(static_cast<int64_t>(s), 1),
                               &nonzero_product))
      p.fail("tensor ", quoted(name), " has a shape ", v.dump(), " too large for 64-bit sizes");
    shape.push_back(static_cast<int64_t>(s));
  }
  return shape;
}

Entry parse_entry(const Problems& p, const std::string& name, const json& j, uint64_t data_size) {
  if (!j.is_object())
    p.fail("tensor ", quoted(name), " is described by a ", j.type_name(), ", not an object");
  for (const auto& [key, value] : j.items())
    if (key != "dtype" && key != "shape" && key != "data_offsets")
      p.fail("tensor ", quoted(name), " has an unexpected field ", quoted(key));
  Entry e{name, parse_dtype(p, name, require_field(p, name, j, "dtype")),
          parse_shape(p, name, require_field(p, name, j, "shape"))};

  const json& offsets = require_field(p, name, j, "data_offsets");
  if (!offsets.is_array() || offsets.size() != 2)
    p.fail("tensor ", quoted(name), " has \"data_offsets\" that are not a [begin, end] pair");
  e.begin = non_negative_integer(p, name, "data_offsets", offsets[0]);
  e.end = non_negative_integer(p, name, "data_offsets", offsets[1]);
  if (e.begin > e.end)
    p.fail("tensor ", quoted(name), " has data_offsets [", e.begin, ", ", e.end,
           "] with begin after end");
  if (e.end > data_size)
    p.fail("tensor ", quoted(name), " has data_offsets [", e.begin, ", ", e.end,
           "] outside the data section of ", data_size, " bytes");

  uint64_t expected_bytes;
  if (__builtin_mul_overflow(static_cast<uint64_t>(numel(e.shape)), e.dtype.size, &expected_bytes))
    p.fail("tensor ", quoted(name), " of shape ", shape_str(e.shape), " is too large");
  if (e.end - e.begin != expected_bytes)
    p.fail("tensor ", quoted(name), " has ", e.end - e.begin, " bytes but ", e.dtype.name,
           shape_str(e.shape), " needs ", expected_bytes);
  return e;
}

std::map<std::string, std::string> parse_metadata(const Problems& p, const json& j) {
  if (!j.is_object()) p.fail("\"__metadata__\" is a ", j.type_name(), ", not an object");
  std::map<std::string, std::string> metadata;
  for (const auto& [key, value] : j.items()) {
    if (!value.is_string())
      p.fail("\"__metadata__\" value for ", quoted(key), " is a ", value.type_name(),
             ", not a string");
    metadata[key] = value.get<std::string>();
  }
  return metadata;
}

// The spec demands that tensors tile the data section exactly: no overlaps (one byte read as two
// tensors) and no holes (room to hide other content in the file).
void require_exact_tiling(const Problems& p, std::vector<Entry> entries, uint64_t data_size) {
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.begin, a.end) < std::tie(b.begin, b.end);
  });
  uint64_t covered = 0;
  const Entry* previous = nullptr;
  for (const Entry& e : entries) {
    if (e.begin < covered)
      p.fail("tensor ", quoted(e.name), " bytes [", e.begin, ", ", e.end, ") overlap tensor ",
             quoted(previous->name), " bytes [", previous->begin, ", ", previous->end, ")");
    if (e.begin > covered)
      p.fail("data section bytes [", covered, ", ", e.begin, ") belong to no tensor");
    covered = e.end;
    previous = &e;
  }
  if (covered != data_size)
    p.fail("data section bytes [", covered, ", ", data_size, ") belong to no tensor");
}

// Rejects duplicate names (JSON would silently keep one) and nesting deeper than a shape array
// (bounds the work a hostile header can cause).
json parse_header_json(const Problems& p, const uint8_t* begin, const uint8_t* end) {
  std::set<std::string> names;
  auto guard = [&](int depth, json::parse_event_t event, json& parsed) {
    if (depth > 3) p.fail("header is nested deeper than a safetensors header can be");
    if (event == json::parse_event_t::key && depth == 1 &&
        !names.insert(parsed.get<std::string>()).second)
      p.fail("header names ", parsed.dump(), " twice");
    return true;
  };
  try {
    return json::parse(begin, end, guard);
  } catch (const json::parse_error& e) {
    p.fail("header is not valid JSON (error at byte ", e.byte, " of the header)");
  } catch (const json::out_of_range&) {  // a number too large for a double, e.g. 1e999
    p.fail("header is not valid JSON (a number is out of range)");
  }
}

Tensor decode(const Problems& p, const Entry& e, const uint8_t* bytes) {
  int64_t n = numel(e.shape);
  switch (e.dtype.dtype) {
    case Stored::F32:
    case Stored::F64: {
      Tensor t = Tensor::empty(e.shape, e.dtype.dtype == Stored::F32 ? DType::F32 : DType::F64);
      if (n > 0) std::memcpy(t.raw_data(), bytes, e.end - e.begin);
      return t;
    }
    case Stored::F16:
    case Stored::BF16: {
      Tensor t = Tensor::empty(e.shape, DType::F32);
      float* out = t.data<float>();
      auto convert = e.dtype.dtype == Stored::F16 ? f16_to_float : bf16_to_float;
      for (int64_t i = 0; i < n; ++i) out[i] = convert(load<uint16_t>(bytes + 2 * i));
      return t;
    }
    case Stored::I64: {
      constexpr int64_t kExactLimit = int64_t{1} << 53;  // every integer up to here is a double
      Tensor t = Tensor::empty(e.shape, DType::F64);
      double* out = t.data<double>();
      for (int64_t i = 0; i < n; ++i) {
        int64_t v = load<int64_t>(bytes + 8 * i);
        if (v > kExactLimit || v < -kExactLimit)
          p.fail("tensor ", quoted(e.name), " holds I64 value ", v,
                 " beyond 2^53, which f64 cannot represent exactly");
        out[i] = static_cast<double>(v);
      }
      return t;
    }
  }
  PHANTOM_CHECK(false, "unknown stored dtype");
  return {};
}

// A read-only mapping of a whole file, unmapped when it goes out of scope.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw UserError("cannot open " + path + ": " + std::strerror(errno));
    struct Closer {
      int fd;
      ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat info;
    if (::fstat(fd, &info) != 0)
      throw UserError("cannot stat " + path + ": " + std::strerror(errno));
    if (!S_ISREG(info.st_mode)) throw UserError("cannot read " + path + ": not a regular file");
    if (info.st_size == 0) return;  // mmap refuses empty files; the parser reports them
    void* mapped =
        ::mmap(nullptr, static_cast<size_t>(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapped == MAP_FAILED) throw UserError("cannot map " + path + ": " + std::strerror(errno));
    data_ = static_cast<const uint8_t*>(mapped);
    size_ = static_cast<size_t>(info.st_size);
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<uint8_t*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

// The safetensors name of each dtype we write; a new DType fails to compile here until handled.
const char* stored_name(DType dtype) {
  switch (dtype) {
    case DType::F32:
      return "F32";
    case DType::F64:
      return "F64";
  }
  PHANTOM_CHECK(false, "unknown dtype");
  return "";
}

}  // namespace

SafetensorsFile parse_safetensors(const uint8_t* data, size_t size, const std::string& what) {
  Problems p(what);
  if (size < 8)
    p.fail("file is ", size,
           " bytes, too short for the 8-byte header length of a safetensors file");
  uint64_t header_bytes = load<uint64_t>(data);
  if (header_bytes > kMaxSafetensorsHeaderBytes)
    p.fail("header length ", header_bytes, " exceeds the limit of ", kMaxSafetensorsHeaderBytes,
           " bytes");
  if (header_bytes > size - 8)
    p.fail("header length ", header_bytes, " is larger than the ", size - 8,
           " bytes that follow it");
  const uint8_t* header = data + 8;
  // The spec demands the '{'; with it, any valid JSON header is an object.
  if (header_bytes == 0 || header[0] != '{')
    p.fail("header is not a JSON object (it must start with '{')");
  json j = parse_header_json(p, header, header + header_bytes);
  PHANTOM_CHECK(j.is_object(), "a JSON text starting with '{' parsed as ", j.type_name());

  const uint8_t* section = header + header_bytes;
  uint64_t section_bytes = size - 8 - header_bytes;
  SafetensorsFile file;
  std::vector<Entry> entries;
  for (const auto& [name, value] : j.items()) {
    if (name == "__metadata__")
      file.metadata = parse_metadata(p, value);
    else
      entries.push_back(parse_entry(p, name, value, section_bytes));
  }
  require_exact_tiling(p, entries, section_bytes);
  for (const Entry& e : entries) file.tensors.emplace(e.name, decode(p, e, section + e.begin));
  return file;
}

SafetensorsFile read_safetensors(const std::string& path) {
  MappedFile file(path);
  return parse_safetensors(file.data(), file.size(), path);
}

void write_safetensors(const std::string& path, const std::map<std::string, Tensor>& tensors,
                       const std::map<std::string, std::string>& metadata) {
  std::vector<std::pair<const std::string*, Tensor>> layout;
  for (const auto& [name, tensor] : tensors) {
    PHANTOM_REQUIRE(name != "__metadata__", "cannot write ", path,
                    ": \"__metadata__\" is reserved and cannot name a tensor");
    PHANTOM_REQUIRE(tensor.defined(), "cannot write ", path, ": tensor ", name, " is undefined");
    layout.emplace_back(&name, tensor.device().is_cpu() ? tensor : tensor.to(Device::cpu()));
  }
  // Widest elements first: the data section starts 8-aligned, so every tensor stays aligned to
  // its element size with no padding.
  std::stable_sort(layout.begin(), layout.end(), [](const auto& a, const auto& b) {
    return dtype_size(a.second.dtype()) > dtype_size(b.second.dtype());
  });

  json header = json::object();
  uint64_t offset = 0;
  for (const auto& [name, tensor] : layout) {
    header[*name] = {{"dtype", stored_name(tensor.dtype())},
                     {"shape", tensor.shape()},
                     {"data_offsets", {offset, offset + tensor.nbytes()}}};
    offset += tensor.nbytes();
  }
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::string text;
  try {
    text = header.dump();
  } catch (const json::exception&) {
    throw UserError("cannot write " + path + ": tensor names and metadata must be valid UTF-8");
  }
  text.resize((text.size() + 7) / 8 * 8, ' ');  // pads the header so the data starts 8-aligned

  AtomicFile out(path);
  uint64_t header_bytes = text.size();
  out.write(&header_bytes, sizeof header_bytes);
  out.write(text);
  for (const auto& [name, tensor] : layout) out.write(tensor.raw_data(), tensor.nbytes());
  out.commit();
}

}  // namespace phantom
