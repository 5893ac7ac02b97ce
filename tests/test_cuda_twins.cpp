// The CUDA twin table names an existing kernel source for every op (runs on any machine).
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "engine/ops/cuda_twins.h"

using namespace phantom;

TEST_CASE("every op names a CUDA kernel source that exists") {
  for (size_t i = 0; i < kOpCount; ++i) {
    Op op = static_cast<Op>(i);
    std::string path = std::string(PHANTOM_SOURCE_DIR) + "/" + cuda_kernel_source(op);
    CHECK_MESSAGE(std::filesystem::exists(path), op_name(op), ": ", path, " does not exist");
  }
}
