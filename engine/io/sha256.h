// SHA-256 (FIPS 180-4) of bytes and of files, as lowercase hex: run manifests record the hash of
// every weight file they used (comparable with `sha256sum`), and cached results are keyed by the
// hash of their configuration.
#pragma once
#include <string>
#include <string_view>

namespace phantom::io {

std::string sha256_hex(std::string_view bytes);
// Reads the file in chunks; a missing or unreadable file is a UserError naming it.
std::string sha256_file_hex(const std::string& path);

}  // namespace phantom::io
