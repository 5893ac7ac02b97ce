#include "engine/core/device.h"

#include "engine/core/error.h"

namespace phantom {

Device parse_device(const std::string& text, const std::string& flag) {
  if (text == "cpu") return Device::cpu();
  if (text == "cuda") return Device::cuda(0);
  if (text.rfind("cuda:", 0) == 0) {
    std::string idx = text.substr(5);
    bool digits = !idx.empty() && idx.find_first_not_of("0123456789") == std::string::npos;
    PHANTOM_REQUIRE(digits, flag, ": expected cpu, cuda or cuda:N, found '", text, "'");
    return Device::cuda(std::stoi(idx));
  }
  throw UserError(detail::concat(flag, ": expected cpu, cuda or cuda:N, found '", text, "'"));
}

}  // namespace phantom
