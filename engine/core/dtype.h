// Element types. f32 is the working type everywhere; f64 exists on the CPU for gradchecks.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/core/error.h"

namespace phantom {

enum class DType : uint8_t { F32, F64 };

inline size_t dtype_size(DType t) {
  switch (t) {
    case DType::F32:
      return 4;
    case DType::F64:
      return 8;
  }
  return 0;
}

inline std::string_view dtype_name(DType t) {
  switch (t) {
    case DType::F32:
      return "f32";
    case DType::F64:
      return "f64";
  }
  return "?";
}

template <class T>
constexpr DType dtype_of();
template <>
constexpr DType dtype_of<float>() {
  return DType::F32;
}
template <>
constexpr DType dtype_of<double>() {
  return DType::F64;
}

// Calls fn.template operator()<T>() with T the C++ type of `t`.
template <class Fn>
decltype(auto) dispatch_float(DType t, Fn&& fn) {
  switch (t) {
    case DType::F32:
      return fn.template operator()<float>();
    case DType::F64:
      return fn.template operator()<double>();
  }
  PHANTOM_CHECK(false, "unknown dtype");
  return fn.template operator()<float>();
}

}  // namespace phantom
