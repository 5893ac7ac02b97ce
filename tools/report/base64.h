// Base64 (RFC 4648, with padding): images embedded in the self-contained HTML report as data URIs.
#pragma once
#include <string>
#include <string_view>

namespace phantom::report {

std::string base64_encode(std::string_view bytes);

}  // namespace phantom::report
